/**
 * Review comments: pinned to a programme frame or a range of frames of one version, threaded by
 * replies, resolved when dealt with. Frames are integers at 25 fps (the pages show timecode).
 */
import { z } from 'zod';
import { RoleSchema } from './access.ts';
import { ReportageError } from './errors.ts';

/** Who did something, as the audit log and the pages show it. */
export const ActorSchema = z.object({
  role: RoleSchema,
  label: z.string(),
  /** The invite the session came from (null for a CLI admin token made before invites existed). */
  inviteId: z.string().nullable(),
});
export type Actor = z.infer<typeof ActorSchema>;

export const CommentSchema = z.object({
  id: z.string().min(1),
  projectId: z.string(),
  versionId: z.string(),
  /** The comment this one answers; replies inherit the thread's timecode. */
  parentId: z.string().nullable(),
  startFrame: z.int().nonnegative(),
  /** Inclusive last frame of a range, or null for a single point. */
  endFrame: z.int().nonnegative().nullable(),
  text: z.string().min(1).max(5000),
  author: ActorSchema,
  resolved: z.boolean(),
  resolvedBy: ActorSchema.nullable(),
  resolvedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  revision: z.int().nonnegative(),
});
export type Comment = z.infer<typeof CommentSchema>;

/** A new comment as the reviewer's page sends it. */
export const NewCommentSchema = z.object({
  startFrame: z.int().nonnegative(),
  endFrame: z.int().nonnegative().optional(),
  text: z.string().normalize('NFC').trim().min(1).max(5000),
  parentId: z.string().min(1).optional(),
});
export type NewComment = z.input<typeof NewCommentSchema>;

/** Base class of review errors (comments, decisions, approvals). */
export class ReviewError extends ReportageError {}

/**
 * Checks a comment's position against the version's length: the range must be in order and inside
 * the programme.
 *
 * @throws ReviewError `COMMENT_OUT_OF_RANGE`
 */
export function checkCommentRange({ startFrame, endFrame, durationFrames }: { startFrame: number; endFrame: number | null; durationFrames: number }): void {
  const last = Math.max(0, durationFrames - 1);
  if (startFrame > last || (endFrame !== null && (endFrame < startFrame || endFrame > last))) {
    throw new ReviewError({
      code: 'COMMENT_OUT_OF_RANGE',
      message: `A comment must be pinned inside the programme (frames 0–${last}) with its end not before its start; found ${startFrame}${endFrame === null ? '' : `–${endFrame}`}.`,
      messageVi: `Bình luận phải gắn vào một thời điểm trong chương trình (khung 0–${last}), điểm kết thúc không trước điểm bắt đầu.`,
      details: { startFrame, endFrame, durationFrames },
    });
  }
}

/** An editor's saved cut: work in progress, may still have problems (listed, not refused). */
export const CutDraftSchema = z.object({
  projectId: z.string(),
  cutId: z.string().regex(/^[a-z0-9-]{1,64}$/),
  title: z.string(),
  /** The cut as the editor sent it (validated against the schema and the assets when rendered). */
  cut: z.record(z.string(), z.unknown()),
  updatedBy: ActorSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  revision: z.int().nonnegative(),
});
export type CutDraft = z.infer<typeof CutDraftSchema>;

/** One line of the append-only audit log. */
export const AuditEntrySchema = z.object({
  id: z.string().min(1),
  projectId: z.string().nullable(),
  at: z.string(),
  actor: ActorSchema,
  /** What happened: `invite.create`, `cut.save`, `version.render`, `decision.approve`, `qc.override` … */
  action: z.string().min(1),
  /** What it happened to: an id (version, invite, upload, asset …). */
  subject: z.string(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
