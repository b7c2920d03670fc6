import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { DeliveryProfile } from '../../domain/delivery-profiles.ts';
import type { MediaTools } from '../media-tools.ts';
import { runFfmpeg } from '../run-ffmpeg.ts';
import { buildProgrammeAudioArgs } from './build-mux-args.ts';
import type { ProgrammeLayout } from './plan-programme-layout.ts';

/**
 * Encodes the programme's sound for a profile, in its layout (tone, silence, programme, silence),
 * once per audio mix: AAC (`.m4a`) for MP4 profiles, 24-bit PCM WAV for MXF.
 *
 * Why a separate step: ffmpeg's AAC encoder is the slowest part of the sound. Measured on a
 * 13-minute programme on the 2-core test machine with the `fast` coder: ~11 s at 320 kbit/s
 * (screening, left/right coding), more than mixing a window again and deciding the gain. The
 * encoded sound depends only on the mix's windows, the gain, the profile's audio settings and the
 * layout, never on the picture. Cached under its own key, it survives every picture-only change:
 * a re-render renders the changed segment and re-muxes with `-c:a copy`. A change that touches
 * the sound mixes its window again and pays for this encode once (the gain is one number for the
 * whole programme).
 *
 * The cache key must therefore cover the layout too (line-up lengths, black head and tail): the
 * tone and silence around the programme are in this file, encoded in the same pass, so no AAC
 * priming gap appears where the line-up meets the programme.
 *
 * @example await encodeProgrammeAudio({ mixPaths: [mixed.path], profile, layout: layoutFor({ profile, programmeFrames }), outPath, tools })
 */
export async function encodeProgrammeAudio({
  mixPaths,
  gainDb = 0,
  profile,
  layout,
  outPath,
  tools,
  signal,
}: {
  /** The mix's windows in order, or one file (`mixProgrammeAudio`'s, normalised already). */
  mixPaths: readonly string[];
  /** The loudness gain still to apply (0 for a normalised file). */
  gainDb?: number;
  profile: DeliveryProfile;
  layout: ProgrammeLayout;
  outPath: string;
  tools: MediaTools;
  signal?: AbortSignal;
}): Promise<{ path: string; contentType: string }> {
  await mkdir(path.dirname(outPath), { recursive: true });
  const partial = `${outPath}.partial-${process.pid}`;
  try {
    await runFfmpeg({
      args: buildProgrammeAudioArgs({ mixPaths, gainDb, layout, profile, outPath: partial }),
      tools,
      ...(signal ? { signal } : {}),
      timeoutSeconds: Math.max(tools.timeoutSeconds, 900),
    });
    await rename(partial, outPath);
    return { path: outPath, contentType: profile.audio.codec === 'pcm_s24le' ? 'audio/wav' : 'audio/mp4' };
  } finally {
    await rm(partial, { force: true });
  }
}
