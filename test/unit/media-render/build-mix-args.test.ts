import { describe, expect, it } from 'vitest';
import type { ProbeFacts } from '../../../shared/domain/media-facts.ts';
import { buildDuckExpression, buildItemChain, buildMixArgs, DUCK_STEP_SAMPLES, itemSeek, planAudioLanes } from '../../../shared/media/index.ts';
import type { AudioItem, AudioProgramme, SourceRef } from '../../../shared/media/render/render-spec.ts';

function ref(name: string, channels = 2): SourceRef {
  const facts: ProbeFacts = {
    demuxer: 'wav',
    formatName: 'wav',
    durationSeconds: 600,
    sizeBytes: 1,
    bitRate: null,
    audioStreams: 1,
    video: null,
    audio: { codec: 'pcm_s16le', sampleRate: 48000, channels, channelLayout: channels === 1 ? 'mono' : 'stereo' },
  };
  return { assetId: name, sha256: 'b'.repeat(64), key: `originals/${name}`, demuxer: 'wav', facts };
}

function item(change: Partial<AudioItem> = {}): AudioItem {
  return {
    role: 'clip',
    source: ref('a'),
    startSample: 0,
    durationSamples: 48_000,
    inSeconds: { num: 0, den: 1 },
    gainDb: 0,
    fadeInSamples: 0,
    fadeOutSamples: 0,
    ...change,
  };
}

/**
 * Evaluates the duck expression for one frame of the volume filter, the way ffmpeg would: the
 * subset it uses (st/ld, if, lt, clip, min, pow) in plain JavaScript.
 */
function evaluateDuck(expression: string, { consumed }: { consumed: number }): number {
  const n = consumed / DUCK_STEP_SAMPLES;
  const middle = /^st\(0,n\*(\d+)\+(\d+)\);/.exec(expression)!;
  const body = expression
    .slice(middle[0].length)
    .replaceAll('ld(0)', String(n * Number(middle[1]) + Number(middle[2])))
    .replaceAll('if(', 'iff(');
  const fn = new Function('iff', 'lt', 'clip', 'min', 'pow', `return ${body};`) as (...args: unknown[]) => number;
  return fn(
    (c: number, a: number, b: number) => (c ? a : b),
    (a: number, b: number) => (a < b ? 1 : 0),
    (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x)),
    Math.min,
    Math.pow,
  );
}

const dB = (gain: number) => 20 * Math.log10(gain);

describe('planAudioLanes', () => {
  it('puts items that follow each other in one lane and overlapping ones (a dissolve) in another', () => {
    const lanes = planAudioLanes({
      items: [
        item({ startSample: 0, durationSamples: 100 }),
        item({ startSample: 80, durationSamples: 100 }),
        item({ startSample: 100, durationSamples: 50 }),
        item({ startSample: 180, durationSamples: 10 }),
      ],
    });
    expect(lanes).toEqual([[0, 2, 3], [1]]);
  });

  it('keeps each lane in time order whatever the input order', () => {
    expect(planAudioLanes({ items: [item({ startSample: 500 }), item({ startSample: 0, durationSamples: 100 })] })).toEqual([[1, 0]]);
  });
});

describe('itemSeek', () => {
  it('seeks to the whole millisecond below the in point and trims the rest in samples', () => {
    // 1/3 s = 16 000 samples; the seek stops at 0.333 s = 15 984 samples, 16 are trimmed.
    expect(itemSeek({ item: { inSeconds: { num: 1, den: 3 } } })).toEqual({ seekSeconds: 0.333, trimSamples: 16 });
    expect(itemSeek({ item: { inSeconds: { num: 40 * 1001, den: 30000 } } })).toEqual({ seekSeconds: 1.334, trimSamples: 32 });
    expect(itemSeek({ item: { inSeconds: { num: 2, den: 1 } } })).toEqual({ seekSeconds: 2, trimSamples: 0 });
  });
});

describe('buildItemChain', () => {
  it('trims the item to its length in samples, renumbers, fades in samples, applies gain and pads to the next item', () => {
    const chain = buildItemChain({
      item: item({ inSeconds: { num: 1, den: 3 }, durationSamples: 96_000, fadeInSamples: 480, fadeOutSamples: 4800, gainDb: -6 }),
      input: '0:a:0',
      output: 'i0',
      channels: 2,
      padSamples: 1920,
    });
    expect(chain).toBe(
      '[0:a:0]pan=stereo|c0=c0|c1=c1,aresample=48000,aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo,' +
        'atrim=start_sample=16:end_sample=96016,asetpts=N/SR/TB,apad=whole_len=96000,' +
        'afade=t=in:ss=0:ns=480,afade=t=out:ss=91200:ns=4800,volume=-6dB,apad=whole_len=97920[i0]',
    );
  });

  it('sends a mono source to both channels at full level, and downmixes more than two', () => {
    expect(buildItemChain({ item: item(), input: '0:a:0', output: 'o', channels: 1, padSamples: 0 })).toContain('pan=stereo|c0=c0|c1=c0');
    expect(buildItemChain({ item: item(), input: '0:a:0', output: 'o', channels: 6, padSamples: 0 })).toContain('[0:a:0]aformat=channel_layouts=stereo,');
  });
});

describe('buildDuckExpression', () => {
  // Frames of 240 samples are evaluated at their middle sample (n × 240 + 120): the span is placed so
  // its ramps' midpoints fall on frame middles.
  const expression = buildDuckExpression({ duck: [{ startSample: 96_120, endSample: 192_120 }], duckDb: 12, rampSamples: 24_000 });

  it('leaves the music alone away from speech', () => {
    expect(evaluateDuck(expression, { consumed: 0 })).toBeCloseTo(1, 6);
    expect(evaluateDuck(expression, { consumed: 300_000 })).toBeCloseTo(1, 6);
  });

  it('lowers the music by duckDb under speech', () => {
    expect(dB(evaluateDuck(expression, { consumed: 96_000 }))).toBeCloseTo(-12, 1);
    expect(dB(evaluateDuck(expression, { consumed: 150_000 }))).toBeCloseTo(-12, 6);
  });

  it('ramps down before speech starts and up after it ends, linearly in dB', () => {
    // Halfway down the ramp that ends at the span's start: -6 dB.
    expect(dB(evaluateDuck(expression, { consumed: 84_000 }))).toBeCloseTo(-6, 6);
    expect(dB(evaluateDuck(expression, { consumed: 204_000 }))).toBeCloseTo(-6, 6);
  });

  it('stays down between spans closer than two ramps instead of pumping', () => {
    const close = buildDuckExpression({
      duck: [
        { startSample: 0, endSample: 48_000 },
        { startSample: 60_000, endSample: 100_000 },
      ],
      duckDb: 10,
      rampSamples: 24_000,
    });
    expect(dB(evaluateDuck(close, { consumed: 54_000 }))).toBeCloseTo(-10, 6);
  });

  it('gives the same envelope through its search tree when there are many spans', () => {
    const spans = Array.from({ length: 40 }, (_, i) => ({ startSample: i * 200_000 + 50_000, endSample: i * 200_000 + 150_000 }));
    const tree = buildDuckExpression({ duck: spans, duckDb: 9, rampSamples: 12_000 });
    expect(tree).toContain('if(lt(ld(0),');
    for (let consumed = 0; consumed < 8_000_000; consumed += 33 * DUCK_STEP_SAMPLES) {
      const expected = Math.min(
        1,
        spans.reduce((sum, span) => {
          const s = consumed + DUCK_STEP_SAMPLES / 2;
          const up = Math.min(1, Math.max(0, (s - (span.startSample - 12_000)) / 12_000));
          const down = Math.min(1, Math.max(0, (span.endSample + 12_000 - s) / 12_000));
          return sum + up * down;
        }, 0),
      );
      expect(evaluateDuck(tree, { consumed })).toBeCloseTo(10 ** ((-9 * expected) / 20), 9);
    }
  });
});

describe('buildMixArgs', () => {
  const music = ref('music');
  const narration = ref('voice', 1);
  const programme: AudioProgramme = {
    durationSamples: 480_000,
    duck: [{ startSample: 96_000, endSample: 192_000 }],
    duckDb: 12,
    duckRampSamples: 24_000,
    items: [
      item({ role: 'music', source: music, startSample: 0, durationSamples: 480_000, gainDb: -8 }),
      item({ role: 'narration', source: narration, startSample: 96_000, durationSamples: 96_000 }),
      item({ role: 'clip', source: ref('clip'), startSample: 240_000, durationSamples: 192_000, inSeconds: { num: 5, den: 2 } }),
      item({ role: 'clip', source: ref('silent-clip'), startSample: 0, durationSamples: 10 }),
    ],
  };
  programme.items[3]!.source.facts.audio = null;
  const sources = programme.items.map((it) => ({ url: `/store/${it.source.key}`, protocols: 'file' }));
  const { args, graph } = buildMixArgs({ programme, sources, graphPath: '/work/mix.graph', outPath: '/work/mix.wav' });

  it('opens each item with whitelists and its forced demuxer, seeking to its in point; an item without sound is left out', () => {
    expect(args.filter((arg) => arg === '-i')).toHaveLength(3);
    expect(args.filter((arg) => arg === '-protocol_whitelist')).toHaveLength(3);
    expect(args.filter((arg) => arg === '-format_whitelist')).toHaveLength(3);
    expect(args.filter((arg) => arg === '-f').length).toBeGreaterThanOrEqual(3);
    expect(args).toContain('2.500');
    expect(args).not.toContain('file:/store/originals/silent-clip');
  });

  it("chains items that follow each other in one lane, padded up to the next, placed at the first one's sample", () => {
    // Narration (96 000–192 000) then the clip (240 000–432 000): one lane, 48 000 samples of silence between.
    expect(graph).toContain('volume=-8dB[i0]');
    expect(graph).toMatch(/\[1:a:0\]pan=stereo\|c0=c0\|c1=c0,[^;]*atrim=start_sample=0:end_sample=96000,[^;]*apad=whole_len=144000\[i1\]/);
    expect(graph).toContain('[i1][i2]concat=n=2:v=0:a=1,adelay=delays=96000S:all=1,apad=whole_len=480000,atrim=end_sample=480000[d0]');
    expect(graph).toContain('[d0]anull[dialogue]');
    expect(graph).toContain('[i0]apad=whole_len=480000,atrim=end_sample=480000[m0]');
  });

  it('ducks the music bus only, in 5 ms steps', () => {
    expect(graph).toMatch(/\[m0\]anull,asetnsamples=n=240:p=0,volume=volume='st\(0,n\*240\+120\);.*':eval=frame\[music\]/);
    expect(graph).not.toMatch(/\[dialogue\][^;]*volume=volume/);
  });

  it('sums the buses without normalising, cuts to the exact length and measures on the way out', () => {
    expect(graph).toContain(
      '[dialogue][music]amix=inputs=2:normalize=0:duration=longest,aformat=sample_fmts=flt:sample_rates=48000:channel_layouts=stereo,apad=whole_len=480000,atrim=end_sample=480000,asplit=2[mix][meter]',
    );
    // Every 100 ms step logged at info level: the windows' readings are combined from the steps.
    expect(graph).toContain('[meter]ebur128=peak=true:framelog=info,anullsink');
  });

  it("drops what a window's first item has before sample 0, cuts an item at the window's end without a fade, and keeps a lead-in for the meter only", () => {
    const window: AudioProgramme = {
      durationSamples: 96_000,
      duck: [],
      duckDb: 0,
      duckRampSamples: 0,
      items: [
        item({ startSample: -4_800, durationSamples: 48_000, fadeInSamples: 9_600 }),
        item({ startSample: 60_000, durationSamples: 96_000, fadeOutSamples: 4_800 }),
      ],
    };
    const built = buildMixArgs({
      programme: window,
      sources: window.items.map(() => ({ url: '/store/a', protocols: 'file' })),
      graphPath: '/g',
      outPath: '/o.wav',
      leadInSamples: 14_400,
    });
    expect(built.graph).toContain('afade=t=in:ss=0:ns=9600');
    expect(built.graph).toMatch(/concat=n=2:v=0:a=1,atrim=start_sample=4800,asetpts=N\/SR\/TB,apad=whole_len=96000,atrim=end_sample=96000\[d0\]/);
    // The second item keeps its own length and its fade-out where it was (past the window's end).
    expect(built.graph).toContain('apad=whole_len=96000,afade=t=out:ss=91200:ns=4800');
    expect(built.graph).toContain('asplit=2[heard][meter]');
    expect(built.graph).toContain('[heard]atrim=start_sample=14400,asetpts=N/SR/TB[mix]');
  });

  it('reads the graph from a script file and writes 32-bit float WAV at 48 kHz stereo', () => {
    const at = args.indexOf('-filter_complex_script');
    expect(args[at + 1]).toBe('/work/mix.graph');
    expect(args).toEqual(expect.arrayContaining(['-c:a', 'pcm_f32le', '-ar', '48000', '-ac', '2']));
    expect(args.slice(-3)).toEqual(['-f', 'wav', 'file:/work/mix.wav']);
  });

  it('makes silence of the right length when there is nothing to mix', () => {
    const empty = buildMixArgs({
      programme: { durationSamples: 1920, items: [], duck: [], duckDb: 0, duckRampSamples: 0 },
      sources: [],
      graphPath: '/g',
      outPath: '/o.wav',
    });
    expect(empty.graph).toContain('anullsrc=r=48000:cl=stereo,atrim=end_sample=1920[silence]');
  });
});
