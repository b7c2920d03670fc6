import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Loudness, ProbeFacts } from '../domain/media-facts.ts';
import { buildPosterArgs, buildVideoDeriveArgs } from './build-video-derive-args.ts';
import { planVideoDerivatives } from './plan-video-derivatives.ts';
import type { DerivedFile, DerivedPicture } from './derived-file.ts';
import type { MediaSource, MediaTools } from './media-tools.ts';
import { parseEbur128Summary } from './parse-ebur128.ts';
import { runDecodePass } from './run-decode-pass.ts';
import { runFfmpeg } from './run-ffmpeg.ts';

export interface VideoDerivatives {
  /** `sound`: the clip's sound as the programme mix reads it (24-bit 48 kHz WAV); absent for a clip without sound. */
  files: { proxy: DerivedPicture; poster: DerivedPicture; thumbnails: DerivedPicture; sound?: DerivedFile };
  /** EBU R128 reading of the first audio stream; null for a clip without sound. */
  loudness: Loudness | null;
}

/**
 * Makes a clip's derivatives in `outDir` (which must exist): `proxy.mp4` (H.264 within 960×540,
 * 25 fps CFR, deinterlaced and upright, AAC stereo, faststart), `thumbnails.jpg` (a strip of 10
 * tiles 160 px wide, evenly spaced), `sound.wav` (the sound as the programme mix reads it, so no
 * render has to extract it) and the loudness, all from one decoding pass; then
 * `poster.jpg`, a frame at 10 % of the duration. The pass doubles as a decode test: a damaged or
 * cut-short original is refused (`UNDECODABLE`, `TRUNCATED`).
 *
 * @example
 * const { files, loudness } = await deriveVideo({ source, facts, tools: config.ffmpeg, outDir: workDir });
 */
export async function deriveVideo({
  source,
  facts,
  tools,
  outDir,
  preset,
  mergeMonoTracks = false,
  onProgress,
  signal,
}: {
  source: MediaSource;
  facts: ProbeFacts;
  /** Join the file's mono tracks into one sound (a finished programme: one track per channel). */
  mergeMonoTracks?: boolean;
  tools: MediaTools;
  outDir: string;
  preset?: 'veryfast' | 'superfast' | 'ultrafast';
  onProgress?: (progress: { seconds: number }) => void;
  signal?: AbortSignal;
}): Promise<VideoDerivatives> {
  const plan = planVideoDerivatives({ facts, mergeMonoTracks });
  const outputs = {
    proxy: path.join(outDir, 'proxy.mp4'),
    thumbnails: path.join(outDir, 'thumbnails.jpg'),
    poster: path.join(outDir, 'poster.jpg'),
    ...(plan.hasAudio ? { sound: path.join(outDir, 'sound.wav') } : {}),
  };
  const { stderr } = await runDecodePass({
    args: buildVideoDeriveArgs({ source, facts, plan, outputs, ...(preset ? { preset } : {}) }),
    tools,
    expectedSeconds: facts.durationSeconds,
    ...(onProgress ? { onProgress } : {}),
    ...(signal ? { signal } : {}),
  });
  await runFfmpeg({ args: buildPosterArgs({ source, facts, plan, output: outputs.poster }), tools, ...(signal ? { signal } : {}) });
  if (!(await isNonEmptyFile(outputs.poster))) {
    // The seek landed past the last frame (a duration longer than the picture): take the first frame.
    const fromStart = { ...plan, posterAtSeconds: 0 };
    await runFfmpeg({ args: buildPosterArgs({ source, facts, plan: fromStart, output: outputs.poster }), tools, ...(signal ? { signal } : {}) });
  }

  return {
    files: {
      proxy: { path: outputs.proxy, contentType: 'video/mp4', ...plan.proxy },
      poster: { path: outputs.poster, contentType: 'image/jpeg', ...plan.proxy },
      thumbnails: { path: outputs.thumbnails, contentType: 'image/jpeg', ...plan.strip },
      ...(outputs.sound !== undefined ? { sound: { path: outputs.sound, contentType: 'audio/wav' } } : {}),
    },
    loudness: plan.hasAudio ? parseEbur128Summary({ stderr }) : null,
  };
}

async function isNonEmptyFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).size > 0;
  } catch {
    return false;
  }
}
