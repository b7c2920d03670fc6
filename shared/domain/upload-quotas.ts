import { z } from 'zod';
import { UploadError, type UploadRecord } from './access.ts';

const GIB = 1024 ** 3;

/** What one scope (a project, or one contributor in it) may hold. */
export const UploadQuotaSchema = z.object({
  /** Declared bytes of the uploads still in progress (reserved when an upload starts). */
  bytesInFlight: z.int().positive(),
  /** Bytes of completed uploads plus those in flight. */
  bytesStored: z.int().positive(),
  /** Uploads in progress at once. */
  openUploads: z.int().positive(),
});
export type UploadQuota = z.infer<typeof UploadQuotaSchema>;

export const UploadQuotasSchema = z.object({ project: UploadQuotaSchema, contributor: UploadQuotaSchema });
export type UploadQuotas = z.infer<typeof UploadQuotasSchema>;

/**
 * A congress's worth of camera cards per project; a contributor can have two full 64 GiB cards on
 * their way at once, and ten files going up in parallel (a browser sends three at a time).
 */
export const DEFAULT_UPLOAD_QUOTAS: UploadQuotas = {
  project: { bytesInFlight: 512 * GIB, bytesStored: 4096 * GIB, openUploads: 200 },
  contributor: { bytesInFlight: 128 * GIB, bytesStored: 1024 * GIB, openUploads: 20 },
};

/** An upload still `uploading` after this long is abandoned: it no longer holds quota, and the local staging is swept. */
export const DEFAULT_UPLOAD_ABANDON_SECONDS = 48 * 3600;

export type QuotaScope = 'project' | 'contributor';
export type QuotaLimit = keyof UploadQuota;

export interface QuotaBreach {
  scope: QuotaScope;
  limit: QuotaLimit;
  /** What the scope would hold with the new upload. */
  used: number;
  max: number;
}

/**
 * The first quota the project's uploads break, or null. `uploads` is every upload record of the
 * project, the new one included: the check runs again after the new record is written, so two
 * uploads started at the same moment both see each other and cannot both slip under the limit.
 * Uploads in progress whose record is older than `abandonAfterSeconds` are abandoned and count
 * for nothing; completed ones count their size towards `bytesStored`.
 *
 * @example findQuotaBreach({ quotas: DEFAULT_UPLOAD_QUOTAS, uploads, inviteId: session.inviteId, now, abandonAfterSeconds: 172800 })
 */
export function findQuotaBreach({
  quotas,
  uploads,
  inviteId,
  now,
  abandonAfterSeconds = DEFAULT_UPLOAD_ABANDON_SECONDS,
}: {
  quotas: UploadQuotas;
  uploads: readonly Pick<UploadRecord, 'state' | 'sizeBytes' | 'inviteId' | 'updatedAt'>[];
  /** The contributor's invite (null: a CLI admin, held to the project's quota only). */
  inviteId: string | null;
  now: Date;
  abandonAfterSeconds?: number;
}): QuotaBreach | null {
  const cutoff = now.getTime() - abandonAfterSeconds * 1000;
  const scopes: [QuotaScope, typeof uploads][] = [['project', uploads]];
  if (inviteId !== null) scopes.push(['contributor', uploads.filter((u) => u.inviteId === inviteId)]);
  for (const [scope, mine] of scopes) {
    const quota = quotas[scope];
    const open = mine.filter((u) => u.state === 'uploading' && Date.parse(u.updatedAt) > cutoff);
    const inFlight = open.reduce((sum, u) => sum + u.sizeBytes, 0);
    const stored = mine.filter((u) => u.state === 'completed' || u.state === 'storing').reduce((sum, u) => sum + u.sizeBytes, 0) + inFlight;
    if (open.length > quota.openUploads) return { scope, limit: 'openUploads', used: open.length, max: quota.openUploads };
    if (inFlight > quota.bytesInFlight) return { scope, limit: 'bytesInFlight', used: inFlight, max: quota.bytesInFlight };
    if (stored > quota.bytesStored) return { scope, limit: 'bytesStored', used: stored, max: quota.bytesStored };
  }
  return null;
}

const GiBText = (bytes: number) => `${(Math.round((bytes / GIB) * 100) / 100).toString()} GiB`;
const GiBTextVi = (bytes: number) => GiBText(bytes).replace('.', ',');

/** The refusal of a new upload that would break a quota (HTTP 413 `UPLOAD_QUOTA_EXCEEDED`). */
export function quotaExceededError({ breach }: { breach: QuotaBreach }): UploadError {
  const who = breach.scope === 'project' ? { en: 'the project', vi: 'dự án' } : { en: 'your uploads', vi: 'các tệp bạn tải lên' };
  const what: Record<QuotaLimit, { en: string; vi: string }> = {
    openUploads: { en: `at most ${breach.max} uploads in progress at once`, vi: `tối đa ${breach.max} tệp đang tải lên cùng lúc` },
    bytesInFlight: { en: `at most ${GiBText(breach.max)} being uploaded at once`, vi: `tối đa ${GiBTextVi(breach.max)} đang tải lên cùng lúc` },
    bytesStored: { en: `at most ${GiBText(breach.max)} in total`, vi: `tổng dung lượng tối đa ${GiBTextVi(breach.max)}` },
  };
  const wait =
    breach.limit === 'bytesStored'
      ? { en: 'Ask the organiser to raise the limit.', vi: 'Hãy đề nghị ban tổ chức nâng giới hạn.' }
      : { en: 'Wait for the uploads in progress to finish, then try again.', vi: 'Hãy chờ các tệp đang tải lên xong rồi thử lại.' };
  return new UploadError({
    code: 'UPLOAD_QUOTA_EXCEEDED',
    message: `This upload is refused: ${who.en} may have ${what[breach.limit].en}. ${wait.en}`,
    messageVi: `Không nhận thêm tệp: ${who.vi} chỉ được ${what[breach.limit].vi}. ${wait.vi}`,
    details: { ...breach },
  });
}

export { partLength, UPLOAD_PART_BYTES } from './upload-parts.ts';
