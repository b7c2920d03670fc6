import { z } from 'zod';
import {
  AccessError,
  ApprovalStageSchema,
  AuditEntrySchema,
  CutKindOverridesSchema,
  NewInviteSchema,
  ProjectSchema,
  UploadLimitsSchema,
  deliveryDeadline,
  type Project,
} from '../../domain/index.ts';
import { buildDashboard } from '../../review/dashboard.ts';
import type { AppDeps } from '../app-deps.ts';
import { createInvite, inviteView } from '../../review/create-invite.ts';
import { revokeInvite } from '../../review/revoke-invite.ts';
import { defineRoute } from '../define-route.ts';
import { actorOf } from '../views.ts';
import { startProject, updateProject } from '../../review/projects.ts';

const ALL = ['admin', 'editor', 'contributor', 'reviewer', 'broadcaster'] as const;

const ProjectPatchSchema = z.object({
  expectedRevision: z.int().nonnegative(),
  title: z.string().normalize('NFC').trim().min(1).max(300).optional(),
  congressDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable()
    .optional(),
  approvalChain: z.array(ApprovalStageSchema).min(1).max(10).optional(),
  /** Per cut kind, its length, the stages that sign it and the days it is due in (replaces the project's overrides whole). */
  cutKinds: CutKindOverridesSchema.optional(),
  uploadLimits: UploadLimitsSchema.optional(),
});

/** Projects, invites, the audit log and the dashboard. */
export function projectRoutes({ deps }: { deps: AppDeps }) {
  const projectView = (project: Project) => ({ project, deadline: deliveryDeadline(project) });
  return [
    defineRoute({
      method: 'get',
      path: '/api/projects',
      access: ALL,
      tag: 'projects',
      summary: 'Projects: all for an admin, the own one for everybody else.',
      status: 200,
      response: z.object({ projects: z.array(ProjectSchema) }),
      handler: async ({ c, session }) => {
        const projects = await deps.store.projects.list();
        return c.json({ projects: session!.role === 'admin' ? projects : projects.filter((p) => p.id === session!.projectId) }, 200);
      },
    }),
    defineRoute<{ id: string; title?: string | undefined; congressDate?: string | null | undefined }, undefined>({
      method: 'post',
      path: '/api/projects',
      access: ['admin'],
      tag: 'projects',
      summary: 'Create a project (congress themes and the default approval chain).',
      status: 201,
      body: z.object({
        id: z.string().regex(/^[a-z0-9-]{1,64}$/),
        title: z.string().min(1).max(300).optional(),
        congressDate: z.string().nullable().optional(),
      }),
      handler: async ({ c, body, session }) => {
        const project = await startProject({ deps, id: body.id, title: body.title, congressDate: body.congressDate ?? null, actor: actorOf(session!) });
        return c.json(projectView(project), 201);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/projects/:projectId',
      access: ALL,
      tag: 'projects',
      summary: 'One project and its delivery deadline (congress date minus two days).',
      status: 200,
      response: z.object({ project: ProjectSchema, deadline: z.string().nullable() }),
      handler: async ({ c, project }) => c.json(projectView(project), 200),
    }),
    defineRoute<z.infer<typeof ProjectPatchSchema>, undefined>({
      method: 'patch',
      path: '/api/projects/:projectId',
      access: ['admin'],
      tag: 'projects',
      summary: "Change a project's title, congress date, approval chain, cut kinds' rules or upload limits (optimistic).",
      status: 200,
      body: ProjectPatchSchema,
      handler: async ({ c, body, project, session }) => {
        const { expectedRevision, ...changes } = body;
        const saved = await updateProject({ deps, project, changes, expectedRevision, actor: actorOf(session!) });
        return c.json(projectView(saved), 200);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/projects/:projectId/invites',
      access: ['admin'],
      tag: 'access',
      summary: "The project's invite links (never their tokens).",
      status: 200,
      handler: async ({ c, project }) => c.json({ invites: (await deps.workflow.invites.list({ projectId: project.id })).map(inviteView) }, 200),
    }),
    defineRoute<z.input<typeof NewInviteSchema>, undefined>({
      method: 'post',
      path: '/api/projects/:projectId/invites',
      access: ['admin'],
      tag: 'access',
      summary: 'Create an invite link for one role (a reviewer: one approval stage). The token is shown once.',
      status: 201,
      body: NewInviteSchema,
      handler: async ({ c, body, project, session }) => {
        if (body.role === 'admin') {
          throw new AccessError({
            code: 'ADMIN_INVITE_FROM_CLI',
            message: 'Admin links come from `reportage admin-token` only.',
            messageVi: 'Đường dẫn quản trị chỉ được tạo bằng lệnh `reportage admin-token`.',
            details: { field: 'role' },
          });
        }
        const { invite, token } = await createInvite({ deps, project, input: body, actor: actorOf(session!) });
        return c.json({ invite: inviteView(invite), token, url: `/i/${token}` }, 201);
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/projects/:projectId/invites/:inviteId',
      access: ['admin'],
      tag: 'access',
      summary: 'Revoke an invite link: its sessions, signed part URLs and download links end at once.',
      status: 200,
      handler: async ({ c, project, param, session }) => {
        const { invite, sessionsEnded, uploadsAborted } = await revokeInvite({
          deps,
          inviteId: param('inviteId'),
          projectId: project.id,
          actor: actorOf(session!),
        });
        return c.json({ invite: inviteView(invite), sessionsEnded, uploadsAborted }, 200);
      },
    }),
    defineRoute<undefined, { limit: number }>({
      method: 'get',
      path: '/api/projects/:projectId/audit',
      access: ['admin', 'editor'],
      tag: 'review',
      summary: 'The audit log, newest first.',
      status: 200,
      response: z.object({ entries: z.array(AuditEntrySchema) }),
      query: z.object({ limit: z.coerce.number().int().min(1).max(5000).default(500) }),
      handler: async ({ c, project, query }) => c.json({ entries: await deps.workflow.audit.list({ projectId: project.id, limit: query.limit }) }, 200),
    }),
    defineRoute({
      method: 'get',
      path: '/api/projects/:projectId/dashboard',
      access: ['admin', 'editor'],
      tag: 'projects',
      summary: 'The deadline and what stands between each cut and delivery.',
      status: 200,
      handler: async ({ c, project }) => c.json(await buildDashboard({ deps, project }), 200),
    }),
  ];
}
