import { z } from 'zod';
import {
  CommentSchema,
  DecisionSchema,
  NewCommentSchema,
  NewDecisionSchema,
  NotFoundError,
  framesToTimecode,
  type Comment,
  type Role,
} from '../../domain/index.ts';
import { addComment, setCommentResolved } from '../../review/comments.ts';
import { qcStateOf, readApprovalStatus, recordDecision } from '../../review/decisions.ts';
import { loadVersionFor } from '../../review/review-requests.ts';
import type { AppDeps } from '../app-deps.ts';
import { defineRoute } from '../define-route.ts';
import { actorOf } from '../views.ts';

const WATCHERS = ['admin', 'editor', 'reviewer'] as const;

const CommentViewSchema = CommentSchema.extend({ timecode: z.string(), endTimecode: z.string().nullable() });
const ApprovalStatusSchema = z.object({
  versionId: z.string(),
  state: z.enum(['pending', 'changes-requested', 'approved']),
  sequence: z.int(),
  nextStage: z.string().nullable(),
  stages: z.array(
    z.object({
      id: z.string(),
      label: z.object({ vi: z.string(), en: z.string() }),
      state: z.enum(['waiting', 'open', 'approved', 'changes-requested']),
      decision: DecisionSchema.nullable(),
    }),
  ),
  decisions: z.array(DecisionSchema),
  qc: z.object({ status: z.enum(['pass', 'warn', 'fail', 'missing']), failed: z.array(z.string()), reportUrl: z.string().nullable() }),
});

const commentView = (comment: Comment) => ({
  ...comment,
  timecode: framesToTimecode({ frames: comment.startFrame }),
  endTimecode: comment.endFrame === null ? null : framesToTimecode({ frames: comment.endFrame }),
});

/** Comments and the approval chain of a version. */
export function reviewRoutes({ deps }: { deps: AppDeps }) {
  /** A reviewer reaches only versions sent to review: any other id is the same 404 as an unknown one. */
  const loadVersion = ({ projectId, versionId, role }: { projectId: string; versionId: string; role: Role }) =>
    loadVersionFor({ deps, projectId, versionId, role });
  const approvalView = async ({
    project,
    version,
  }: {
    project: Parameters<typeof readApprovalStatus>[0]['project'];
    version: Awaited<ReturnType<typeof loadVersion>>;
  }) => {
    const status = await readApprovalStatus({ deps, project, version });
    const qc = await qcStateOf({ deps, version });
    const reportUrl = qc.render?.files.some((f) => f.role === 'qc-html') ? `/api/projects/${project.id}/renders/${qc.render.id}/qc` : null;
    return { ...status, qc: { status: qc.state, failed: qc.render?.qc?.failed ?? [], reportUrl } };
  };

  return [
    defineRoute({
      method: 'get',
      path: '/api/projects/:projectId/versions/:versionId/comments',
      access: WATCHERS,
      tag: 'review',
      summary: "A version's comments, oldest first (replies name their parent).",
      status: 200,
      response: z.object({ comments: z.array(CommentViewSchema) }),
      handler: async ({ c, project, param, session }) => {
        const version = await loadVersion({ projectId: project.id, versionId: param('versionId'), role: session!.role });
        return c.json({ comments: (await deps.workflow.comments.list({ versionId: version.id })).map(commentView) }, 200);
      },
    }),
    defineRoute<z.infer<typeof NewCommentSchema>, undefined>({
      method: 'post',
      path: '/api/projects/:projectId/versions/:versionId/comments',
      access: WATCHERS,
      tag: 'review',
      summary: 'Pin a comment to a frame or a range of frames (or reply to one).',
      status: 201,
      response: z.object({ comment: CommentViewSchema }),
      body: NewCommentSchema,
      handler: async ({ c, project, body, session, param }) => {
        const version = await loadVersion({ projectId: project.id, versionId: param('versionId'), role: session!.role });
        return c.json({ comment: commentView(await addComment({ deps, version, actor: actorOf(session!), input: body })) }, 201);
      },
    }),
    defineRoute<{ resolved: boolean }, undefined>({
      method: 'patch',
      path: '/api/projects/:projectId/comments/:commentId',
      access: WATCHERS,
      tag: 'review',
      summary: 'Resolve a comment (or open it again).',
      status: 200,
      body: z.object({ resolved: z.boolean() }),
      handler: async ({ c, project, body, session, param }) => {
        if (session!.role === 'reviewer') {
          const comment = await deps.workflow.comments.get({ id: param('commentId') });
          if (comment === null || comment.projectId !== project.id) throw new NotFoundError({ entity: 'comment', id: param('commentId') });
          await loadVersion({ projectId: project.id, versionId: comment.versionId, role: 'reviewer' }).catch(() => {
            throw new NotFoundError({ entity: 'comment', id: param('commentId') });
          });
        }
        return c.json(
          {
            comment: commentView(
              await setCommentResolved({ deps, projectId: project.id, commentId: param('commentId'), resolved: body.resolved, actor: actorOf(session!) }),
            ),
          },
          200,
        );
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/projects/:projectId/versions/:versionId/approvals',
      access: ['admin', 'editor', 'reviewer', 'broadcaster'],
      tag: 'review',
      summary: 'Where the version stands in the approval chain, with its QC state.',
      status: 200,
      response: ApprovalStatusSchema,
      handler: async ({ c, project, param, session }) =>
        c.json(await approvalView({ project, version: await loadVersion({ projectId: project.id, versionId: param('versionId'), role: session!.role }) }), 200),
    }),
    defineRoute<z.input<typeof NewDecisionSchema>, undefined>({
      method: 'post',
      path: '/api/projects/:projectId/versions/:versionId/decisions',
      access: ['admin', 'reviewer'],
      tag: 'review',
      summary: 'Approve or request changes for a stage (a reviewer: their own stage; an admin may override a failing QC with a reason).',
      status: 201,
      body: NewDecisionSchema,
      response: ApprovalStatusSchema,
      handler: async ({ c, project, body, session, param }) => {
        const version = await loadVersion({ projectId: project.id, versionId: param('versionId'), role: session!.role });
        await recordDecision({ deps, project, version, actor: actorOf(session!), actorStage: session!.stage, input: body });
        return c.json(await approvalView({ project, version }), 201);
      },
    }),
  ];
}
