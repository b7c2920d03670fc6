import { z } from 'zod';
import { AssetKindSchema, AssetStatusSchema, NotFoundError } from '../../domain/index.ts';
import type { AppDeps } from '../app-deps.ts';
import { defineRoute } from '../define-route.ts';
import { answerBlob } from '../stream-blob.ts';
import { publicAsset } from '../views.ts';

const AssetQuerySchema = z.object({
  kind: AssetKindSchema.optional(),
  status: AssetStatusSchema.optional(),
  theme: z.string().max(80).optional(),
  organisation: z.string().max(200).optional(),
  contributor: z.string().max(120).optional(),
});

/** The library: assets with their facts, and their derivatives (proxy, poster …) as media. */
export function assetRoutes({ deps }: { deps: AppDeps }) {
  return [
    defineRoute<undefined, z.infer<typeof AssetQuerySchema>>({
      method: 'get',
      path: '/api/projects/:projectId/assets',
      access: ['admin', 'editor'],
      tag: 'library',
      summary: "The project's assets, filtered by kind, status, theme, organisation or contributor.",
      status: 200,
      query: AssetQuerySchema,
      handler: async ({ c, project, query }) => {
        const { contributor, ...filter } = query;
        const assets = await deps.store.assets.list({ projectId: project.id, ...filter });
        return c.json({ assets: assets.filter((a) => contributor === undefined || a.contributor === contributor).map(publicAsset) }, 200);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/projects/:projectId/assets/:assetId',
      access: ['admin', 'editor', 'contributor'],
      tag: 'library',
      summary: 'One asset (a contributor: only one they uploaded).',
      status: 200,
      handler: async ({ c, project, session, param }) => {
        const asset = await deps.store.assets.get({ id: param('assetId') });
        if (asset === null || asset.projectId !== project.id) throw new NotFoundError({ entity: 'asset', id: param('assetId') });
        if (session!.role === 'contributor') {
          const mine = await deps.workflow.uploads.list({ projectId: project.id, inviteId: session!.inviteId ?? '' });
          if (!mine.some((u) => u.assetId === asset.id)) throw new NotFoundError({ entity: 'asset', id: asset.id });
        }
        return c.json({ asset: publicAsset(asset) }, 200);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/projects/:projectId/assets/:assetId/media/:name',
      access: ['admin', 'editor'],
      tag: 'library',
      summary: "An asset's derivative (proxy video, poster, thumbnails, waveform, subtitles …), with HTTP Range.",
      status: 200,
      handler: async ({ c, project, param }) => {
        const asset = await deps.store.assets.get({ id: param('assetId') });
        const derivative = asset !== null && asset.projectId === project.id ? asset.derivatives[param('name')] : undefined;
        if (derivative === undefined) throw new NotFoundError({ entity: 'media', id: `${param('assetId')}/${param('name')}` });
        const { response } = await answerBlob({
          c,
          blobs: deps.blobs,
          key: derivative.key,
          contentType: derivative.contentType,
          sizeBytes: derivative.sizeBytes,
          extraHeaders: { 'Cache-Control': 'private, max-age=3600' },
        });
        return response;
      },
    }),
  ];
}
