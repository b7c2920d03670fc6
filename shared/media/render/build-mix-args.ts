/**
 * The filter graph of the programme's audio mix. Pure: from an `AudioProgramme` (integer samples
 * at 48 kHz) to ffmpeg arguments. Every position is a sample count; nothing is rounded to
 * milliseconds except the input seek, whose remainder (< 1 ms) is trimmed off in samples.
 */
import type { AudioItem, AudioProgramme, DuckSpan } from './render-spec.ts';
import { buildInputArgs, toOutputUrl, withDemuxer } from '../build-input-args.ts';
import type { MediaSource } from '../media-tools.ts';
import { buildCleanOutputArgs } from './build-encoder-args.ts';
import { SAMPLE_RATE } from '../../domain/project.ts';
import type { ProgrammeAudioLayout } from '../../domain/programme-audio-layout.ts';

/** The music bus is re-levelled every 240 samples (5 ms): a ramp of 0.5 s moves in 100 steps, inaudibly. */
export const DUCK_STEP_SAMPLES = 240;

/**
 * Sorts items into lanes: in each lane items follow one another without overlapping, so a lane
 * is one `concat` of items padded with silence up to the next. Few lanes (two for cuts with
 * dissolves, one for narration, one or two for music) instead of one `amix` input per item: the
 * mixer then adds a handful of streams, not a hundred mostly silent ones (5× faster on a
 * 13-minute programme with 150 items).
 *
 * @example planAudioLanes({ items: [{ startSample: 0, durationSamples: 10 }, { startSample: 5, durationSamples: 10 }, { startSample: 10, durationSamples: 5 }] })
 * // [[0, 2], [1]]
 */
export function planAudioLanes({ items }: { items: readonly Pick<AudioItem, 'startSample' | 'durationSamples'>[] }): number[][] {
  const order = items.map((_, i) => i).sort((a, b) => items[a]!.startSample - items[b]!.startSample || a - b);
  const lanes: { end: number; items: number[] }[] = [];
  for (const index of order) {
    const item = items[index]!;
    const lane = lanes.find((candidate) => candidate.end <= item.startSample);
    if (lane) {
      lane.items.push(index);
      lane.end = item.startSample + item.durationSamples;
    } else {
      lanes.push({ end: item.startSample + item.durationSamples, items: [index] });
    }
  }
  return lanes.map((lane) => lane.items);
}

/**
 * The `volume` expression that ducks the music bus: 0 dB outside the spans, `-duckDb` inside,
 * with linear-in-dB ramps of `rampSamples` that end where a span starts (the music is down
 * before the first word) and start where it ends. Ramps of spans closer than two ramps add up and
 * are capped, so the music stays down between close spans instead of pumping.
 *
 * Evaluated per frame of `DUCK_STEP_SAMPLES` at the frame's middle sample (`n` is the frame number). Many spans are arranged
 * as a balanced tree of `if(lt(s, pivot), …, …)`, so each evaluation costs O(log n).
 *
 * @example buildDuckExpression({ duck: [{ startSample: 48000, endSample: 96000 }], duckDb: 12, rampSamples: 24000 })
 * // "st(0,n*240+120);pow(10,-12/20*min(1,clip((ld(0)-24000)/24000,0,1)*clip((120000-ld(0))/24000,0,1)))"
 */
export function buildDuckExpression({ duck, duckDb, rampSamples }: { duck: readonly DuckSpan[]; duckDb: number; rampSamples: number }): string {
  const ramp = Math.max(1, Math.round(rampSamples));
  const spans = duck
    .filter((span) => span.endSample > span.startSample)
    .map((span) => ({ from: span.startSample - ramp, to: span.endSample + ramp }))
    .sort((a, b) => a.from - b.from);
  const minus = (value: number) => (value < 0 ? `+${-value}` : `-${value}`);
  const term = (span: { from: number; to: number }) => `clip((ld(0)${minus(span.from)})/${ramp},0,1)*clip((${span.to}-ld(0))/${ramp},0,1)`;
  const depth = (list: typeof spans): string => {
    if (list.length === 0) return '0';
    if (list.length <= 4) return list.map(term).join('+');
    const middle = Math.floor(list.length / 2);
    const pivot = list[middle]!.from;
    const left = list.slice(0, middle);
    const right = [...list.slice(0, middle).filter((span) => span.to > pivot), ...list.slice(middle)];
    return `if(lt(ld(0),${pivot}),${depth(left)},${depth(right)})`;
  };
  // The frame's middle sample: frames are DUCK_STEP_SAMPLES long (asetnsamples), `n` counts them.
  // (`nb_consumed_samples` and `nb_samples` would say it directly, but ffmpeg 5.1's volume filter
  // leaves them NaN, which it turns into silence.)
  return `st(0,n*${DUCK_STEP_SAMPLES}+${DUCK_STEP_SAMPLES / 2});pow(10,-${duckDb}/20*min(1,${depth(spans)}))`;
}

/** One item's input: where to seek (whole milliseconds, never past the in point) and the samples left to trim. */
export function itemSeek({ item }: { item: Pick<AudioItem, 'inSeconds'> }): { seekSeconds: number; trimSamples: number } {
  const inSamples = Math.round((item.inSeconds.num * SAMPLE_RATE) / item.inSeconds.den);
  const seekMs = Math.floor((item.inSeconds.num * 1000) / item.inSeconds.den);
  return { seekSeconds: seekMs / 1000, trimSamples: Math.max(0, inSamples - seekMs * (SAMPLE_RATE / 1000)) };
}

/**
 * The chain of one item, from its input stream to exactly `durationSamples + padSamples` samples
 * of 48 kHz stereo float: channels mapped (mono to both sides at full level, two channels as they
 * are, more downmixed), resampled, trimmed to the in point and length in samples (timestamps
 * renumbered), faded in and out (`afade` in samples), gain applied, then silence up to the next
 * item of its lane.
 */
export function buildItemChain({
  item,
  input,
  output,
  channels,
  padSamples,
}: {
  item: AudioItem;
  input: string;
  output: string;
  /** Channels of the file read (its probe facts). */
  channels: number;
  padSamples: number;
}): string {
  const { trimSamples } = itemSeek({ item });
  const length = item.durationSamples;
  const mapping = item.layout
    ? stereoFromLayout({ layout: item.layout })
    : channels === 1
      ? 'pan=stereo|c0=c0|c1=c0'
      : channels === 2
        ? 'pan=stereo|c0=c0|c1=c1'
        : 'aformat=channel_layouts=stereo';
  const fadeIn = Math.min(item.fadeInSamples, length);
  const fadeOut = Math.min(item.fadeOutSamples, length);
  return (
    `[${input}]` +
    [
      mapping,
      `aresample=${SAMPLE_RATE}`,
      `aformat=sample_fmts=fltp:sample_rates=${SAMPLE_RATE}:channel_layouts=stereo`,
      `atrim=start_sample=${trimSamples}:end_sample=${trimSamples + length}`,
      'asetpts=N/SR/TB',
      `apad=whole_len=${length}`,
      ...(fadeIn > 0 ? [`afade=t=in:ss=0:ns=${fadeIn}`] : []),
      ...(fadeOut > 0 ? [`afade=t=out:ss=${length - fadeOut}:ns=${fadeOut}`] : []),
      ...(item.gainDb !== 0 ? [`volume=${item.gainDb}dB`] : []),
      ...(padSamples > 0 ? [`apad=whole_len=${length + padSamples}`] : []),
    ].join(',') +
    `[${output}]`
  );
}

/**
 * The stereo mix a declared layout names (see shared/domain/programme-audio-layout.ts): the first
 * pair, a 5.1 fold-down (ITU-R BS.775: centre and surrounds at −3 dB, LFE left out) or channels 7–8.
 */
export function stereoFromLayout({ layout }: { layout: ProgrammeAudioLayout }): string {
  switch (layout) {
    case 'stereo':
      return 'pan=stereo|c0=c0|c1=c1';
    case '5.1':
      return 'pan=stereo|c0=c0+0.7071*c2+0.7071*c4|c1=c1+0.7071*c2+0.7071*c5';
    case '5.1+stereo':
      return 'pan=stereo|c0=c6|c1=c7';
  }
}

export interface MixArgs {
  args: string[];
  /** The graph, written to `graphPath` (`-filter_complex_script`: a long programme's graph exceeds one argument's size limit). */
  graph: string;
}

/**
 * The arguments of the mix pass of one window of the programme (`windowProgramme`, which has
 * already faded out items at the programme's end): every item placed at its sample, the dialogue
 * bus (clip sound and narration) plus the music bus (ducked under `duck`), exactly
 * `durationSamples` long, written as 32-bit float WAV (a mix can exceed full scale before
 * normalisation; float does not clip) and measured on the way out (`ebur128=peak=true`, every
 * 100 ms step logged for `parseLoudnessSteps`: the first pass of the loudness normalisation).
 * Items may start before 0 (the samples before 0 are dropped) and run past the end (cut there
 * without a fade: the window after has the rest).
 *
 * `sources[i]` opens `programme.items[i]`; an item whose file has no sound is left out.
 */
export function buildMixArgs({
  programme,
  sources,
  graphPath,
  outPath,
  leadInSamples = 0,
}: {
  programme: AudioProgramme;
  sources: readonly MediaSource[];
  graphPath: string;
  outPath: string;
  /**
   * Samples at the start that only the meter hears (`windowWithLeadIn`): they belong to the window
   * before, and let the meter's 400 ms and 3 s blocks that end in this window be measured whole.
   */
  leadInSamples?: number;
}): MixArgs {
  const total = programme.durationSamples;
  const inputArgs: string[] = [];
  const statements: string[] = [];
  const usable = programme.items
    .map((item, index) => ({ item, index }))
    .filter(({ item }) => item.durationSamples > 0 && item.source.facts.audio !== null && item.startSample < total);
  const inputOf = new Map<number, number>();
  for (const { item, index } of usable) {
    inputOf.set(index, inputOf.size);
    const source = sources[index];
    if (!source) throw new TypeError(`no source for audio item ${index}`);
    inputArgs.push(
      ...buildInputArgs({ source: withDemuxer({ source, facts: { demuxer: item.source.demuxer } }), seekSeconds: itemSeek({ item }).seekSeconds }),
    );
  }

  const buses: { label: string; music: boolean }[] = [];
  for (const music of [false, true]) {
    const members = usable.filter(({ item }) => (item.role === 'music') === music);
    if (members.length === 0) continue;
    const lanes = planAudioLanes({ items: members.map(({ item }) => item) });
    const laneLabels = lanes.map((lane, laneIndex) => {
      const tag = `${music ? 'm' : 'd'}${laneIndex}`;
      const items = lane.map((member) => members[member]!.item);
      const labels = lane.map((member, position) => {
        const { index } = members[member]!;
        const item = items[position]!;
        const next = items[position + 1];
        const label = `i${index}`;
        statements.push(
          buildItemChain({
            item,
            input: `${inputOf.get(index)!}:a:0`,
            output: label,
            channels: members[member]!.item.source.facts.audio?.channels ?? 2,
            padSamples: next ? next.startSample - (item.startSample + item.durationSamples) : 0,
          }),
        );
        return label;
      });
      const start = items[0]!.startSample;
      const joined = labels.length > 1 ? `${labels.map((l) => `[${l}]`).join('')}concat=n=${labels.length}:v=0:a=1,` : `[${labels[0]}]`;
      // A lane that starts before a window's first sample loses the samples before it.
      const place = start > 0 ? `adelay=delays=${start}S:all=1,` : start < 0 ? `atrim=start_sample=${-start},asetpts=N/SR/TB,` : '';
      statements.push(`${joined}${place}apad=whole_len=${total},atrim=end_sample=${total}[${tag}]`);
      return tag;
    });
    const bus = music ? 'music' : 'dialogue';
    const summed =
      laneLabels.length > 1
        ? `${laneLabels.map((l) => `[${l}]`).join('')}amix=inputs=${laneLabels.length}:normalize=0:duration=longest`
        : `[${laneLabels[0]}]anull`;
    const ducked =
      music && programme.duck.length > 0 && programme.duckDb > 0
        ? `,asetnsamples=n=${DUCK_STEP_SAMPLES}:p=0,volume=volume='${buildDuckExpression({ duck: programme.duck, duckDb: programme.duckDb, rampSamples: programme.duckRampSamples })}':eval=frame`
        : '';
    statements.push(`${summed}${ducked}[${bus}]`);
    buses.push({ label: bus, music });
  }

  if (buses.length === 0) {
    statements.push(`anullsrc=r=${SAMPLE_RATE}:cl=stereo,atrim=end_sample=${total}[silence]`);
    buses.push({ label: 'silence', music: false });
  }
  const sum =
    buses.length > 1 ? `${buses.map((b) => `[${b.label}]`).join('')}amix=inputs=${buses.length}:normalize=0:duration=longest,` : `[${buses[0]!.label}]`;
  const mixLabel = leadInSamples > 0 ? 'heard' : 'mix';
  statements.push(
    `${sum}aformat=sample_fmts=flt:sample_rates=${SAMPLE_RATE}:channel_layouts=stereo,apad=whole_len=${total},atrim=end_sample=${total},asplit=2[${mixLabel}][meter]`,
  );
  if (leadInSamples > 0) statements.push(`[heard]atrim=start_sample=${leadInSamples},asetpts=N/SR/TB[mix]`);
  statements.push(`[meter]ebur128=peak=true:framelog=info,anullsink`);

  return {
    args: [
      ...inputArgs,
      '-filter_complex_script',
      graphPath,
      '-map',
      '[mix]',
      '-c:a',
      'pcm_f32le',
      '-ar',
      String(SAMPLE_RATE),
      '-ac',
      '2',
      ...buildCleanOutputArgs(),
      '-rf64',
      'auto',
      '-f',
      'wav',
      toOutputUrl({ path: outPath }),
    ],
    graph: statements.join(';\n'),
  };
}
