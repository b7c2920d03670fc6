import { NotFoundError, PublishRequestSchema } from '../../domain/index.ts';
import { describePublication, publishVersion, unpublish } from '../../delivery/index.ts';
import type { AppDeps } from '../app-deps.ts';
import { defineRoute } from '../define-route.ts';
import { actorOf } from '../views.ts';

/** Publishing approved versions on the watch page, and withdrawing them (admins). */
export function publicationRoutes({ deps }: { deps: AppDeps }) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/projects/:projectId/publications',
      access: ['admin', 'editor'],
      tag: 'delivery',
      summary: "The project's publications on the watch page, live and withdrawn, newest first.",
      status: 200,
      handler: async ({ c, project }) => {
        const publications = (await deps.workflow.publications.list()).filter((p) => p.projectId === project.id);
        return c.json({ publications: publications.map((publication) => describePublication({ publication, publicMediaUrl: deps.publicMediaUrl })) }, 200);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/projects/:projectId/versions/:versionId/publish',
      access: ['admin'],
      tag: 'delivery',
      summary:
        'Publish an approved version at /watch/<slug> (its stream render: HLS ladder, captions, poster; optionally the web MP4 for download). 409 NOT_APPROVED, STREAM_RENDER_MISSING, SLUG_TAKEN.',
      status: 201,
      body: PublishRequestSchema,
      handler: async ({ c, project, param, body, session }) => {
        const version = await deps.store.versions.get({ id: param('versionId') });
        if (version === null || version.projectId !== project.id) throw new NotFoundError({ entity: 'version', id: param('versionId') });
        const publication = await publishVersion({ deps, actor: actorOf(session!), versionId: version.id, request: body });
        return c.json({ publication: describePublication({ publication, publicMediaUrl: deps.publicMediaUrl }) }, 201);
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/projects/:projectId/publications/:slug',
      access: ['admin'],
      tag: 'delivery',
      summary: 'Withdraw a publication: its page and media answer 404 at once.',
      status: 200,
      handler: async ({ c, project, param, session }) => {
        const found = await deps.workflow.publications.get({ slug: param('slug') });
        if (found === null || found.projectId !== project.id) throw new NotFoundError({ entity: 'publication', id: param('slug') });
        const publication = await unpublish({ deps, actor: actorOf(session!), slug: found.slug });
        return c.json({ publication: describePublication({ publication, publicMediaUrl: deps.publicMediaUrl }) }, 200);
      },
    }),
  ];
}
