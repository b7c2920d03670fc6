/**
 * The programme's sound cut into fixed windows ("chunks") that are mixed one by one and cached,
 * so a change to one shot mixes again only the window (or two) its sound touches. Pure.
 *
 * A window's mix is the same samples the whole-programme mix would have there: every item that
 * sounds in the window is read from the same source samples with the same fades, gains and
 * ducking; nothing in the mix carries state across a window's edge (no compressor, no limiter:
 * loudness is one linear gain for the whole programme, decided after all windows are measured).
 */
import type { AudioItem, AudioProgramme, DuckSpan } from './render-spec.ts';
import { DUCK_STEP_SAMPLES } from './build-mix-args.ts';
import { SAMPLE_RATE } from '../../domain/project.ts';

/**
 * 60.8 s (1 520 frames at 25 fps): a whole number of video frames (1920 samples), of AAC frames
 * (1024), of the ducking steps (240) and of ebur128's 100 ms steps (4800), so windows meet on
 * every grid the mix and its measurement use. Long enough that starting ffmpeg (~0.15 CPU-s here)
 * and the meter's 3 s lead-in are a small part of a window's cost (~1.3 CPU-s; a 13-minute mix in
 * 13 windows instead of 26 starts 13 fewer processes and meters 39 s less), short enough that
 * mixing one again after a change takes about a second.
 */
export const AUDIO_CHUNK_SAMPLES = 2_918_400;

export interface AudioWindow {
  /** Programme sample where the window starts. */
  startSample: number;
  lengthSamples: number;
}

/**
 * What the meter hears before a window: 3 s (its longest block, the short-term loudness), so each
 * 100 ms step that ends in the window is measured over exactly the samples a meter running over
 * the whole programme would use, and the windows' steps add up to the whole programme's.
 */
export const METER_LEAD_IN_SAMPLES = 144_000;

/** A window as it is mixed: `leadInSamples` of the window before (for the meter only), then the window. */
export interface MeteredWindow extends AudioWindow {
  leadInSamples: number;
}

/**
 * The window extended back by the meter's lead-in (less at the programme's start): mix this with
 * `windowProgramme`, write only what follows the lead-in.
 *
 * @example windowWithLeadIn({ window: { startSample: 2_918_400, lengthSamples: 2_918_400 } }) // { startSample: 2_774_400, lengthSamples: 3_062_400, leadInSamples: 144_000 }
 */
export function windowWithLeadIn({ window }: { window: AudioWindow }): MeteredWindow {
  const leadInSamples = Math.min(METER_LEAD_IN_SAMPLES, window.startSample);
  return { startSample: window.startSample - leadInSamples, lengthSamples: window.lengthSamples + leadInSamples, leadInSamples };
}

/**
 * The windows of a programme: back to back from sample 0, the last one shorter.
 *
 * @example planAudioChunks({ durationSamples: 6_000_000 }).map((w) => w.lengthSamples) // [2918400, 2918400, 163200]
 */
export function planAudioChunks({ durationSamples, chunkSamples = AUDIO_CHUNK_SAMPLES }: { durationSamples: number; chunkSamples?: number }): AudioWindow[] {
  if (chunkSamples % DUCK_STEP_SAMPLES !== 0) throw new RangeError(`chunkSamples must be a multiple of ${DUCK_STEP_SAMPLES}`);
  const windows: AudioWindow[] = [];
  for (let start = 0; start < durationSamples; start += chunkSamples) {
    windows.push({ startSample: start, lengthSamples: Math.min(chunkSamples, durationSamples - start) });
  }
  return windows;
}

/**
 * The part of `programme` that sounds in `window`, with positions relative to the window's start:
 * a programme `window.lengthSamples` long, for `buildMixArgs` with `window: true`.
 *
 * - Items wholly outside the window are left out; the rest keep their gain and fades.
 * - An item that starts before the window is cut to start at the window (its in point moved on by
 *   the samples cut, exactly), unless that would cut into a fade: then it is cut before the fade
 *   and starts at a negative sample (the mixer drops the samples before 0), so the fade runs on
 *   the same samples it would in the whole mix.
 * - An item that runs past the window's end is left whole: the mixer cuts it at the end without a
 *   fade (its fade-out, if any, is where it always was).
 * - Duck spans whose ramps reach into the window, moved like the items.
 *
 * Two windows with the same sounding material give equal results, wherever they sit in the
 * programme: the result is the cache identity of the window's mix.
 */
export function windowProgramme({ programme, window }: { programme: AudioProgramme; window: AudioWindow }): AudioProgramme {
  const { startSample: from, lengthSamples } = window;
  const to = from + lengthSamples;
  const items: AudioItem[] = [];
  for (const whole of programme.items) {
    const item = clampToProgramme({ item: whole, total: programme.durationSamples });
    const end = item.startSample + item.durationSamples;
    if (item.durationSamples <= 0 || end <= from || item.startSample >= to) continue;
    const before = from - item.startSample;
    const cut = before <= 0 || before < item.fadeInSamples ? 0 : Math.min(before, item.durationSamples - item.fadeOutSamples);
    items.push(cut > 0 ? { ...moveIn({ item, samples: cut }), startSample: item.startSample + cut - from } : { ...item, startSample: item.startSample - from });
  }
  const ramp = Math.max(1, Math.round(programme.duckRampSamples));
  const duck: DuckSpan[] = programme.duck
    .filter((span) => span.endSample + ramp > from && span.startSample - ramp < to)
    .map((span) => ({ startSample: span.startSample - from, endSample: span.endSample - from }));
  return { durationSamples: lengthSamples, items, duck, duckDb: programme.duckDb, duckRampSamples: programme.duckRampSamples };
}

/** The item with its first `samples` samples cut off: in point moved on exactly, no fade-in left. */
function moveIn({ item, samples }: { item: AudioItem; samples: number }): AudioItem {
  const num = item.inSeconds.num * SAMPLE_RATE + samples * item.inSeconds.den;
  const den = item.inSeconds.den * SAMPLE_RATE;
  const divisor = gcd(num, den);
  return { ...item, inSeconds: { num: num / divisor, den: den / divisor }, durationSamples: item.durationSamples - samples, fadeInSamples: 0 };
}

/**
 * An item cut at the programme's end fades out there: applied before windowing, so the window
 * that holds the end fades it out and every other window sees it unchanged.
 */
function clampToProgramme({ item, total }: { item: AudioItem; total: number }): AudioItem {
  const end = Math.min(total, item.startSample + item.durationSamples);
  return end - item.startSample === item.durationSamples
    ? item
    : { ...item, durationSamples: Math.max(0, end - item.startSample), fadeOutSamples: Math.min(item.fadeOutSamples, Math.max(0, end - item.startSample)) };
}

function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y !== 0) [x, y] = [y, x % y];
  return x || 1;
}
