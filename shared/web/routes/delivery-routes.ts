import { z } from 'zod';
import { DownloadEntrySchema, type Project, type Render, type Session } from '../../domain/index.ts';
import { downloadDeliveredFile, findQcReport, listDeliveries } from '../../delivery/index.ts';
import type { AppDeps } from '../app-deps.ts';
import { defineRoute } from '../define-route.ts';
import { downloadUrl, signingKeysOf, verifyDownload } from '../signed-url.ts';
import { answerBlob, streamBlob } from '../stream-blob.ts';
import { clientAddress } from './access-routes.ts';
import { versionView } from '../views.ts';

/** The QC report is a self-contained page: shown sandboxed, it can run nothing and reach nothing. */
const QC_REPORT_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** Approved versions' deliverables with checksums and expiring links; the ranged, logged download. */
export function deliveryRoutes({ deps }: { deps: AppDeps }) {
  const ttl = deps.downloadLinkSeconds ?? 24 * 3600;
  const linkFor = ({ project, render, file, session }: { project: Project; render: Render; file: string; session: Session }) => {
    const exp = Math.floor(deps.clock.now().getTime() / 1000) + ttl;
    return {
      url: downloadUrl({
        keys: signingKeysOf({ deps }),
        path: `/api/projects/${project.id}/renders/${render.id}/download`,
        file,
        exp,
        by: session.inviteId ?? 'admin',
      }),
      expiresAt: new Date(exp * 1000).toISOString(),
    };
  };

  return [
    defineRoute({
      method: 'get',
      path: '/api/projects/:projectId/deliveries',
      access: ['admin', 'editor', 'broadcaster'],
      tag: 'delivery',
      summary: 'Approved versions only: each delivered file with its profile, size, duration, SHA-256/MD5, QC report and an expiring download link.',
      status: 200,
      handler: async ({ c, project, session }) => {
        const deliveries = (await listDeliveries({ deps, project })).map(({ version, approvedAt, renders }) => {
          const files = renders.flatMap((render) => {
            const qcHtml = render.files.find((f) => f.role === 'qc-html');
            return render.files.map((file) => {
              const link = linkFor({ project, render, file: file.name, session: session! });
              return {
                renderId: render.id,
                profile: render.profile,
                role: file.role,
                name: file.name,
                contentType: file.contentType,
                sizeBytes: file.sizeBytes,
                durationFrames: version.durationFrames,
                sha256: file.sha256,
                md5: file.md5,
                qcStatus: render.qc?.status ?? null,
                qcReportUrl: qcHtml ? linkFor({ project, render, file: qcHtml.name, session: session! }).url : null,
                downloadUrl: link.url,
                expiresAt: link.expiresAt,
              };
            });
          });
          return { version: versionView(version), approvedAt, files };
        });
        return c.json({ deliveries }, 200);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/projects/:projectId/renders/:renderId/download',
      access: 'signed',
      tag: 'delivery',
      summary: 'Download a delivered file through its signed link (HTTP Range: 206, resumable). Every request is logged.',
      status: 200,
      query: z.object({
        file: z.string().min(1).max(300),
        exp: z.string().max(20),
        by: z.string().max(100),
        kid: z.string().max(40).optional(),
        sig: z.string().max(100),
      }),
      handler: async ({ c, project, param, query }) => {
        const path = `/api/projects/${project.id}/renders/${param('renderId')}/download`;
        verifyDownload({
          signingKey: deps.signingKey,
          keys: signingKeysOf({ deps }),
          kid: query.kid,
          maxLinkSeconds: ttl,
          path,
          file: query.file,
          exp: query.exp,
          by: query.by,
          sig: query.sig,
          now: deps.clock.now(),
        });
        const sent = await downloadDeliveredFile({
          deps,
          project,
          renderId: param('renderId'),
          fileName: query.file,
          by: query.by,
          ip: clientAddress(c),
          send: ({ file }) => {
            const inline = file.role === 'qc-html';
            // The QC page keeps its sandbox CSP, so it passes through the app; big files are a 302 to S3 on AWS (logged now, when the URL is issued).
            return answerBlob({
              c,
              blobs: deps.blobs,
              small: inline,
              key: file.key,
              contentType: file.contentType,
              sizeBytes: file.sizeBytes,
              ...(inline ? {} : { fileName: file.name.split('/').at(-1)! }),
              extraHeaders: {
                ETag: `"${file.sha256}"`,
                'X-Checksum-SHA256': file.sha256,
                'X-Checksum-MD5': file.md5,
                'Cache-Control': 'private, no-transform',
                ...(inline ? { 'Content-Security-Policy': QC_REPORT_CSP } : {}),
              },
            });
          },
        });
        return sent.response;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/projects/:projectId/renders/:renderId/qc',
      access: ['admin', 'editor', 'reviewer'],
      tag: 'delivery',
      summary: "A render's QC report (HTML); a reviewer's only for versions sent to review.",
      status: 200,
      handler: async ({ c, project, param, session }) => {
        const file = await findQcReport({ deps, project, renderId: param('renderId'), role: session!.role });
        return (
          await streamBlob({
            c,
            blobs: deps.blobs,
            key: file.key,
            contentType: file.contentType,
            sizeBytes: file.sizeBytes,
            extraHeaders: { 'Content-Security-Policy': QC_REPORT_CSP },
          })
        ).response;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/projects/:projectId/downloads',
      access: ['admin', 'editor'],
      tag: 'delivery',
      summary: 'The download log, newest first.',
      status: 200,
      response: z.object({ downloads: z.array(DownloadEntrySchema) }),
      handler: async ({ c, project }) => c.json({ downloads: await deps.workflow.downloads.list({ projectId: project.id }) }, 200),
    }),
  ];
}
