import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { buildInputArgs } from '../build-input-args.ts';
import { buildSoundOutputArgs } from '../build-sound-args.ts';
import type { MediaSource, MediaTools } from '../media-tools.ts';
import { runFfmpeg } from '../run-ffmpeg.ts';

/**
 * The arguments that copy a file's first sound stream to 24-bit PCM WAV at 48 kHz
 * (`buildSoundOutputArgs`, the same sound ingest now writes beside the proxy). Pure.
 *
 * @example buildExtractAudioArgs({ source: { url: '/store/originals/ab12', protocols: 'file', demuxer: 'mov' }, outPath: '/tmp/a.wav' })
 */
export function buildExtractAudioArgs({ source, outPath }: { source: MediaSource; outPath: string }): string[] {
  return [...buildInputArgs({ source }), ...buildSoundOutputArgs({ outPath })];
}

/**
 * Extracts the sound of an asset ingested before ingest wrote `sound.wav`, once, so the programme
 * mix reads a small sample-exact WAV per source instead of demuxing every 1080p original again for
 * every item it is cut into. The file appears at `outPath` only when complete.
 *
 * @example await extractAudio({ source, outPath: path.join(scratch, 'audio-src.wav'), tools })
 */
export async function extractAudio({
  source,
  outPath,
  tools,
  signal,
}: {
  source: MediaSource;
  outPath: string;
  tools: MediaTools;
  signal?: AbortSignal;
}): Promise<{ path: string }> {
  await mkdir(path.dirname(outPath), { recursive: true });
  const partial = `${outPath}.partial-${process.pid}`;
  try {
    await runFfmpeg({ args: buildExtractAudioArgs({ source, outPath: partial }), tools, ...(signal ? { signal } : {}) });
    await rename(partial, outPath);
    return { path: outPath };
  } finally {
    await rm(partial, { force: true });
  }
}
