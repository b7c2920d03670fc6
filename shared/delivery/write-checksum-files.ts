import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checksumFile, type FileChecksums } from './checksum-file.ts';
import { ChecksumNameError } from './errors.ts';

/** One file of a package, with its checksums. `name` is relative to the package folder. */
export interface ChecksumEntry extends FileChecksums {
  name: string;
}

/** The names of the two checksum files, as broadcasters and `sha256sum -c` expect them. */
export const CHECKSUM_FILE_NAMES = { sha256: 'SHA256SUMS', md5: 'MD5SUMS' } as const;

/**
 * Lines of a checksum file in the coreutils format (`<hex>  <name>`, two spaces: text mode),
 * one per file, in the order given, ending with a newline. Names are checked: a newline or
 * backslash (which coreutils would escape), an absolute path or `..` is refused
 * (`INVALID_CHECKSUM_NAME`).
 *
 * @example formatChecksumLines({ entries: [{ name: 'master.mp4', sha256: 'ab…', md5: 'cd…', sizeBytes: 1 }], algorithm: 'sha256' })
 * // 'ab…  master.mp4\n'
 */
export function formatChecksumLines({
  entries,
  algorithm,
}: {
  entries: readonly Pick<ChecksumEntry, 'name' | 'sha256' | 'md5'>[];
  algorithm: 'sha256' | 'md5';
}): string {
  return entries.map((entry) => `${entry[algorithm]}  ${checkName({ name: entry.name })}\n`).join('');
}

/**
 * Writes `SHA256SUMS` and `MD5SUMS` into `outDir` for the given files, verifiable there with
 * `sha256sum -c SHA256SUMS` and `md5sum -c MD5SUMS`. A file is named by `name`, else by its path
 * relative to `outDir` (it must be inside it). Checksums already known (`sha256`, `md5`,
 * `sizeBytes`) are reused; others are computed by streaming the file. Each checksum file is
 * written under a temporary name and renamed, so a reader never sees half of one.
 *
 * @example
 * await writeChecksumFiles({ files: [{ path: 'out/master.mp4' }, { path: 'out/master.srt' }], outDir: 'out' })
 */
export async function writeChecksumFiles({
  files,
  outDir,
}: {
  files: readonly { path: string; name?: string; sha256?: string; md5?: string; sizeBytes?: number }[];
  outDir: string;
}): Promise<{ sha256sums: string; md5sums: string; entries: ChecksumEntry[] }> {
  const entries: ChecksumEntry[] = [];
  for (const file of files) {
    const name = checkName({ name: file.name ?? path.relative(outDir, file.path).split(path.sep).join('/') });
    const sums =
      file.sha256 && file.md5 && file.sizeBytes !== undefined
        ? { sha256: file.sha256, md5: file.md5, sizeBytes: file.sizeBytes }
        : await checksumFile({ path: file.path });
    entries.push({ name, ...sums });
  }
  const sha256sums = path.join(outDir, CHECKSUM_FILE_NAMES.sha256);
  const md5sums = path.join(outDir, CHECKSUM_FILE_NAMES.md5);
  await writeAtomically({ file: sha256sums, content: formatChecksumLines({ entries, algorithm: 'sha256' }) });
  await writeAtomically({ file: md5sums, content: formatChecksumLines({ entries, algorithm: 'md5' }) });
  return { sha256sums, md5sums, entries };
}

function checkName({ name }: { name: string }): string {
  const bad = name.length === 0 || /[\n\r\\]/.test(name) || name.startsWith('/') || name.split('/').some((part) => part === '..' || part === '');
  if (bad) throw new ChecksumNameError({ name });
  return name;
}

async function writeAtomically({ file, content }: { file: string; content: string }): Promise<void> {
  const temporary = `${file}.tmp-${process.pid}`;
  await writeFile(temporary, content, 'utf8');
  await rename(temporary, file);
}
