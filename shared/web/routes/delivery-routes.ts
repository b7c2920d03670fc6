import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AccessError, DownloadEntrySchema, NotFoundError, inviteError, type Project, type Render, type Session } from '../../domain/index.ts';
import type { AppDeps } from '../app-deps.ts';
import { defineRoute } from '../define-route.ts';
import { downloadUrl, signingKeysOf, verifyDownload } from '../signed-url.ts';
import { recordAudit } from '../../review/record-audit.ts';
import { readApprovalStatus } from '../../review/decisions.ts';
import { isSentToReview } from '../../review/review-requests.ts';
import { answerBlob, streamBlob } from '../stream-blob.ts';
import { clientAddress } from './access-routes.ts';
import { versionView } from '../views.ts';

/** The QC report is a self-contained page: shown sandboxed, it can run nothing and reach nothing. */
const QC_REPORT_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** Approved versions' deliverables with checksums and expiring links; the ranged, logged download. */
export function deliveryRoutes({ deps }: { deps: AppDeps }) {
  const ttl = deps.downloadLinkSeconds ?? 24 * 3600;
  const isApproved = async ({ project, versionId }: { project: Project; versionId: string }) => {
    const version = await deps.store.versions.get({ id: versionId });
    return version !== null && (await readApprovalStatus({ deps, project, version })).state === 'approved';
  };
  const linkFor = ({ project, render, file, session }: { project: Project; render: Render; file: string; session: Session }) => {
    const exp = Math.floor(deps.clock.now().getTime() / 1000) + ttl;
    return { url: downloadUrl({ keys: signingKeysOf({ deps }), path: `/api/projects/${project.id}/renders/${render.id}/download`, file, exp, by: session.inviteId ?? 'admin' }), expiresAt: new Date(exp * 1000).toISOString() };
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
        const deliveries = [];
        for (const version of await deps.store.versions.list({ projectId: project.id })) {
          // Judged by the chain frozen when the version was sent to review, not the project's current one.
          const status = await readApprovalStatus({ deps, project, version });
          if (status.state !== 'approved') continue;
          const renders = (await deps.store.renders.list({ projectId: project.id, versionId: version.id })).filter((r) => r.status === 'done');
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
          deliveries.push({ version: versionView(version), approvedAt: status.decisions.at(-1)?.at ?? null, files });
        }
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
      query: z.object({ file: z.string().min(1).max(300), exp: z.string().max(20), by: z.string().max(100), kid: z.string().max(40).optional(), sig: z.string().max(100) }),
      handler: async ({ c, project, param, query }) => {
        const path = `/api/projects/${project.id}/renders/${param('renderId')}/download`;
        verifyDownload({ signingKey: deps.signingKey, keys: signingKeysOf({ deps }), kid: query.kid, maxLinkSeconds: ttl, path, file: query.file, exp: query.exp, by: query.by, sig: query.sig, now: deps.clock.now() });
        // A revoked invite's links stop working at once, not when they expire.
        if (query.by !== 'admin') {
          const invite = await deps.workflow.invites.get({ id: query.by });
          if (invite === null || invite.revokedAt !== null) {
            if (invite !== null) {
              await recordAudit({ deps, projectId: project.id, actor: { role: invite.role, label: invite.label, inviteId: invite.id }, action: 'download.refused', subject: param('renderId'), details: { code: 'INVITE_REVOKED', file: query.file, ip: clientAddress(c) } });
            }
            throw inviteError({ code: 'INVITE_REVOKED' });
          }
        }
        const render = await deps.store.renders.get({ id: param('renderId') });
        const file = render?.projectId === project.id ? render.files.find((f) => f.name === query.file) : undefined;
        if (render === null || file === undefined) throw new NotFoundError({ entity: 'file', id: query.file });
        if (!(await isApproved({ project, versionId: render.versionId }))) {
          throw new AccessError({ code: 'NOT_APPROVED', message: 'This version is not approved for delivery.', messageVi: 'Phiên bản này chưa được duyệt để giao nộp.' });
        }
        const inline = file.role === 'qc-html';
        // The QC page keeps its sandbox CSP, so it passes through the app; big files are a 302 to S3 on AWS (logged now, when the URL is issued).
        const sent = await answerBlob({
          c,
          blobs: deps.blobs,
          small: inline,
          key: file.key,
          contentType: file.contentType,
          sizeBytes: file.sizeBytes,
          ...(inline ? {} : { fileName: file.name.split('/').at(-1)! }),
          extraHeaders: { ETag: `"${file.sha256}"`, 'X-Checksum-SHA256': file.sha256, 'X-Checksum-MD5': file.md5, 'Cache-Control': 'private, no-transform', ...(inline ? { 'Content-Security-Policy': QC_REPORT_CSP } : {}) },
        });
        await deps.workflow.downloads.append({
          entry: { id: randomUUID(), projectId: project.id, at: deps.clock.now().toISOString(), renderId: render.id, profile: render.profile, file: file.name, by: query.by, range: sent.range, bytes: sent.bytes, ip: clientAddress(c) },
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
        const render = await deps.store.renders.get({ id: param('renderId') });
        const file = render?.projectId === project.id ? render.files.find((f) => f.role === 'qc-html') : undefined;
        if (file === undefined) throw new NotFoundError({ entity: 'QC report', id: param('renderId') });
        if (session!.role === 'reviewer') {
          const version = await deps.store.versions.get({ id: render!.versionId });
          if (version === null || !(await isSentToReview({ deps, version }))) throw new NotFoundError({ entity: 'QC report', id: param('renderId') });
        }
        return (await streamBlob({ c, blobs: deps.blobs, key: file.key, contentType: file.contentType, sizeBytes: file.sizeBytes, extraHeaders: { 'Content-Security-Policy': QC_REPORT_CSP } })).response;
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
