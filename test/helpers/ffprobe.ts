/**
 * Independent checks of media files for tests: plain ffprobe/ffmpeg through execFile, never the
 * code under test, so a bug in the media layer cannot hide itself.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ProbedStream {
  index: number;
  codec_type: string;
  codec_name: string;
  profile?: string;
  width?: number;
  height?: number;
  pix_fmt?: string;
  sample_aspect_ratio?: string;
  field_order?: string;
  r_frame_rate?: string;
  avg_frame_rate?: string;
  sample_rate?: string;
  channels?: number;
  channel_layout?: string;
  duration?: string;
  nb_frames?: string;
  side_data_list?: { side_data_type?: string; rotation?: number }[];
}

export interface Probed {
  format: { format_name: string; duration?: string; size?: string };
  streams: ProbedStream[];
}

/** ffprobe's JSON of a file's container and streams. */
export async function probeFile(file: string): Promise<Probed> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file]);
  return JSON.parse(stdout) as Probed;
}

export function videoStreamOf(probed: Probed): ProbedStream | undefined {
  return probed.streams.find((s) => s.codec_type === 'video');
}

export function audioStreamOf(probed: Probed): ProbedStream | undefined {
  return probed.streams.find((s) => s.codec_type === 'audio');
}

/** Presentation times (seconds) of every video frame, decoded. */
export async function videoFrameTimes(file: string): Promise<number[]> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'frame=pts_time', '-of', 'csv=p=0', file], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && line !== 'N/A')
    .map(Number);
}

/** True when consecutive frames are all exactly `1/fps` apart (within a millisecond). */
export function isConstantRate(times: number[], fps: number): boolean {
  for (let i = 1; i < times.length; i++) {
    if (Math.abs((times[i] ?? 0) - (times[i - 1] ?? 0) - 1 / fps) > 0.001) return false;
  }
  return times.length > 1;
}

/** Error-level messages ffmpeg logs while decoding the whole file (empty when it decodes cleanly). */
export async function decodeErrors(file: string): Promise<string[]> {
  const { stderr } = await run('ffmpeg', ['-hide_banner', '-nostdin', '-v', 'error', '-i', file, '-f', 'null', '-']);
  return stderr.split('\n').filter((line) => line.trim().length > 0);
}

/**
 * The mean colour (0–255 per channel) of a rectangle of the first frame, `x`/`y`/`w`/`h` as
 * fractions of the picture.
 */
export async function meanColour({
  file,
  x,
  y,
  w,
  h,
}: {
  file: string;
  x: number;
  y: number;
  w: number;
  h: number;
}): Promise<{ r: number; g: number; b: number }> {
  const crop = `crop=iw*${w}:ih*${h}:iw*${x}:ih*${y},scale=8:8:flags=area,format=rgb24`;
  const { stdout } = await run('ffmpeg', ['-hide_banner', '-nostdin', '-v', 'error', '-i', file, '-frames:v', '1', '-vf', crop, '-f', 'rawvideo', '-'], {
    encoding: 'buffer',
  });
  const pixels = stdout.length / 3;
  let r = 0;
  let g = 0;
  let b = 0;
  for (let i = 0; i < stdout.length; i += 3) {
    r += stdout[i] ?? 0;
    g += stdout[i + 1] ?? 0;
    b += stdout[i + 2] ?? 0;
  }
  return { r: r / pixels, g: g / pixels, b: b / pixels };
}

/** Which corner of the first frame holds the bright marker square. */
export async function brightCorner(file: string): Promise<'top-left' | 'top-right' | 'bottom-left' | 'bottom-right'> {
  const corners = [
    ['top-left', 0, 0],
    ['top-right', 0.85, 0],
    ['bottom-left', 0, 0.85],
    ['bottom-right', 0.85, 0.85],
  ] as const;
  let best: (typeof corners)[number][0] = 'top-left';
  let brightest = -1;
  for (const [name, x, y] of corners) {
    const { r, g, b } = await meanColour({ file, x, y, w: 0.1, h: 0.1 });
    const luma = (r + g + b) / 3;
    if (luma > brightest) {
      brightest = luma;
      best = name;
    }
  }
  return best;
}
