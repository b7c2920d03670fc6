/**
 * Test media for QC, generated with ffmpeg's lavfi sources: 320×180, 25 fps, a few seconds each,
 * each with one known defect (black, silence, freeze, strobe, truncation, wrong rate) placed at a
 * known frame. Files are cached under the OS temp dir by a hash of their recipe (like
 * `make-media.ts`), so the QC test files share them and a second run starts at once.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { DEFAULT_PROFILES, type DeliveryProfile } from '../../shared/domain/delivery-profiles.ts';
import { cached as cachedFile, ffmpeg, TONE_23 } from './media-cache.ts';

const HELPER_VERSION = 'make-qc-media-v1';

/** How the QC clips are encoded: what `QC_TEST_PROFILE` expects (H.264 High 4:2:0 25p, AAC 48 kHz stereo, MP4 faststart). */
const MP4_OUTPUT = [
  '-c:v',
  'libx264',
  '-preset',
  'superfast',
  '-profile:v',
  'high',
  '-pix_fmt',
  'yuv420p',
  '-g',
  '25',
  '-c:a',
  'aac',
  '-b:a',
  '192k',
  '-ar',
  '48000',
  '-ac',
  '2',
  '-shortest',
  '-movflags',
  '+faststart',
  '-f',
  'mp4',
];

/**
 * The screening profile at test size: 320×180 25p H.264 High, AAC stereo 48 kHz, MP4 faststart,
 * −23 LUFS ± 0.5, true peak ≤ −1 dBTP, programme timecode from 10:00:00:00 (as broadcast).
 */
export const QC_TEST_PROFILE: DeliveryProfile = {
  ...DEFAULT_PROFILES.screening,
  video: { ...DEFAULT_PROFILES.screening.video, width: 320, height: 180 },
  extras: { ...DEFAULT_PROFILES.screening.extras, blackHeadTailSeconds: 0, programmeStartTimecode: '10:00:00:00' },
};

const cached = (name: string, recipe: unknown, build: (out: string) => Promise<void>) => cachedFile({ namespace: HELPER_VERSION, name, recipe, build });

function clip(name: string, { video, audio = TONE_23(8), output = MP4_OUTPUT }: { video: string; audio?: string; output?: string[] }): Promise<string> {
  const recipe = { video, audio, output };
  return cached(name, recipe, (out) => ffmpeg(['-f', 'lavfi', '-i', video, '-f', 'lavfi', '-i', audio, ...output, out]));
}

/** 8 s of moving test pattern with a steady −23 LUFS tone: nothing to flag. */
export function makeQcCleanClip(): Promise<string> {
  return clip('qc-clean', { video: 'testsrc2=s=320x180:r=25:d=8' });
}

/** The clean clip at 30 fps: fails conformance on the frame rate only. */
export function makeQcWrongRateClip(): Promise<string> {
  return clip('qc-30fps', { video: 'testsrc2=s=320x180:r=30:d=4', audio: TONE_23(4) });
}

/** Interlaced, top field first (`tt`), otherwise as the clean clip: 4 s. */
export function makeQcInterlacedClip(): Promise<string> {
  const output = [...MP4_OUTPUT.slice(0, -2), '-flags', '+ildct+ilme', '-x264opts', 'tff=1', '-f', 'mp4'];
  return clip('qc-tff', { video: 'testsrc2=s=320x180:r=25:d=4,setfield=tff', audio: TONE_23(4), output });
}

/** 8 s with black picture from 2 s to 5 s: frames 50–124, `[50, 125)`. */
export const BLACK_SPAN = { start: 50, end: 125 } as const;
export function makeQcBlackClip(): Promise<string> {
  return clip('qc-black', { video: "testsrc2=s=320x180:r=25:d=8,drawbox=x=0:y=0:w=iw:h=ih:c=black:t=fill:enable='between(n,50,124)'" });
}

/** 8 s with digital silence from 3 s to 6 s (samples 144000–287999). */
export const SILENCE_SECONDS = { start: 3, end: 6 } as const;
export function makeQcSilenceClip(): Promise<string> {
  return clip('qc-silence', {
    video: 'testsrc2=s=320x180:r=25:d=8',
    audio: `${TONE_23(8)},volume=volume=0:enable='between(t,3,5.99999)'`,
  });
}

/** 8 s with the picture frozen on frame 50 for 3 s: frames 50–124 repeat frame 50, the pattern moves again at frame 125. */
export const FREEZE_SPAN = { start: 50, end: 125 } as const;
export function makeQcFrozenClip(): Promise<string> {
  return clip('qc-frozen', { video: 'testsrc2=s=320x180:r=25:d=5,loop=loop=74:size=1:start=50,setpts=N/25/TB' });
}

/** 4 s strobe: full white for 2 frames of every 5 on black, 5 flashes a second. */
export function makeQcStrobeClip(): Promise<string> {
  return clip('qc-strobe', {
    video: "color=c=black:s=320x180:r=25:d=4,drawbox=x=0:y=0:w=iw:h=ih:c=white:t=fill:enable='lt(mod(n,5),2)'",
    audio: TONE_23(4),
  });
}

/** EBU Tech 3341 case 1: 20 s of a 1 kHz stereo sine at −23 dBFS, PCM in WAV, expected −23.0 LUFS ± 0.1. */
export function makeQcTone(): Promise<string> {
  const recipe = { audio: TONE_23(20), output: ['-c:a', 'pcm_s24le', '-f', 'wav'] };
  return cached('qc-tone-3341', recipe, (out) => ffmpeg(['-f', 'lavfi', '-i', recipe.audio, ...recipe.output, out]));
}

/** The clean clip with its last 40 % cut off (index first, so it opens but its data stops short). */
export function makeQcTruncatedClip(): Promise<string> {
  return cached('qc-truncated', { version: 1 }, async (out) => {
    const bytes = await readFile(await makeQcCleanClip());
    await writeFile(out, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
  });
}

/**
 * Two consecutive 4 s segments whose black run crosses the boundary between them: the first ends
 * with 1.5 s of black (frames 62–99), the second starts with 1 s of black (frames 0–24): 2.5 s
 * of black in all, at programme frames 62–124.
 */
export async function makeQcSegmentPair(): Promise<{ first: string; second: string }> {
  const first = await clip('qc-seg-a', {
    video: "testsrc2=s=320x180:r=25:d=4,drawbox=x=0:y=0:w=iw:h=ih:c=black:t=fill:enable='gte(n,62)'",
    audio: TONE_23(4),
  });
  const second = await clip('qc-seg-b', {
    video: "testsrc2=s=320x180:r=25:d=4,drawbox=x=0:y=0:w=iw:h=ih:c=black:t=fill:enable='lt(n,25)'",
    audio: TONE_23(4),
  });
  return { first, second };
}
