import { toOutputUrl } from './build-input-args.ts';
import { buildCleanOutputArgs } from './render/build-encoder-args.ts';
import { SAMPLE_RATE } from '../domain/project.ts';

/**
 * The output options that write an input's first sound stream the way the programme mix reads it:
 * 24-bit PCM WAV at 48 kHz, channels as they are (the mix maps them), `-rf64 auto` past 4 GiB,
 * nothing of the source's metadata. Ingest writes this beside the proxy (`sound.wav`, in the pass
 * that decodes the file anyway); the renderer extracts it the same way for assets ingested before
 * that, so both give the same bytes.
 *
 * @example buildSoundOutputArgs({ outPath: '/tmp/x/sound.wav' })
 * // ['-map', '0:a:0', '-vn', '-sn', '-dn', '-c:a', 'pcm_s24le', '-ar', '48000', '-rf64', 'auto', …, '-f', 'wav', 'file:/tmp/x/sound.wav']
 */
export function buildSoundOutputArgs({
  outPath,
  map = '0:a:0',
}: {
  outPath: string /** What is written: the first sound stream, or a graph's label (`[asound]`). */;
  map?: string;
}): string[] {
  return [
    '-map',
    map,
    '-vn',
    '-sn',
    '-dn',
    '-c:a',
    'pcm_s24le',
    '-ar',
    String(SAMPLE_RATE),
    '-rf64',
    'auto',
    ...buildCleanOutputArgs(),
    '-f',
    'wav',
    toOutputUrl({ path: outPath }),
  ];
}
