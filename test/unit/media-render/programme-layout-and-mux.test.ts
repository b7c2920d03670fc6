import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILES } from '../../../shared/domain/delivery-profiles.ts';
import {
  buildAudioEncoderArgs,
  buildJoinArgs,
  buildLeadSegmentArgs,
  buildMuxArgs,
  buildProgrammeAudioArgs,
  DEFAULT_LINE_UP,
  layoutFor,
  escapeFilterValue,
  formatConcatList,
  parseMissingGlyph,
  planProgrammeLayout,
} from '../../../shared/media/index.ts';
import { formatTimecode, timecodeToFrames } from '../../../shared/domain/timecode.ts';
import { argAfter } from '../../helpers/tool-args.ts';

describe('timecode', () => {
  it('converts between frames and HH:MM:SS:FF at 25 fps', () => {
    expect(formatTimecode({ frame: 900_000 })).toBe('10:00:00:00');
    expect(formatTimecode({ frame: 900_000 - 1 })).toBe('09:59:59:24');
    expect(timecodeToFrames({ timecode: '09:59:00:00' })).toBe(898_500);
  });

  it('wraps at 24 hours and refuses malformed timecode', () => {
    expect(formatTimecode({ frame: -25 })).toBe('23:59:59:00');
    expect(() => timecodeToFrames({ timecode: '10:00:00:25' })).toThrow(expect.objectContaining({ code: 'INVALID_TIMECODE' }));
  });
});

describe('planProgrammeLayout', () => {
  it('puts bars, slate and black before a broadcast programme so it starts at 10:00:00:00', () => {
    const layout = planProgrammeLayout({ programmeFrames: 19_500, lineUp: DEFAULT_LINE_UP, blackHeadTailSeconds: 0, programmeStartTimecode: '10:00:00:00' });
    expect(layout.lead).toEqual([
      { kind: 'bars', frames: 750, tone: true },
      { kind: 'slate', frames: 500, tone: false },
      { kind: 'black', frames: 250, tone: false },
    ]);
    expect(layout.tail).toEqual([]);
    expect(layout.fileStartTimecode).toBe('09:59:00:00');
    expect(layout.programmeStartTimecode).toBe('10:00:00:00');
    expect(layout.totalFrames).toBe(1500 + 19_500);
  });

  it('takes short line-up lengths (tests) as parameters', () => {
    const layout = planProgrammeLayout({
      programmeFrames: 100,
      lineUp: { barsSeconds: 1, slateSeconds: 0.4, blackSeconds: 0.2 },
      blackHeadTailSeconds: 0,
      programmeStartTimecode: '10:00:00:00',
    });
    expect(layout.leadFrames).toBe(40);
    expect(layout.fileStartTimecode).toBe('09:59:58:10');
  });

  it('puts black head and tail around a screening programme, and starts the file at zero rather than before midnight', () => {
    const layout = planProgrammeLayout({ programmeFrames: 100, lineUp: null, blackHeadTailSeconds: 2, programmeStartTimecode: '00:00:00:00' });
    expect(layout.lead).toEqual([{ kind: 'black', frames: 50, tone: false }]);
    expect(layout.tail).toEqual([{ kind: 'black', frames: 50, tone: false }]);
    expect(layout.fileStartTimecode).toBe('00:00:00:00');
    expect(layout.programmeStartTimecode).toBe('00:00:02:00');
  });

  it('refuses lengths that are not whole frames', () => {
    expect(() => planProgrammeLayout({ programmeFrames: 100, lineUp: null, blackHeadTailSeconds: 0.01, programmeStartTimecode: '00:00:00:00' })).toThrow(
      expect.objectContaining({ code: 'INVALID_RENDER_INPUT' }),
    );
  });
});

describe('buildProgrammeAudioArgs', () => {
  const layout = planProgrammeLayout({
    programmeFrames: 100,
    lineUp: { barsSeconds: 1, slateSeconds: 0.4, blackSeconds: 0.2 },
    blackHeadTailSeconds: 0,
    programmeStartTimecode: '10:00:00:00',
  });

  it('puts a 1 kHz tone at −18 dBFS under the bars and silence under slate and black, sample-exact', () => {
    const graph = argAfter(
      buildProgrammeAudioArgs({ mixPaths: ['/w/mix.wav'], gainDb: 0, layout, profile: DEFAULT_PROFILES.broadcast, outPath: '/w/a.m4a' }),
      '-filter_complex',
    )!;
    expect(graph).toContain("aevalsrc='0.125893*sin(2*PI*1000*n/48000)':s=48000:c=stereo,atrim=end_sample=48000");
    expect(10 ** (-18 / 20)).toBeCloseTo(0.125893, 6);
    expect(graph).toContain('anullsrc=r=48000:cl=stereo,atrim=end_sample=28800');
    expect(graph).toContain('atrim=end_sample=192000,apad=whole_len=192000[programme]');
    expect(graph).toContain('[lead0][lead1][programme]concat=n=3:v=0:a=1[aout]');
  });

  it('reads the mix from its windows in order and applies the loudness gain on the way', () => {
    const args = buildProgrammeAudioArgs({
      mixPaths: ['/w/w0.wav', '/w/w1.wav', '/w/w2.wav'],
      gainDb: -4.25,
      layout,
      profile: DEFAULT_PROFILES.broadcast,
      outPath: '/w/a.m4a',
    });
    expect(args.filter((arg) => arg === '-i')).toHaveLength(3);
    expect(argAfter(args, '-filter_complex')!.startsWith('[0:a:0][1:a:0][2:a:0]concat=n=3:v=0:a=1,volume=-4.25dB:precision=double[mixed];')).toBe(true);
    expect(argAfter(args, '-filter_complex')).toContain('[mixed]aformat=sample_fmts=fltp');
  });

  it('encodes AAC at the profile bitrate into an M4A, or 24-bit PCM WAV for MXF', () => {
    const aac = buildProgrammeAudioArgs({ mixPaths: ['/w/mix.wav'], gainDb: 0, layout, profile: DEFAULT_PROFILES.broadcast, outPath: '/w/a.m4a' });
    expect(argAfter(aac, '-c:a')).toBe('aac');
    expect(argAfter(aac, '-b:a')).toBe('192k');
    expect(aac.slice(-2)).toEqual(['mp4', 'file:/w/a.m4a']);
    const pcm = buildProgrammeAudioArgs({ mixPaths: ['/w/mix.wav'], gainDb: 0, layout, profile: DEFAULT_PROFILES['broadcast-mxf'], outPath: '/w/a.wav' });
    expect(argAfter(pcm, '-c:a')).toBe('pcm_s24le');
    expect(pcm.slice(-2)).toEqual(['wav', 'file:/w/a.wav']);
  });
});

describe('buildAudioEncoderArgs', () => {
  it('codes AAC with the fast coder at the profile bitrate, with the mid/side search up to 192k', () => {
    for (const id of ['review', 'web', 'broadcast'] as const) {
      const args = buildAudioEncoderArgs({ audio: DEFAULT_PROFILES[id].audio });
      expect(argAfter(args, '-c:a')).toBe('aac');
      expect(argAfter(args, '-aac_coder')).toBe('fast');
      expect(argAfter(args, '-b:a')).toBe(`${DEFAULT_PROFILES[id].audio.bitrateKbps}k`);
      expect(args).not.toContain('-aac_ms');
    }
  });

  it("codes left and right without the mid/side search from 256k (the screening's 320k)", () => {
    const args = buildAudioEncoderArgs({ audio: DEFAULT_PROFILES.screening.audio });
    expect(argAfter(args, '-b:a')).toBe('320k');
    expect(argAfter(args, '-aac_ms')).toBe('0');
  });

  it('writes 24-bit PCM at 48 kHz for MXF', () => {
    expect(buildAudioEncoderArgs({ audio: DEFAULT_PROFILES['broadcast-mxf'].audio })).toEqual(['-c:a', 'pcm_s24le', '-ar', '48000']);
  });
});

describe('buildMuxArgs', () => {
  const review = planProgrammeLayout({ programmeFrames: 100, lineUp: null, blackHeadTailSeconds: 0, programmeStartTimecode: '00:00:00:00' });

  it('copies the picture and the encoded sound into a faststart MP4 with the timecode, the index room reserved', () => {
    const args = buildMuxArgs({
      videoPath: '/w/v.mp4',
      audioPath: '/w/a.m4a',
      audioIsEncoded: true,
      layout: review,
      profile: DEFAULT_PROFILES.review,
      outPath: '/w/out.mp4',
    });
    expect(argAfter(args, '-c:v')).toBe('copy');
    expect(argAfter(args, '-c:a')).toBe('copy');
    expect(Number(argAfter(args, '-moov_size'))).toBeGreaterThanOrEqual(100 * 24 + 256 * 1024);
    expect(args).not.toContain('-movflags');
    const fallback = buildMuxArgs({
      videoPath: '/w/v.mp4',
      audioPath: '/w/a.m4a',
      audioIsEncoded: true,
      layout: review,
      profile: DEFAULT_PROFILES.review,
      outPath: '/w/out.mp4',
      reserveIndex: false,
    });
    expect(argAfter(fallback, '-movflags')).toBe('+faststart');
    expect(argAfter(args, '-metadata')).toBe('timecode=00:00:00:00');
    expect(args).not.toContain('-filter_complex');
    expect(argAfter(args, '-f', 0)).toBe('mov');
    expect(argAfter(args, '-format_whitelist', 1)).toBe('mov');
  });

  it('lets each input queue packets ahead of the muxer, its option before its -i', () => {
    const args = buildMuxArgs({
      videoList: '/w/parts/list.ffconcat',
      audioPath: '/w/a.m4a',
      audioIsEncoded: true,
      layout: review,
      profile: DEFAULT_PROFILES.review,
      outPath: '/w/out.mp4',
    });
    const inputs = args.flatMap((arg, i) => (arg === '-i' ? [i] : []));
    const queues = args.flatMap((arg, i) => (arg === '-thread_queue_size' ? [i] : []));
    expect(queues).toHaveLength(2);
    expect(queues[0]!).toBeLessThan(inputs[0]!);
    expect(queues[1]!).toBeGreaterThan(inputs[0]!);
    expect(queues[1]!).toBeLessThan(inputs[1]!);
    expect(Number(args[queues[0]! + 1])).toBeGreaterThan(8);
  });

  it('encodes AAC in the mux when given the normalised WAV', () => {
    const args = buildMuxArgs({
      videoPath: '/w/v.mp4',
      audioPath: '/w/mix.wav',
      audioIsEncoded: false,
      layout: review,
      profile: DEFAULT_PROFILES.web,
      outPath: '/w/out.mp4',
    });
    expect(argAfter(args, '-c:v')).toBe('copy');
    expect(argAfter(args, '-c:a')).toBe('aac');
    expect(argAfter(args, '-f', 1)).toBe('wav');
    expect(argAfter(args, '-filter_complex')).toContain('[1:a:0]aformat=');
  });

  it('writes MXF OP1a with the stereo sound as two mono 24-bit PCM tracks', () => {
    const layout = planProgrammeLayout({ programmeFrames: 100, lineUp: DEFAULT_LINE_UP, blackHeadTailSeconds: 0, programmeStartTimecode: '10:00:00:00' });
    const args = buildMuxArgs({
      videoPath: '/w/v.mp4',
      audioPath: '/w/a.wav',
      audioIsEncoded: true,
      layout,
      profile: DEFAULT_PROFILES['broadcast-mxf'],
      outPath: '/w/out.mxf',
    });
    expect(argAfter(args, '-filter_complex')).toBe('[1:a:0]channelsplit=channel_layout=stereo[left][right]');
    expect(args).toEqual(expect.arrayContaining(['-map', '[left]', '-map', '[right]', '-c:a', 'pcm_s24le']));
    expect(argAfter(args, '-metadata')).toBe('timecode=09:59:00:00');
    expect(args.slice(-2)).toEqual(['mxf', 'file:/w/out.mxf']);
    expect(args).not.toContain('-movflags');
  });

  it('writes 4 or 8 mono tracks when the profile asks, the programme on the tracks it names and the others silent', () => {
    const layout = planProgrammeLayout({ programmeFrames: 100, lineUp: DEFAULT_LINE_UP, blackHeadTailSeconds: 0, programmeStartTimecode: '10:00:00:00' });
    const base = DEFAULT_PROFILES['broadcast-mxf'];
    const four = { ...base, audio: { ...base.audio, tracks: { kind: 'mono-tracks', count: 4, left: 2, right: 3 } as const } };
    const args = buildMuxArgs({ videoPath: '/w/v.mp4', audioPath: '/w/a.wav', audioIsEncoded: true, layout, profile: four, outPath: '/w/out.mxf' });
    expect(argAfter(args, '-filter_complex')).toBe(
      '[1:a:0]asplit=2[programme_lr][programme_mute];[programme_lr]channelsplit=channel_layout=stereo[left][right];[programme_mute]pan=mono|c0=0*c0,asplit=2[mute0][mute1]',
    );
    const maps = args.flatMap((arg, i) => (arg === '-map' ? [args[i + 1]] : []));
    expect(maps).toEqual(['0:v:0', '[mute0]', '[mute1]', '[left]', '[right]']);
    const eight = { ...base, audio: { ...base.audio, tracks: { kind: 'mono-tracks', count: 8, left: 0, right: 1 } as const } };
    const eightMaps = buildMuxArgs({
      videoPath: '/w/v.mp4',
      audioPath: '/w/a.wav',
      audioIsEncoded: true,
      layout,
      profile: eight,
      outPath: '/w/out.mxf',
    }).filter((arg, i, all) => all[i - 1] === '-map' && arg.startsWith('['));
    expect(eightMaps).toEqual(['[left]', '[right]', ...Array.from({ length: 6 }, (_, i) => `[mute${i}]`)]);
  });

  it('takes the line-up from the profile: its lengths are profile data', () => {
    const profile = {
      ...DEFAULT_PROFILES.broadcast,
      extras: { ...DEFAULT_PROFILES.broadcast.extras, lineUp: { barsSeconds: 2, slateSeconds: 1, blackSeconds: 1 } },
    };
    const layout = layoutFor({ profile, programmeFrames: 100 });
    expect(layout.lead.map((part) => [part.kind, part.frames])).toEqual([
      ['bars', 50],
      ['slate', 25],
      ['black', 25],
    ]);
    expect(layout.fileStartTimecode).toBe('09:59:56:00');
    expect(layoutFor({ profile: DEFAULT_PROFILES.broadcast, programmeFrames: 100 }).leadFrames).toBe(1500);
    expect(layoutFor({ profile: DEFAULT_PROFILES.screening, programmeFrames: 100 }).lead.map((part) => part.kind)).toEqual(['black']);
  });
});

describe('buildLeadSegmentArgs', () => {
  it('renders HD colour bars with the profile encoder, marked top field first for interlaced profiles', () => {
    const { args } = buildLeadSegmentArgs({ kind: 'bars', frames: 750, video: DEFAULT_PROFILES.broadcast.video, workDir: '/w', outPath: '/w/bars.mp4' });
    expect(argAfter(args, '-filter_complex')).toBe(
      'smptehdbars=s=1920x1080:r=25,trim=end_frame=750,format=yuv420p,setfield=tff,setsar=1,settb=1/25,setpts=N[vout]',
    );
    expect(argAfter(args, '-frames:v')).toBe('750');
    expect(argAfter(args, '-c:v')).toBe('libx264');
    expect(args).not.toContain('-i');
  });

  it('writes the slate lines to text files, the first in bold', () => {
    const { args, files } = buildLeadSegmentArgs({
      kind: 'slate',
      frames: 500,
      video: DEFAULT_PROFILES.broadcast.video,
      workDir: '/w',
      outPath: '/w/slate.mp4',
      slate: { lines: ['Đại hội', 'v3 · 13:02:10'] },
      fontFile: '/f/NotoSans-Regular.ttf',
      boldFontFile: '/f/NotoSans-Bold.ttf',
    });
    expect(files).toEqual([
      { path: '/w/slate-0.txt', content: 'Đại hội' },
      { path: '/w/slate-1.txt', content: 'v3 · 13:02:10' },
    ]);
    const graph = argAfter(args, '-filter_complex')!;
    expect(graph).toContain(`fontfile=${escapeFilterValue({ value: '/f/NotoSans-Bold.ttf' })}:textfile=/w/slate-0.txt`);
    expect(graph).toContain(`fontfile=${escapeFilterValue({ value: '/f/NotoSans-Regular.ttf' })}:textfile=/w/slate-1.txt`);
  });
});

describe('joining', () => {
  it('lists the parts by their link names with exact durations', () => {
    expect(
      formatConcatList({
        parts: [
          { path: '/c/a.mp4', frames: 17 },
          { path: '/c/b.mp4', frames: 30 },
        ],
      }),
    ).toBe('ffconcat version 1.0\nfile part-00001.mp4\nduration 0.68\nfile part-00002.mp4\nduration 1.20\n');
  });

  it('joins by stream copy, the concat demuxer limited to our own list of local MP4 parts', () => {
    const args = buildJoinArgs({ listPath: '/w/list.ffconcat', outPath: '/w/video.mp4' });
    expect(args.slice(0, 8)).toEqual(['-protocol_whitelist', 'file', '-format_whitelist', 'concat,mov', '-f', 'concat', '-i', 'file:/w/list.ffconcat']);
    expect(argAfter(args, '-c')).toBe('copy');
    expect(args).not.toContain('-safe');
  });
});

describe('escapeFilterValue', () => {
  it('escapes for the option parser, then for the graph parser', () => {
    expect(escapeFilterValue({ value: '/tmp/plain.ttf' })).toBe('/tmp/plain.ttf');
    // Level 1 makes `10\:00…`; level 2 escapes that backslash: `10\\:00…`.
    expect(escapeFilterValue({ value: '10:00:00:00' })).toBe('10\\\\:00\\\\:00\\\\:00');
    expect(escapeFilterValue({ value: "it's" })).toBe("it\\\\\\'s");
    expect(escapeFilterValue({ value: 'a,b;c[d]' })).toBe('a\\,b\\;c\\[d\\]');
  });
});

describe('parseMissingGlyph', () => {
  it('reads the character from either libass warning', () => {
    expect(parseMissingGlyph({ line: '[Parsed_ass_0 @ 0x5636] [info] Glyph 0x2603 not found, selecting one more font for (Noto Sans, 400, 0)' })).toBe('☃');
    expect(
      parseMissingGlyph({ line: '[Parsed_ass_0 @ 0x5636] [warning] fontselect: failed to find any fallback with glyph 0x4E2D for font: (Noto Sans, 400, 0)' }),
    ).toBe('中');
    expect(parseMissingGlyph({ line: '[Parsed_ass_0 @ 0x5636] [info] fontselect: (Noto Sans, 400, 0) -> NotoSans-Regular, 0, NotoSans-Regular' })).toBeNull();
  });
});
