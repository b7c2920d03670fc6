import { z } from 'zod';
import { CutKindSchema, NotFoundError, type Role } from '../../domain/index.ts';
import { ProfileIdSchema } from '../../domain/delivery-profiles.ts';
import { checkDraft, saveCutDraft, startCut } from '../../review/cut-drafts.ts';
import { isSentToReview, loadVersionFor, versionsSentToReview } from '../../review/review-requests.ts';
import { readVersionDetail } from '../../review/version-detail.ts';
import { renderDraftForReview, startRender } from '../../review/start-render.ts';
import type { AppDeps } from '../app-deps.ts';
import { defineRoute } from '../define-route.ts';
import { answerBlob } from '../stream-blob.ts';
import { actorOf, renderView, versionView } from '../views.ts';

const EDITORS = ['admin', 'editor'] as const;
const WATCHERS = ['admin', 'editor', 'reviewer'] as const;

const StartCutSchema = z.object({
  cutId: z.string().regex(/^[a-z0-9-]{1,64}$/),
  title: z.string().normalize('NFC').trim().min(1).max(300),
  kind: CutKindSchema,
  logoAssetId: z.string().min(1).max(200).nullable().default(null),
});
const SaveCutSchema = z.object({ cut: z.record(z.string(), z.unknown()), expectedRevision: z.int().nonnegative() });

/** Cut drafts, versions and renders. */
export function cutRoutes({ deps }: { deps: AppDeps }) {
  const loadVersion = ({ projectId, versionId, role }: { projectId: string; versionId: string; role: Role }) =>
    loadVersionFor({ deps, projectId, versionId, role });
  /** A render of the project; for a reviewer, only one of a version sent to review (else the same 404). */
  const loadRender = async ({ projectId, renderId, role }: { projectId: string; renderId: string; role: Role }) => {
    const render = await deps.store.renders.get({ id: renderId });
    if (render === null || render.projectId !== projectId) throw new NotFoundError({ entity: 'render', id: renderId });
    if (role === 'reviewer') {
      const version = await deps.store.versions.get({ id: render.versionId });
      if (version === null || !(await isSentToReview({ deps, version }))) throw new NotFoundError({ entity: 'render', id: renderId });
    }
    return render;
  };
  const view = (render: Parameters<typeof renderView>[0]['render']) => renderView({ render, live: deps.renders?.progress({ renderId: render.id }) ?? null });

  return [
    defineRoute({
      method: 'get',
      path: '/api/projects/:projectId/cuts',
      access: EDITORS,
      tag: 'cuts',
      summary: "The project's cut drafts.",
      status: 200,
      handler: async ({ c, project }) =>
        c.json(
          {
            cuts: (await deps.workflow.cuts.list({ projectId: project.id })).map((d) => ({
              cutId: d.cutId,
              title: d.title,
              revision: d.revision,
              updatedAt: d.updatedAt,
              updatedBy: d.updatedBy,
            })),
          },
          200,
        ),
    }),
    defineRoute({
      method: 'get',
      path: '/api/projects/:projectId/cuts/:cutId',
      access: EDITORS,
      tag: 'cuts',
      summary: 'A cut draft with its problems (per shot) and running length against the target.',
      status: 200,
      handler: async ({ c, project, param }) => {
        const draft = await deps.workflow.cuts.get({ projectId: project.id, cutId: param('cutId') });
        if (draft === null) throw new NotFoundError({ entity: 'cut', id: param('cutId') });
        return c.json({ draft, ...(await checkDraft({ deps, project, cut: draft.cut })) }, 200);
      },
    }),
    defineRoute<z.infer<typeof StartCutSchema>, undefined>({
      method: 'post',
      path: '/api/projects/:projectId/cuts',
      access: EDITORS,
      tag: 'cuts',
      summary:
        "Start a cut of a kind: a news item or a teaser from its template (opening card with today's date, closing card, the logo if named), a reportage empty. 409 when the id is taken.",
      status: 201,
      body: StartCutSchema,
      handler: async ({ c, project, body, session }) =>
        c.json(
          await startCut({ deps, project, cutId: body.cutId, title: body.title, kind: body.kind, logoAssetId: body.logoAssetId, actor: actorOf(session!) }),
          201,
        ),
    }),
    defineRoute<z.infer<typeof SaveCutSchema>, undefined>({
      method: 'put',
      path: '/api/projects/:projectId/cuts/:cutId',
      access: EDITORS,
      tag: 'cuts',
      summary: 'Save a cut draft (optimistic: expectedRevision 0 creates). Problems are listed, not refused.',
      status: 200,
      body: SaveCutSchema,
      handler: async ({ c, project, body, session, param }) =>
        c.json(
          await saveCutDraft({ deps, project, cutId: param('cutId'), cut: body.cut, expectedRevision: body.expectedRevision, actor: actorOf(session!) }),
          200,
        ),
    }),
    defineRoute({
      method: 'post',
      path: '/api/projects/:projectId/cuts/:cutId/render',
      access: EDITORS,
      tag: 'cuts',
      summary: 'Freeze the saved draft into a version, send it to review (the approval chain is frozen into it) and start its review render in the background.',
      status: 202,
      handler: async ({ c, project, session, param }) => {
        const { version, render } = await renderDraftForReview({ deps, project, cutId: param('cutId'), actor: actorOf(session!) });
        return c.json({ version: versionView(version), render: view(render) }, 202);
      },
    }),
    defineRoute<undefined, { cutId?: string | undefined }>({
      method: 'get',
      path: '/api/projects/:projectId/versions',
      access: WATCHERS,
      tag: 'cuts',
      summary: 'Versions, newest first (a reviewer sees those sent to review: with a review render).',
      status: 200,
      query: z.object({ cutId: z.string().max(64).optional() }),
      handler: async ({ c, project, session, query }) => {
        let versions = await deps.store.versions.list({ projectId: project.id, ...(query.cutId ? { cutId: query.cutId } : {}) });
        if (session!.role === 'reviewer') {
          const sent = await versionsSentToReview({ deps, projectId: project.id });
          versions = versions.filter((v) => sent.has(v.id));
        }
        versions.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : b.number - a.number));
        return c.json({ versions: versions.map(versionView) }, 200);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/projects/:projectId/versions/:versionId',
      access: WATCHERS,
      tag: 'cuts',
      summary: 'A version: its cut, renders, the previous version and the shots changed since (a reviewer: only versions sent to review).',
      status: 200,
      handler: async ({ c, project, param, session }) => {
        const { version, previous, renders, changedShots, changedRanges } = await readVersionDetail({
          deps,
          projectId: project.id,
          versionId: param('versionId'),
          role: session!.role,
        });
        return c.json(
          {
            version: versionView(version),
            cut: version.cut,
            renders: renders.map(view),
            previous: previous === null ? null : { id: previous.id, number: previous.number },
            changedShots,
            changedRanges,
          },
          200,
        );
      },
    }),
    defineRoute<{ profile: z.infer<typeof ProfileIdSchema> }, undefined>({
      method: 'post',
      path: '/api/projects/:projectId/versions/:versionId/renders',
      access: EDITORS,
      tag: 'cuts',
      summary: 'Render a version with a profile; delivery profiles need the version approved by every stage.',
      status: 202,
      body: z.object({ profile: ProfileIdSchema }),
      handler: async ({ c, project, body, session, param }) => {
        const version = await loadVersion({ projectId: project.id, versionId: param('versionId'), role: session!.role });
        const render = await startRender({ deps, project, version, profile: body.profile, actor: actorOf(session!) });
        return c.json({ render: view(render) }, 202);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/projects/:projectId/renders/:renderId',
      access: WATCHERS,
      tag: 'cuts',
      summary: "A render's state and progress (poll while running).",
      status: 200,
      handler: async ({ c, project, param, session }) =>
        c.json({ render: view(await loadRender({ projectId: project.id, renderId: param('renderId'), role: session!.role })) }, 200),
    }),
    defineRoute({
      method: 'get',
      path: '/api/projects/:projectId/renders/:renderId/events',
      access: WATCHERS,
      tag: 'cuts',
      summary: "Server-sent events: the render's state every second until it ends.",
      status: 200,
      handler: async ({ project, param, session }) => {
        const first = await loadRender({ projectId: project.id, renderId: param('renderId'), role: session!.role });
        const encoder = new TextEncoder();
        let timer: NodeJS.Timeout | undefined;
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            const send = async () => {
              const render = (await deps.store.renders.get({ id: first.id })) ?? first;
              controller.enqueue(encoder.encode(`event: progress\ndata: ${JSON.stringify(view(render))}\n\n`));
              if (render.status === 'done' || render.status === 'failed') {
                controller.close();
                return;
              }
              timer = setTimeout(() => void send().catch(() => controller.close()), 1000);
            };
            void send().catch(() => controller.close());
          },
          cancel() {
            clearTimeout(timer);
          },
        });
        return new Response(stream, { status: 200, headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' } });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/projects/:projectId/renders/:renderId/media',
      access: WATCHERS,
      tag: 'cuts',
      summary: 'The rendered programme (review player), with HTTP Range.',
      status: 200,
      handler: async ({ c, project, param, session }) => {
        const render = await loadRender({ projectId: project.id, renderId: param('renderId'), role: session!.role });
        const file = render.files.find((f) => f.role === 'programme');
        if (file === undefined) throw new NotFoundError({ entity: 'render file', id: render.id });
        return (await answerBlob({ c, blobs: deps.blobs, key: file.key, contentType: file.contentType, sizeBytes: file.sizeBytes })).response;
      },
    }),
  ];
}
