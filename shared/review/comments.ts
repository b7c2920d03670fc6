import { randomUUID } from 'node:crypto';
import { NewCommentSchema, NotFoundError, ReviewError, checkCommentRange, type Actor, type Comment, type NewComment, type Version } from '../domain/index.ts';
import { auditEntry } from './record-audit.ts';
import type { ReviewDeps } from './review-deps.ts';

/**
 * Pins a comment to a frame or a range of a version (a reply to the thread of `parentId`, which
 * must be on the same version), and records it in the audit log.
 */
export async function addComment({ deps, version, actor, input }: { deps: ReviewDeps; version: Version; actor: Actor; input: NewComment }): Promise<Comment> {
  const parsed = NewCommentSchema.parse(input);
  const endFrame = parsed.endFrame ?? null;
  checkCommentRange({ startFrame: parsed.startFrame, endFrame, durationFrames: version.durationFrames });
  if (parsed.parentId !== undefined) {
    const parent = await deps.workflow.comments.get({ id: parsed.parentId });
    if (parent === null || parent.versionId !== version.id) {
      throw new ReviewError({
        code: 'UNKNOWN_PARENT_COMMENT',
        message: `The comment being answered ("${parsed.parentId}") is not on this version.`,
        messageVi: 'Bình luận được trả lời không thuộc phiên bản này.',
        details: { parentId: parsed.parentId },
      });
    }
  }
  const now = deps.clock.now().toISOString();
  const id = randomUUID();
  const comment = await deps.workflow.comments.create({
    comment: {
      id,
      projectId: version.projectId,
      versionId: version.id,
      parentId: parsed.parentId ?? null,
      startFrame: parsed.startFrame,
      endFrame,
      text: parsed.text,
      author: actor,
      resolved: false,
      resolvedBy: null,
      resolvedAt: null,
      createdAt: now,
      updatedAt: now,
      revision: 0,
    },
    audit: auditEntry({
      deps,
      projectId: version.projectId,
      actor,
      action: 'comment.add',
      subject: version.id,
      details: { commentId: id, startFrame: parsed.startFrame, endFrame },
    }),
  });
  return comment;
}

/** Marks a comment resolved (or open again). */
export async function setCommentResolved({
  deps,
  projectId,
  commentId,
  resolved,
  actor,
}: {
  deps: ReviewDeps;
  projectId: string;
  commentId: string;
  resolved: boolean;
  actor: Actor;
}): Promise<Comment> {
  const comment = await deps.workflow.comments.get({ id: commentId });
  if (comment === null || comment.projectId !== projectId) throw new NotFoundError({ entity: 'comment', id: commentId });
  const now = deps.clock.now().toISOString();
  const updated = await deps.workflow.comments.update({
    comment: { ...comment, resolved, resolvedBy: resolved ? actor : null, resolvedAt: resolved ? now : null, updatedAt: now },
    expectedRevision: comment.revision,
    audit: auditEntry({ deps, projectId, actor, action: resolved ? 'comment.resolve' : 'comment.reopen', subject: comment.versionId, details: { commentId } }),
  });
  return updated;
}
