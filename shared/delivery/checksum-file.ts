import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export interface FileChecksums {
  sha256: string;
  md5: string;
  sizeBytes: number;
}

/**
 * SHA-256 and MD5 of a file in one streaming read (64 KiB at a time: a 10 GB master never sits
 * in memory), with its size in bytes. Hex digests in lower case, as `sha256sum` prints them.
 *
 * @example await checksumFile({ path: 'out/master.mp4' }) // { sha256: '9f86…', md5: '098f…', sizeBytes: 734003200 }
 */
export async function checksumFile({ path }: { path: string }): Promise<FileChecksums> {
  const sha256 = createHash('sha256');
  const md5 = createHash('md5');
  let sizeBytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 })) {
    const bytes = chunk as Buffer;
    sha256.update(bytes);
    md5.update(bytes);
    sizeBytes += bytes.length;
  }
  return { sha256: sha256.digest('hex'), md5: md5.digest('hex'), sizeBytes };
}
