import { z } from 'zod';
import { QcStatusSchema } from './qc/index.ts';

export const ManifestFileSchema = z.object({
  /** Path relative to the package folder, as in the checksum files. */
  name: z.string().min(1),
  /** What the file is: `programme`, `srt`, `vtt`, `poster`, `qc-json`, `qc-html`, `thumbnail` … */
  role: z.string().min(1),
  sizeBytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  md5: z.string().regex(/^[0-9a-f]{32}$/),
});
export type ManifestFile = z.infer<typeof ManifestFileSchema>;

/** `manifest.json` of a delivery package: what is in it, how it was made, whether it passed QC. */
export const ManifestSchema = z.object({
  manifestVersion: z.literal(1),
  /** Project or programme title, as shown on the slate. */
  title: z.string(),
  /** The programme version the files were rendered from (immutable, identified by its hash). */
  version: z.object({ number: z.number().int().positive(), hash: z.string().min(1) }),
  profile: z.object({ id: z.string(), label: z.object({ vi: z.string(), en: z.string() }) }),
  files: z.array(ManifestFileSchema),
  qc: z.object({ status: QcStatusSchema, failed: z.array(z.string()), report: z.string().nullable() }),
  createdAt: z.iso.datetime(),
});
export type Manifest = z.infer<typeof ManifestSchema>;

/**
 * The manifest of a delivery package, validated against `ManifestSchema`. Files keep the order
 * given (the programme first, by convention).
 *
 * @example
 * buildManifest({
 *   title: 'Đại hội Liên hiệp các Hội KH&KT Hải Phòng', version: { number: 3, hash: 'b41c…' },
 *   profile: DEFAULT_PROFILES.broadcast, files, qc: { status: 'pass', failed: [], report: 'qc/report.html' },
 *   createdAt: clock.now(),
 * })
 */
export function buildManifest({
  title,
  version,
  profile,
  files,
  qc,
  createdAt,
}: {
  title: string;
  version: { number: number; hash: string };
  profile: { id: string; label: { vi: string; en: string } };
  files: readonly ManifestFile[];
  qc: { status: z.infer<typeof QcStatusSchema>; failed?: readonly string[]; report?: string | null };
  createdAt: Date | string;
}): Manifest {
  return ManifestSchema.parse({
    manifestVersion: 1,
    title,
    version: { number: version.number, hash: version.hash },
    profile: { id: profile.id, label: profile.label },
    files: files.map((file) => ({ name: file.name, role: file.role, sizeBytes: file.sizeBytes, sha256: file.sha256, md5: file.md5 })),
    qc: { status: qc.status, failed: [...(qc.failed ?? [])], report: qc.report ?? null },
    createdAt: typeof createdAt === 'string' ? createdAt : createdAt.toISOString(),
  });
}
