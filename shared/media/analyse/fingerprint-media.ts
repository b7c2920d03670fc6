import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { FINGERPRINT_HEIGHT, FINGERPRINT_WIDTH, FINGERPRINT_CELLS, type Fingerprint } from '../../domain/programme-changes.ts';
import { FPS } from '../../domain/project.ts';
import { buildInputArgs, toOutputUrl } from '../build-input-args.ts';
import type { MediaSource, MediaTools } from '../media-tools.ts';
import { runFfmpeg } from '../run-ffmpeg.ts';

/** Sound is read for the fingerprint at this rate, mono: 320 samples a frame. */
const FINGERPRINT_SAMPLE_RATE = 8000;
/** The level given to a frame of digital silence. */
const SILENCE_DB = -100;

/**
 * The arguments of the fingerprint pass: the first video stream as 16×9 grey thumbnails at
 * 25 fps (raw, one byte a cell) and, when `withSound`, the first audio stream as 8 kHz mono
 * 16-bit PCM (raw). Pure: unit-tested without ffmpeg.
 */
export function buildFingerprintArgs({ source, picturePath, soundPath }: { source: MediaSource; picturePath: string; soundPath: string | null }): string[] {
  return [
    ...buildInputArgs({ source }),
    '-map',
    '0:v:0',
    '-an',
    '-sn',
    '-dn',
    '-vf',
    `fps=${FPS},scale=${FINGERPRINT_WIDTH}:${FINGERPRINT_HEIGHT}:flags=area,format=gray`,
    '-f',
    'rawvideo',
    '-y',
    toOutputUrl({ path: picturePath }),
    ...(soundPath === null
      ? []
      : [
          '-map',
          '0:a:0',
          '-vn',
          '-sn',
          '-dn',
          '-ac',
          '1',
          '-ar',
          String(FINGERPRINT_SAMPLE_RATE),
          '-c:a',
          'pcm_s16le',
          '-f',
          's16le',
          '-y',
          toOutputUrl({ path: soundPath }),
        ]),
  ];
}

/**
 * A file's fingerprint (see shared/domain/programme-changes.ts) from one ffmpeg pass over it: the
 * picture as 16×9 grey thumbnails at 25 fps, the sound's RMS level per frame. Meant for small,
 * already conformed files (an ingest proxy, a review render): a 15-minute one is 3 MB of cells.
 *
 * @example const fingerprint = await fingerprintMedia({ source, withSound: true, tools, scratchDir });
 */
export async function fingerprintMedia({
  source,
  withSound,
  tools,
  scratchDir,
  signal,
}: {
  source: MediaSource;
  withSound: boolean;
  tools: MediaTools;
  scratchDir: string;
  signal?: AbortSignal;
}): Promise<Fingerprint> {
  await mkdir(scratchDir, { recursive: true });
  const picturePath = path.join(scratchDir, 'fingerprint-picture.raw');
  const soundPath = withSound ? path.join(scratchDir, 'fingerprint-sound.raw') : null;
  try {
    await runFfmpeg({ args: buildFingerprintArgs({ source, picturePath, soundPath }), tools, ...(signal ? { signal } : {}) });
    const picture = new Uint8Array(await readFile(picturePath));
    const frames = Math.floor(picture.length / FINGERPRINT_CELLS);
    const sound = soundPath === null ? null : frameLevels({ pcm: await readFile(soundPath), frames });
    return { frames, picture: picture.subarray(0, frames * FINGERPRINT_CELLS), sound };
  } finally {
    await rm(picturePath, { force: true });
    if (soundPath) await rm(soundPath, { force: true });
  }
}

/** RMS level in dBFS of each frame's samples (missing samples count as silence). */
export function frameLevels({ pcm, frames }: { pcm: Buffer; frames: number }): Float32Array {
  const perFrame = FINGERPRINT_SAMPLE_RATE / FPS;
  const levels = new Float32Array(frames);
  const samples = Math.floor(pcm.length / 2);
  for (let frame = 0; frame < frames; frame++) {
    let sum = 0;
    for (let i = frame * perFrame; i < (frame + 1) * perFrame && i < samples; i++) {
      const value = pcm.readInt16LE(i * 2) / 32768;
      sum += value * value;
    }
    const rms = Math.sqrt(sum / perFrame);
    levels[frame] = rms > 0 ? Math.max(SILENCE_DB, 20 * Math.log10(rms)) : SILENCE_DB;
  }
  return levels;
}
