/**
 * Test media for the renderer, generated with ffmpeg's lavfi sources (nothing downloaded), small
 * (320×180-ish, a few seconds) and cached like `make-media.ts` (one folder under the OS temp dir,
 * keyed by the recipe, written under a temporary name and renamed, a lock file between workers).
 *
 * The sync sources carry **marks**: at each mark time the picture is a full white frame and a
 * 1 kHz beep starts on the exact sample (silence elsewhere), so a test can find, in a rendered
 * programme, the frame of each flash and the sample of each beep and compare them.
 *
 * Also here: probe facts for these files as ingest would record them (`factsOf`), a `SourceRef`
 * maker, and independent measurements (luma per frame, beep onsets, frame counts) that use plain
 * ffmpeg/ffprobe through execFile, never the code under test.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_PROFILES, type DeliveryProfile, type ProfileId } from '../../shared/domain/delivery-profiles.ts';
import type { ProbeFacts } from '../../shared/domain/media-facts.ts';
import type { SourceRef } from '../../shared/media/render/render-spec.ts';
import { cached as cachedFile, ffmpeg } from './media-cache.ts';

const run = promisify(execFile);

const HELPER_VERSION = 'make-render-media-v1';

const cached = (name: string, recipe: unknown, build: (out: string) => Promise<void>) => cachedFile({ namespace: HELPER_VERSION, name, recipe, build });

// ── Profiles ────────────────────────────────────────────────────────────────────────────────

/**
 * A delivery profile as the defaults define it, small so renders stay fast: its shorter side 180
 * (320×180 for 16:9, 180×320 for the vertical profile, 180×180 for the square one); bitrates and
 * buffers scaled down with the picture area (MPEG-2 at 50 Mbit/s on 320×180 would mostly be stuffing).
 */
export function testProfile(id: ProfileId, size: { width: number; height: number } = smallSizeOf(id)): DeliveryProfile {
  const base = DEFAULT_PROFILES[id];
  const scale = (kbps: number | undefined) => (kbps === undefined ? undefined : Math.max(200, Math.round((kbps * size.width * size.height) / (1920 * 1080))));
  const video = { ...base.video, ...size };
  for (const key of ['bitrateKbps', 'maxrateKbps', 'bufsizeKbps'] as const) {
    const value = scale(base.video[key]);
    if (value === undefined) delete video[key];
    else video[key] = value;
  }
  // A ladder's rungs shrink with the master: sizes by the same ratio (even), rates by the area.
  const ladder = base.ladder
    ? {
        ...base.ladder,
        renditions: base.ladder.renditions.map((rung) => {
          const even = (value: number) => Math.max(2, 2 * Math.round(value / 2));
          const rate = (kbps: number) => Math.max(16, Math.round((kbps * size.width * size.height) / (1920 * 1080)));
          return {
            ...rung,
            width: even((rung.width * size.width) / 1920),
            height: even((rung.height * size.height) / 1080),
            bitrateKbps: rate(rung.bitrateKbps),
            maxrateKbps: rate(rung.maxrateKbps),
            bufsizeKbps: rate(rung.bufsizeKbps),
          };
        }),
      }
    : undefined;
  return { ...base, video, ...(ladder ? { ladder } : {}) };
}

/** The profile's frame shrunk to a shorter side of 180, its shape kept. */
function smallSizeOf(id: ProfileId): { width: number; height: number } {
  const { width, height } = DEFAULT_PROFILES[id].video;
  const scale = 180 / Math.min(width, height);
  return { width: Math.round(width * scale), height: Math.round(height * scale) };
}

// ── Sources ─────────────────────────────────────────────────────────────────────────────────

export interface MarkedClipRecipe {
  name: string;
  width: number;
  height: number;
  /** Frame rate as `num/den` text, e.g. `25` or `30000/1001`. */
  rate: string;
  seconds: number;
  /** Source frame numbers that flash white; the beep starts at each one's time. */
  flashFrames: number[];
  /** Audio sample rate and channel count. */
  sampleRate: number;
  channels: 1 | 2;
  /** Encode as interlaced, top field first (H.264 MBAFF), for the deinterlacing path. */
  interlaced?: boolean;
}

/** Seconds of source frame `frame` at `rate`. */
export function frameTime(rate: string, frame: number): { num: number; den: number } {
  const [num, den = '1'] = rate.split('/');
  return { num: frame * Number(den), den: Number(num) };
}

/**
 * A clip whose picture is dark grey with a box and moving grain (never frozen), a full white frame
 * at each `flashFrames` entry, and whose sound is silence with a 1 kHz beep (−12 dBFS, 120 ms)
 * starting on the exact sample of each flash frame's time.
 */
export function makeMarkedClip(recipe: MarkedClipRecipe): Promise<string> {
  const { width, height, rate, seconds, flashFrames, sampleRate, channels } = recipe;
  const flashes = flashFrames.map((n) => `eq(n\\,${n})`).join('+');
  // Beep windows in samples: [start, start + 120 ms), start = round(frameTime × sampleRate).
  const windows = flashFrames.map((n) => {
    const t = frameTime(rate, n);
    const start = Math.round((t.num * sampleRate) / t.den);
    return `between(n\\,${start}\\,${start + Math.round(0.12 * sampleRate) - 1})`;
  });
  const layout = channels === 1 ? 'mono' : 'stereo';
  const video =
    `color=c=0x303030:s=${width}x${height}:r=${rate}:d=${seconds},` +
    `drawbox=x=${Math.round(width / 3)}:y=${Math.round(height / 3)}:w=${Math.round(width / 8)}:h=${Math.round(height / 4)}:color=0x707070:t=fill,noise=alls=12:allf=t,` +
    `drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:enable='${flashes}'` +
    (recipe.interlaced ? ',setfield=tff' : '');
  const audio = `aevalsrc='0.25*sin(2*PI*1000*n/${sampleRate})*(${windows.join('+')})':s=${sampleRate}:d=${seconds}:c=${layout}`;
  const interlace = recipe.interlaced ? ['-flags', '+ildct+ilme', '-top', '1', '-x264-params', 'tff=1'] : [];
  const output = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '12', ...interlace, '-c:a', 'aac', '-b:a', '128k', '-f', 'mp4'];
  return cached(`marked-${recipe.name}`, { video, audio, output }, async (out) => {
    await ffmpeg(['-f', 'lavfi', '-i', video, '-f', 'lavfi', '-i', audio, ...output, out]);
  });
}

/** A bright, colourful clip (testsrc2) of any shape, 25p, with a quiet tone: for conform checks. */
export function makeShapeClip({ width, height, seconds = 2 }: { width: number; height: number; seconds?: number }): Promise<string> {
  const recipe = {
    video: `testsrc2=s=${width}x${height}:r=25:d=${seconds}`,
    audio: `sine=f=440:sample_rate=48000:d=${seconds}`,
    output: ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-ac', '2', '-f', 'mp4'],
  };
  return cached(`shape-${width}x${height}`, recipe, async (out) => {
    await ffmpeg(['-f', 'lavfi', '-i', recipe.video, '-f', 'lavfi', '-i', recipe.audio, ...recipe.output, out]);
  });
}

/** A JPEG photo of the given size (testsrc2: colourful, detailed) for the photo-motion path. */
export function makePhoto({ width, height }: { width: number; height: number }): Promise<string> {
  const recipe = { video: `testsrc2=s=${width}x${height}:d=1`, output: ['-frames:v', '1', '-c:v', 'mjpeg', '-q:v', '3', '-f', 'image2', '-update', '1'] };
  return cached(`photo-${width}x${height}`, recipe, async (out) => {
    await ffmpeg(['-f', 'lavfi', '-i', recipe.video, ...recipe.output, out]);
  });
}

/**
 * Narration-like sound for loudness tests: mono 48 kHz PCM, a pitch-swept tone in syllable-like
 * bursts around −30 LUFS with a 2 ms 3 kHz click at −1 dBFS every 2 s, so normalising it up to −16
 * LUFS needs the limiter before the linear gain.
 */
export function makePeakyNarration({ seconds }: { seconds: number }): Promise<string> {
  const expr = `0.05*sin(2*PI*(180+60*sin(2*PI*3*t))*t)*(0.55+0.45*sin(2*PI*4*t))` + `+0.89*sin(2*PI*3000*t)*lt(mod(n\\,96000)\\,96)`;
  const recipe = { audio: `aevalsrc='${expr}':s=48000:d=${seconds}`, output: ['-c:a', 'pcm_s16le', '-ac', '1', '-f', 'wav'] };
  return cached('peaky-narration', recipe, async (out) => {
    await ffmpeg(['-f', 'lavfi', '-i', recipe.audio, ...recipe.output, out]);
  });
}

/** Music-like stereo MP3 at 44.1 kHz (so the mix resamples it): a chord with a slow tremolo. */
export function makeMusic({ seconds }: { seconds: number }): Promise<string> {
  const recipe = {
    audio: `aevalsrc='0.12*sin(2*PI*220*t)+0.1*sin(2*PI*277.18*t)+0.1*sin(2*PI*329.63*t)|0.12*sin(2*PI*220.5*t)+0.1*sin(2*PI*277.18*t)+0.1*sin(2*PI*329.63*t)':s=44100:d=${seconds}`,
    output: ['-af', 'tremolo=f=0.5:d=0.3', '-c:a', 'libmp3lame', '-b:a', '192k', '-f', 'mp3'],
  };
  return cached('music-44k', recipe, async (out) => {
    await ffmpeg(['-f', 'lavfi', '-i', recipe.audio, ...recipe.output, out]);
  });
}

// ── Facts and references ────────────────────────────────────────────────────────────────────

interface ProbeStream {
  codec_type: string;
  codec_name: string;
  width?: number;
  height?: number;
  r_frame_rate?: string;
  field_order?: string;
  pix_fmt?: string;
  sample_rate?: string;
  channels?: number;
  channel_layout?: string;
}

/** Probe facts of a generated file, the fields the renderer reads (as ingest would record them). */
export async function factsOf(file: string, { still = false }: { still?: boolean } = {}): Promise<ProbeFacts> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file]);
  const probed = JSON.parse(stdout) as { format: { format_name: string; duration?: string; size?: string }; streams: ProbeStream[] };
  const v = probed.streams.find((s) => s.codec_type === 'video');
  const a = probed.streams.find((s) => s.codec_type === 'audio');
  const [num = '25', den = '1'] = (v?.r_frame_rate ?? '25/1').split('/');
  const fieldOrder = v?.field_order === 'tt' ? 'tff' : v?.field_order === 'bb' ? 'bff' : 'progressive';
  const demuxer = probed.format.format_name.split(',')[0]!;
  return {
    demuxer: demuxer === 'image2' ? 'jpeg_pipe' : demuxer,
    formatName: probed.format.format_name,
    durationSeconds: probed.format.duration ? Number(probed.format.duration) : null,
    sizeBytes: Number(probed.format.size ?? 0),
    bitRate: null,
    video: v
      ? {
          codec: v.codec_name,
          width: v.width!,
          height: v.height!,
          displayWidth: v.width!,
          displayHeight: v.height!,
          rotation: 0,
          sampleAspectRatio: { num: 1, den: 1 },
          pixelFormat: v.pix_fmt ?? 'yuv420p',
          bitDepth: 8,
          frameRate: { num: Number(num), den: Number(den) },
          variableFrameRate: false,
          fieldOrder,
          hasAlpha: /^(rgba|bgra|argb|abgr|ya8|yuva|gbrap|pal8)/.test(v.pix_fmt ?? ''),
          still,
        }
      : null,
    audio: a ? { codec: a.codec_name, sampleRate: Number(a.sample_rate), channels: a.channels ?? 2, channelLayout: a.channel_layout ?? '' } : null,
    audioStreams: probed.streams.filter((s) => s.codec_type === 'audio').length,
  };
}

/** A `SourceRef` for a local test file (its path is its key). */
export async function sourceRefOf(file: string, options: { still?: boolean } = {}): Promise<SourceRef> {
  const facts = await factsOf(file, options);
  return { assetId: path.basename(file), sha256: createHash('sha256').update(file).digest('hex'), key: file, demuxer: facts.demuxer, facts };
}

/** How the tests resolve a `SourceRef`: its key is a local path. */
export async function resolveLocal(ref: SourceRef): Promise<{ url: string; protocols: string; demuxer: string }> {
  return { url: ref.key, protocols: 'file', demuxer: ref.demuxer };
}

// ── Measurements ────────────────────────────────────────────────────────────────────────────

/** Frames of the first video stream, counted by decoding (`ffprobe -count_frames`). */
export async function countFrames(file: string): Promise<number> {
  const { stdout } = await run('ffprobe', [
    '-v',
    'error',
    '-count_frames',
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=nb_read_frames',
    '-of',
    'csv=p=0',
    file,
  ]);
  return Number(stdout.trim().split(/[\n,]/)[0]);
}

/** Average luma (0–255) of every video frame, in order (`signalstats`). */
export async function lumaPerFrame(file: string): Promise<number[]> {
  const { stdout } = await run(
    'ffmpeg',
    [
      '-hide_banner',
      '-nostdin',
      '-v',
      'error',
      '-i',
      file,
      '-map',
      '0:v:0',
      '-vf',
      'signalstats,metadata=print:key=lavfi.signalstats.YAVG:file=-',
      '-f',
      'null',
      '-',
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('lavfi.signalstats.YAVG='))
    .map((line) => Number(line.split('=')[1]));
}

/** Frame numbers where a flash starts: luma jumps above `threshold` from below it. */
export function flashFrames(luma: number[], threshold = 120): number[] {
  return luma.flatMap((y, i) => (y >= threshold && (i === 0 || (luma[i - 1] ?? 0) < threshold) ? [i] : []));
}

/** The first channel of the first audio stream, decoded to 48 kHz float samples. */
export async function decodeAudio(file: string): Promise<Float32Array> {
  const { stdout } = await run(
    'ffmpeg',
    ['-hide_banner', '-nostdin', '-v', 'error', '-i', file, '-map', '0:a:0', '-af', 'pan=mono|c0=c0', '-ar', '48000', '-f', 'f32le', '-'],
    { encoding: 'buffer', maxBuffer: 512 * 1024 * 1024 },
  );
  const bytes = stdout as unknown as Buffer;
  return new Float32Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.byteLength / 4));
}

/**
 * Samples where a beep starts: the first sample at or above `threshold` after at least
 * `quietSamples` without one (AAC's pre-echo spreads a little energy ahead of an onset, well
 * under a threshold set at a third of the beep's level).
 */
export function beepOnsets(samples: Float32Array, { threshold = 0.02, quietSamples = 4800 }: { threshold?: number; quietSamples?: number } = {}): number[] {
  const onsets: number[] = [];
  let lastLoud = -Infinity;
  for (let i = 0; i < samples.length; i++) {
    if (Math.abs(samples[i] ?? 0) < threshold) continue;
    if (i - lastLoud > quietSamples) onsets.push(i);
    lastLoud = i;
  }
  return onsets;
}

/** EBU R128 reading of a file's first audio stream (ffmpeg `ebur128=peak=true`). */
export async function measureLoudness(file: string): Promise<{ integrated: number; range: number; truePeak: number }> {
  const { stderr } = await run(
    'ffmpeg',
    ['-hide_banner', '-nostdin', '-nostats', '-i', file, '-map', '0:a:0', '-af', 'ebur128=peak=true:framelog=verbose', '-f', 'null', '-'],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const summary = stderr.slice(stderr.lastIndexOf('Summary:'));
  const read = (pattern: RegExp) => Number(pattern.exec(summary)?.[1]);
  return { integrated: read(/I:\s+(-?[\d.]+) LUFS/), range: read(/LRA:\s+(-?[\d.]+) LU/), truePeak: read(/Peak:\s+(-?[\d.]+) dBFS/) };
}

/**
 * Luma (0–255) of a rectangle of frame `frame`, `x`/`y`/`w`/`h` as fractions of the picture, by
 * ffmpeg's signalstats: its mean (`YAVG`, the default) or its brightest pixel (`YMAX`).
 */
export async function regionLuma({
  file,
  frame = 0,
  x,
  y,
  w,
  h,
  stat = 'YAVG',
}: {
  file: string;
  frame?: number;
  x: number;
  y: number;
  w: number;
  h: number;
  stat?: 'YAVG' | 'YMAX';
}): Promise<number> {
  const filter = `select=eq(n\\,${frame}),crop=iw*${w}:ih*${h}:iw*${x}:ih*${y},signalstats,metadata=print:key=lavfi.signalstats.${stat}:file=-`;
  const { stdout } = await run('ffmpeg', [
    '-hide_banner',
    '-nostdin',
    '-v',
    'error',
    '-i',
    file,
    '-map',
    '0:v:0',
    '-vf',
    filter,
    '-frames:v',
    '1',
    '-f',
    'null',
    '-',
  ]);
  return Number(new RegExp(`${stat}=([\\d.]+)`).exec(stdout)?.[1]);
}
