import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { buildInputArgs, toOutputUrl } from '../build-input-args.ts';
import type { MediaSource, MediaTools } from '../media-tools.ts';
import { runFfmpeg } from '../run-ffmpeg.ts';
import { buildCleanOutputArgs } from './build-encoder-args.ts';
import { SAMPLE_RATE } from './build-mix-args.ts';

/**
 * The arguments that copy a file's first sound stream to 24-bit PCM WAV at 48 kHz, channels as
 * they are (the mix maps them), `-rf64 auto` past 4 GiB. Pure.
 *
 * @example buildExtractAudioArgs({ source: { url: '/store/originals/ab12', protocols: 'file', demuxer: 'mov' }, outPath: '/tmp/a.wav' })
 */
export function buildExtractAudioArgs({ source, outPath }: { source: MediaSource; outPath: string }): string[] {
  return [
    ...buildInputArgs({ source }),
    '-map', '0:a:0', '-vn', '-sn', '-dn',
    '-c:a', 'pcm_s24le', '-ar', String(SAMPLE_RATE), '-rf64', 'auto',
    ...buildCleanOutputArgs(),
    '-f', 'wav', toOutputUrl({ path: outPath }),
  ];
}

/**
 * Extracts an asset's sound once, so the programme mix reads a small sample-exact WAV per source
 * instead of demuxing every 1080p original again for every item it is cut into. The file appears
 * at `outPath` only when complete.
 *
 * @example await extractAudio({ source, outPath: path.join(scratch, 'audio-src.wav'), tools })
 */
export async function extractAudio({ source, outPath, tools, signal }: { source: MediaSource; outPath: string; tools: MediaTools; signal?: AbortSignal }): Promise<{ path: string }> {
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
