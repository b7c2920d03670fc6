import { readFileSync } from 'node:fs';

/**
 * A stderr log captured from ffmpeg 5.1 running the QC passes (`buildPictureAnalysisArgs`,
 * `buildAudioAnalysisArgs`) on the clips of `test/helpers/make-qc-media.ts`, input path replaced.
 */
export function readFixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}
