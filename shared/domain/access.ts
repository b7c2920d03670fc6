/**
 * Access by invite link: no accounts. An admin hands out links scoped to one project and one role
 * (a reviewer's link also names the approval stage it signs for). The link's secret token is
 * stored only as its SHA-256; opening it starts a session whose id is stored hashed too.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ReportageError } from './errors.ts';
import { MIN_PART_BYTES } from './upload-parts.ts';

export { MAX_PART_BYTES, MAX_PARTS, MIN_PART_BYTES } from './upload-parts.ts';

export const ROLES = ['admin', 'editor', 'contributor', 'reviewer', 'broadcaster'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** Vietnamese labels of the UI glossary (DESIGN.md, "Who does what"). */
export const ROLE_LABELS: Record<Role, { vi: string; en: string }> = {
  admin: { vi: 'Quản trị', en: 'Admin' },
  editor: { vi: 'Biên tập', en: 'Editor' },
  contributor: { vi: 'Cộng tác viên', en: 'Contributor' },
  reviewer: { vi: 'Duyệt', en: 'Reviewer' },
  broadcaster: { vi: 'Đài PT-TH / Kỹ thuật hội trường', en: 'Broadcaster' },
};

const HASH = z.string().regex(/^[0-9a-f]{64}$/);

/** An invite link as stored: never the token itself. */
export const InviteSchema = z.object({
  id: z.string().min(1),
  /** Null only for admin invites (an admin sees every project). */
  projectId: z.string().nullable(),
  role: RoleSchema,
  /** The approval stage a reviewer signs for; null for the other roles. */
  stage: z.string().nullable(),
  /** Who the link is for (a person or an organisation), shown in the audit log. NFC. */
  label: z.string().min(1).max(200),
  tokenHash: HASH,
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type Invite = z.infer<typeof InviteSchema>;

/** A signed-in browser. The id is stored hashed; the CSRF token is derived from the secret id. */
export const SessionSchema = z.object({
  idHash: HASH,
  inviteId: z.string().nullable(),
  projectId: z.string().nullable(),
  role: RoleSchema,
  stage: z.string().nullable(),
  label: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  /** The last request seen (written at most every few minutes); absent until the first one. Drives the idle timeout. */
  lastSeenAt: z.string().optional(),
});
export type Session = z.infer<typeof SessionSchema>;

/** What a new invite says; validated at the API boundary. */
export const NewInviteSchema = z
  .object({
    role: RoleSchema,
    stage: z
      .string()
      .regex(/^[a-z0-9-]+$/)
      .optional(),
    label: z.string().normalize('NFC').trim().min(1).max(200),
    expiresInHours: z
      .number()
      .int()
      .positive()
      .max(24 * 365)
      .default(24 * 30),
  })
  .refine((v) => (v.role === 'reviewer') === (v.stage !== undefined), {
    message: 'a reviewer invite names its approval stage; other roles do not',
    path: ['stage'],
  });
export type NewInvite = z.input<typeof NewInviteSchema>;

/** 32 random bytes, base64url: what goes in the link. */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The SHA-256 (hex) a token or session id is stored under. */
export function hashSecret({ secret }: { secret: string }): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time equality of two strings (tokens, signatures). */
export function secretsEqual({ a, b }: { a: string; b: string }): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Base class of access errors (sign-in, roles, CSRF, signatures). */
export class AccessError extends ReportageError {}

/**
 * Why an invite cannot start a session, or null when it can.
 *
 * @example inviteProblem({ invite, now }) // 'INVITE_EXPIRED'
 */
export function inviteProblem({ invite, now }: { invite: Invite | null; now: Date }): 'INVITE_UNKNOWN' | 'INVITE_REVOKED' | 'INVITE_EXPIRED' | null {
  if (invite === null) return 'INVITE_UNKNOWN';
  if (invite.revokedAt !== null) return 'INVITE_REVOKED';
  if (Date.parse(invite.expiresAt) <= now.getTime()) return 'INVITE_EXPIRED';
  return null;
}

const INVITE_MESSAGES = {
  INVITE_UNKNOWN: {
    en: 'This sign-in link is not valid. Check that the whole link was copied, or ask the organiser for a new one.',
    vi: 'Đường dẫn đăng nhập không hợp lệ. Hãy kiểm tra đã sao chép đủ đường dẫn, hoặc đề nghị ban tổ chức gửi đường dẫn mới.',
  },
  INVITE_REVOKED: {
    en: 'This sign-in link has been revoked. Ask the organiser for a new one.',
    vi: 'Đường dẫn đăng nhập này đã bị thu hồi. Hãy đề nghị ban tổ chức gửi đường dẫn mới.',
  },
  INVITE_EXPIRED: {
    en: 'This sign-in link has expired. Ask the organiser for a new one.',
    vi: 'Đường dẫn đăng nhập đã hết hạn. Hãy đề nghị ban tổ chức gửi đường dẫn mới.',
  },
} as const;

/**
 * The error for an invite that cannot be used (HTTP 401). `invite`, when one was found, goes into
 * `details` for the audit log (never into the response body).
 */
export function inviteError({
  code,
  invite = null,
}: {
  code: keyof typeof INVITE_MESSAGES;
  invite?: Pick<Invite, 'id' | 'projectId' | 'role' | 'label'> | null;
}): AccessError {
  const details = invite === null ? {} : { inviteId: invite.id, projectId: invite.projectId, role: invite.role, label: invite.label };
  return new AccessError({ code, message: INVITE_MESSAGES[code].en, messageVi: INVITE_MESSAGES[code].vi, details });
}

/** How long a session lasts at most by default (`REPORTAGE_SESSION_HOURS`); it never outlives its invite. */
export const SESSION_HOURS = 7 * 24;

/** How long a session may go unused by default before it ends (`REPORTAGE_SESSION_IDLE_MINUTES`). */
export const SESSION_IDLE_MINUTES = 24 * 60;

/** An admin sign-in link's default and longest validity: it opens every project. */
export const ADMIN_LINK_DEFAULT_HOURS = 24;
export const ADMIN_LINK_MAX_HOURS = 7 * 24;

/** How long sessions last: the settings of `REPORTAGE_SESSION_HOURS` and `REPORTAGE_SESSION_IDLE_MINUTES`. */
export interface SessionPolicy {
  lifetimeHours: number;
  idleMinutes: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { lifetimeHours: SESSION_HOURS, idleMinutes: SESSION_IDLE_MINUTES };

/** A session's expiry: the earlier of its own lifetime and its invite's expiry. */
export function sessionExpiry({
  invite,
  now,
  lifetimeHours = SESSION_HOURS,
}: {
  invite: Pick<Invite, 'expiresAt'> | null;
  now: Date;
  lifetimeHours?: number;
}): string {
  const own = now.getTime() + lifetimeHours * 3600_000;
  const limit = invite === null ? own : Math.min(own, Date.parse(invite.expiresAt));
  return new Date(limit).toISOString();
}

/**
 * Whether a stored session still holds at `now`: `expired` past its expiry, `idle` when unused
 * for longer than the idle timeout (counted from its last recorded request, or its start).
 *
 * @example sessionState({ session, now, idleMinutes: 60 }) // 'idle'
 */
export function sessionState({
  session,
  now,
  idleMinutes,
}: {
  session: Pick<Session, 'expiresAt' | 'createdAt' | 'lastSeenAt'>;
  now: Date;
  idleMinutes: number;
}): 'valid' | 'expired' | 'idle' {
  if (Date.parse(session.expiresAt) <= now.getTime()) return 'expired';
  const seen = Date.parse(session.lastSeenAt ?? session.createdAt);
  return now.getTime() - seen >= idleMinutes * 60_000 ? 'idle' : 'valid';
}

/**
 * True when a session's last-seen time is stale enough to write again: every request would be a
 * write otherwise. A twelfth of the idle timeout (at most five minutes) keeps the timeout exact
 * to within that margin.
 */
export function sessionNeedsTouch({
  session,
  now,
  idleMinutes,
}: {
  session: Pick<Session, 'createdAt' | 'lastSeenAt'>;
  now: Date;
  idleMinutes: number;
}): boolean {
  const seen = Date.parse(session.lastSeenAt ?? session.createdAt);
  return now.getTime() - seen >= Math.min(5 * 60_000, (idleMinutes * 60_000) / 12);
}

/** A browser upload in progress or finished, and the asset it became. */
export const UploadRecordSchema = z.object({
  id: z.string().min(1),
  projectId: z.string(),
  /** The staged blob key of the multipart upload (never an original's key). */
  key: z.string(),
  /** The file's name as the contributor had it: display text only. */
  filename: z.string(),
  contentType: z.string(),
  sizeBytes: z.int().nonnegative(),
  metadata: z.record(z.string(), z.unknown()),
  /** The invite of the session that started it (null: a CLI admin). */
  inviteId: z.string().nullable(),
  /**
   * `storing`: the parts are joined and the file is being moved into the originals (by the ingest
   * function on AWS, in-process locally); then `completed` with its asset, or `failed` with `error`.
   */
  state: z.enum(['uploading', 'storing', 'completed', 'failed', 'aborted']),
  assetId: z.string().nullable(),
  /** Why storing failed (state `failed`), in both languages. */
  error: z.object({ code: z.string(), message: z.string(), messageVi: z.string() }).nullable().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  revision: z.int().nonnegative(),
});
export type UploadRecord = z.infer<typeof UploadRecordSchema>;

/** One download request of a delivered file (a resumed download logs one entry per range). */
export const DownloadEntrySchema = z.object({
  id: z.string().min(1),
  projectId: z.string(),
  at: z.string(),
  renderId: z.string(),
  profile: z.string(),
  file: z.string(),
  /** The invite the link was issued to, or `admin`. */
  by: z.string(),
  range: z.string().nullable(),
  bytes: z.int().nonnegative(),
  ip: z.string().nullable(),
});
export type DownloadEntry = z.infer<typeof DownloadEntrySchema>;

/**
 * Errors of the multipart upload protocol, thrown alike by every backend
 * (test/contracts/multipart-uploads-contract.ts).
 */
export class UploadError extends ReportageError {
  /** No upload with this id (never started, completed, or aborted). */
  static notFound({ uploadId }: { uploadId: string }): UploadError {
    return new UploadError({
      code: 'UPLOAD_NOT_FOUND',
      message: `No upload "${uploadId}" is in progress (it finished, was cancelled, or never started). Start the upload again.`,
      messageVi: 'Không tìm thấy lượt tải lên này (đã xong, đã huỷ hoặc chưa bắt đầu). Hãy tải tệp lên lại.',
      details: { uploadId },
    });
  }

  /** The parts named at completion do not match the parts received. */
  static partMismatch({ partNumber, reason }: { partNumber: number; reason: string }): UploadError {
    return new UploadError({
      code: 'UPLOAD_PART_MISMATCH',
      message: `Part ${partNumber} cannot be joined: ${reason}. Send the part again, then complete the upload.`,
      messageVi: `Phần ${partNumber} của tệp không khớp với phần đã nhận. Hãy gửi lại phần đó rồi hoàn tất.`,
      details: { partNumber, reason },
    });
  }

  /** A part other than the last is under the 5 MiB minimum (as on S3). */
  static partTooSmall({ partNumber, sizeBytes }: { partNumber: number; sizeBytes: number }): UploadError {
    return new UploadError({
      code: 'UPLOAD_PART_TOO_SMALL',
      message: `Part ${partNumber} has ${sizeBytes} bytes; every part but the last needs at least ${MIN_PART_BYTES} bytes (5 MiB).`,
      messageVi: `Phần ${partNumber} quá nhỏ; mỗi phần (trừ phần cuối) phải có ít nhất 5 MiB.`,
      details: { partNumber, sizeBytes },
    });
  }

  /** More bytes arrived than the upload declared when it started. */
  static tooLarge({ declaredBytes }: { declaredBytes: number }): UploadError {
    return new UploadError({
      code: 'UPLOAD_TOO_LARGE',
      message: `The parts sent exceed the ${declaredBytes} bytes this upload declared. Start the upload again.`,
      messageVi: 'Dữ liệu gửi lên vượt quá kích thước tệp đã khai báo. Hãy tải tệp lên lại.',
      details: { declaredBytes },
    });
  }

  /** A part number outside 1–10000, or a part larger than 5 GiB. */
  static badPart({ partNumber, reason }: { partNumber: number; reason: string }): UploadError {
    return new UploadError({
      code: 'UPLOAD_PART_INVALID',
      message: `Part ${partNumber} is refused: ${reason}.`,
      messageVi: `Phần ${partNumber} của tệp bị từ chối.`,
      details: { partNumber, reason },
    });
  }
}
