import { Readable, Transform } from 'node:stream';
import { z } from 'zod';
import {
  AssetKindSchema,
  AssetMetadataSchema,
  MAX_PARTS,
  MAX_PART_BYTES,
  NotFoundError,
  ReportageError,
  UploadError,
  inviteError,
  partLength,
  toDisplayName,
  type Session,
  type UploadRecord,
} from '../../domain/index.ts';
import { storeCompletedUpload } from '../../ingest/index.ts';
import { auditEntry } from '../../review/record-audit.ts';
import { checkUploadQuota } from '../../ingest/check-upload-quota.ts';
import type { AppDeps } from '../app-deps.ts';
import { defineRoute } from '../define-route.ts';
import { bodyTooLarge } from '../read-json-body.ts';
import { actorOf } from '../views.ts';

const UPLOADERS = ['admin', 'editor', 'contributor'] as const;

/** What a contributor says about one file: the kind is required, the rest as at ingest. */
export const UploadMetadataSchema = AssetMetadataSchema.extend({ kind: AssetKindSchema });

export const NewUploadSchema = z.object({
  filename: z.string().min(1).max(500),
  contentType: z.string().max(200).default('application/octet-stream'),
  sizeBytes: z.int().nonnegative(),
  metadata: UploadMetadataSchema,
});

const PartsSchema = z.object({
  parts: z
    .array(z.object({ partNumber: z.int().min(1).max(MAX_PARTS), etag: z.string().min(1).max(100) }))
    .min(1)
    .max(MAX_PARTS),
});

/**
 * A request's body as a Node stream for a consumer that starts reading later (after its checks).
 * The client may drop the connection before then: a closed tab mid-upload. The stream then fails
 * with `aborted`, and a Node stream that fails with no one listening throws the error out of the
 * event loop, which stops the whole server. The listener added here keeps the failure in the
 * stream: a consumer that reads it (`pipeline`) still gets the error, and one that never does
 * drops it with the request. Bytes are counted as they pass: past `maxBytes` the stream fails
 * with 413 `BODY_TOO_LARGE` and nothing more is read, whatever the receiver does.
 */
function requestBodyStream({ body, maxBytes }: { body: ReadableStream<Uint8Array> | null; maxBytes: number }): Readable {
  const source = body === null ? Readable.from([]) : Readable.fromWeb(body as import('node:stream/web').ReadableStream);
  let seen = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > maxBytes) done(bodyTooLarge({ maxBytes }));
      else done(null, chunk);
    },
  });
  counted.on('error', () => undefined);
  source.on('error', (error) => counted.destroy(error));
  return source.pipe(counted);
}

/**
 * Stores a completed upload in this process, after the answer (local backend; on AWS the ingest
 * function does it on S3's notification). A failure is logged; the record stays `storing` and
 * a completion sent again starts it again.
 */
function storeInProcess({ deps, uploadId }: { deps: AppDeps; uploadId: string }): void {
  storeCompletedUpload({ deps: { ...deps, uploads: deps.workflow.uploads }, uploadId }).then(
    (result) => (result.outcome === 'failed' ? deps.log.warn('an upload was refused when stored', { uploadId, error: result.upload.error }) : undefined),
    (error: unknown) => deps.log.error('storing a completed upload failed; complete it again to retry', { uploadId, error }),
  );
}

/** The multipart upload endpoints Uppy's S3 plugin calls, and the contributor's list of uploads. */
export function uploadRoutes({ deps }: { deps: AppDeps }) {
  /** The upload, if this session may touch it: its uploader, or an editor or admin of the project. */
  const ownUpload = async ({
    session,
    projectId,
    uploadId,
    states = ['uploading'],
  }: {
    session: Session;
    projectId: string;
    uploadId: string;
    states?: UploadRecord['state'][];
  }): Promise<UploadRecord> => {
    const upload = await deps.workflow.uploads.get({ id: uploadId });
    const mine = upload !== null && upload.projectId === projectId && (session.role !== 'contributor' || upload.inviteId === session.inviteId);
    if (!mine) throw UploadError.notFound({ uploadId });
    if (!states.includes(upload.state)) throw UploadError.notFound({ uploadId });
    return upload;
  };

  return [
    defineRoute<z.infer<typeof NewUploadSchema>, undefined>({
      method: 'post',
      path: '/api/projects/:projectId/uploads',
      access: UPLOADERS,
      tag: 'uploads',
      summary: 'Start a multipart upload (Uppy createMultipartUpload): checks size and kind against the project limits.',
      status: 201,
      body: NewUploadSchema,
      response: z.object({ uploadId: z.string(), key: z.string() }),
      handler: async ({ c, body, project, session }) => {
        const limits = project.uploadLimits;
        if (body.sizeBytes > limits.maxBytes) {
          throw new ReportageError({
            code: 'UPLOAD_TOO_LARGE',
            message: `"${body.filename}" has ${body.sizeBytes} bytes; this project accepts files up to ${limits.maxBytes} bytes.`,
            messageVi: `Tệp "${body.filename}" vượt quá dung lượng tối đa dự án cho phép (${Math.floor(limits.maxBytes / 1024 ** 2)} MiB).`,
            details: { field: 'sizeBytes', maxBytes: limits.maxBytes },
          });
        }
        if (limits.allowedKinds !== undefined && !limits.allowedKinds.includes(body.metadata.kind)) {
          throw new ReportageError({
            code: 'UPLOAD_KIND_NOT_ALLOWED',
            message: `This project does not take uploads of kind "${body.metadata.kind}" (allowed: ${limits.allowedKinds.join(', ')}).`,
            messageVi: `Dự án không nhận loại tư liệu "${body.metadata.kind}".`,
            details: { field: 'metadata.kind', allowed: limits.allowedKinds },
          });
        }
        if (body.metadata.theme !== undefined && !project.themes.some((t) => t.id === body.metadata.theme)) {
          throw new ReportageError({
            code: 'UNKNOWN_THEME',
            message: `Theme "${body.metadata.theme}" is not one of the project's themes.`,
            messageVi: `Chủ đề "${body.metadata.theme}" không có trong danh sách chủ đề của dự án.`,
            details: { field: 'metadata.theme' },
          });
        }
        const now = deps.clock.now().toISOString();
        const metadata = { ...body.metadata, contributor: body.metadata.contributor || session!.label };
        const record = {
          id: '',
          projectId: project.id,
          key: '',
          filename: toDisplayName(body.filename),
          contentType: body.contentType,
          sizeBytes: body.sizeBytes,
          metadata,
          inviteId: session!.inviteId,
          state: 'uploading' as const,
          assetId: null,
          createdAt: now,
          updatedAt: now,
          revision: 0,
        };
        await checkUploadQuota({ deps, candidate: record, actor: actorOf(session!) });
        const { uploadId, key } = await deps.uploads.create({ contentType: body.contentType, sizeBytes: body.sizeBytes });
        const upload = await deps.workflow.uploads.create({ upload: { ...record, id: uploadId, key } });
        try {
          await checkUploadQuota({ deps, candidate: upload, actor: actorOf(session!) });
        } catch (error) {
          await deps.uploads.abort({ key, uploadId });
          await deps.workflow.uploads.update({
            upload: { ...upload, state: 'aborted', updatedAt: deps.clock.now().toISOString() },
            expectedRevision: upload.revision,
          });
          throw error;
        }
        return c.json({ uploadId, key }, 201);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/projects/:projectId/uploads',
      access: UPLOADERS,
      tag: 'uploads',
      summary: "Uploads with their asset's processing state and, for a rejection, the reason (a contributor sees their own).",
      status: 200,
      handler: async ({ c, project, session }) => {
        const uploads = await deps.workflow.uploads.list({
          projectId: project.id,
          ...(session!.role === 'contributor' ? { inviteId: session!.inviteId ?? '' } : {}),
        });
        const rows = await Promise.all(
          uploads.map(async (u) => {
            const asset = u.assetId === null ? null : await deps.store.assets.get({ id: u.assetId });
            return {
              uploadId: u.id,
              filename: u.filename,
              sizeBytes: u.sizeBytes,
              state: u.state,
              error: u.error ?? null,
              metadata: u.metadata,
              createdAt: u.createdAt,
              asset: asset === null ? null : { id: asset.id, status: asset.status, kind: asset.kind, error: asset.error, warnings: asset.warnings },
            };
          }),
        );
        return c.json({ uploads: rows }, 200);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/projects/:projectId/uploads/:uploadId/parts/:partNumber',
      access: UPLOADERS,
      tag: 'uploads',
      summary: 'Where to PUT one part (Uppy signPart).',
      status: 200,
      response: z.object({ url: z.string(), method: z.literal('PUT'), headers: z.record(z.string(), z.string()), expiresAt: z.string() }),
      handler: async ({ c, project, session, param }) => {
        const upload = await ownUpload({ session: session!, projectId: project.id, uploadId: param('uploadId') });
        const partNumber = Number(param('partNumber'));
        if (!Number.isSafeInteger(partNumber) || partNumber < 1 || partNumber > MAX_PARTS)
          throw UploadError.badPart({ partNumber, reason: `part numbers go from 1 to ${MAX_PARTS}` });
        // Each part's URL is good for its own length only, cut as the upload page cuts the file.
        const sizeBytes = partLength({ declaredBytes: upload.sizeBytes, partNumber });
        if (sizeBytes === null) throw UploadError.badPart({ partNumber, reason: `a file of ${upload.sizeBytes} bytes has fewer parts` });
        return c.json(await deps.uploads.signPart({ key: upload.key, uploadId: upload.id, partNumber, sizeBytes }), 200);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/projects/:projectId/uploads/:uploadId/parts',
      access: UPLOADERS,
      tag: 'uploads',
      summary: 'The parts received so far (Uppy listParts, to resume).',
      status: 200,
      handler: async ({ c, project, session, param }) => {
        const upload = await ownUpload({ session: session!, projectId: project.id, uploadId: param('uploadId') });
        return c.json({ parts: await deps.uploads.listParts({ key: upload.key, uploadId: upload.id }) }, 200);
      },
    }),
    defineRoute({
      method: 'put',
      path: '/api/uploads/:uploadId/parts/:partNumber',
      access: 'signed',
      tag: 'uploads',
      summary: 'Receive one part at a signed URL (local backend): streams it to disk; answers its ETag.',
      status: 200,
      rawBody: true,
      handler: async ({ c, param }) => {
        if (deps.partReceiver === undefined) throw new NotFoundError({ entity: 'upload endpoint', id: 'local parts' });
        // The upload id leads to the invite that started it: a revoked invite's part URLs stop at once.
        const upload = await deps.workflow.uploads.get({ id: param('uploadId') });
        if (upload?.inviteId != null && (await deps.workflow.invites.get({ id: upload.inviteId }))?.revokedAt !== null)
          throw inviteError({ code: 'INVITE_REVOKED' });
        // The receiver bounds the part by its upload (declared size, signed length); this by the protocol's 5 GiB, whatever the receiver.
        const body = requestBodyStream({ body: c.req.raw.body, maxBytes: MAX_PART_BYTES });
        const part = await deps.partReceiver.receivePart({
          uploadId: param('uploadId'),
          partNumber: Number(param('partNumber')),
          exp: c.req.query('exp') ?? '',
          sig: c.req.query('sig') ?? '',
          len: c.req.query('len') ?? '',
          body,
        });
        c.header('ETag', part.etag);
        c.header('Access-Control-Expose-Headers', 'ETag');
        return c.json({ partNumber: part.partNumber, etag: part.etag, sizeBytes: part.sizeBytes }, 200);
      },
    }),
    defineRoute<z.infer<typeof PartsSchema>, undefined>({
      method: 'post',
      path: '/api/projects/:projectId/uploads/:uploadId/complete',
      access: UPLOADERS,
      tag: 'uploads',
      summary:
        'Join the parts (Uppy completeMultipartUpload) and answer at once with the upload `storing`: the file is then moved into the originals and handed to ingest (poll the list of uploads).',
      status: 202,
      body: PartsSchema,
      handler: async ({ c, body, project, session, param }) => {
        const upload = await ownUpload({ session: session!, projectId: project.id, uploadId: param('uploadId'), states: ['uploading', 'storing'] });
        let storing = upload;
        if (upload.state === 'uploading') {
          // Recorded before the parts are joined: whoever stores the joined file (S3's notification) finds the upload storing.
          storing = await deps.workflow.uploads.update({
            upload: { ...upload, state: 'storing', updatedAt: deps.clock.now().toISOString() },
            expectedRevision: upload.revision,
            audit: auditEntry({
              deps,
              projectId: project.id,
              actor: actorOf(session!),
              action: 'upload.complete',
              subject: upload.id,
              details: { uploadId: upload.id, filename: upload.filename, sizeBytes: upload.sizeBytes },
            }),
          });
          try {
            await deps.uploads.complete({ key: upload.key, uploadId: upload.id, parts: body.parts });
          } catch (error) {
            // The parts are still there: back to uploading, so the page can send what is missing and complete again.
            await deps.workflow.uploads.update({
              upload: { ...storing, state: 'uploading', updatedAt: deps.clock.now().toISOString() },
              expectedRevision: storing.revision,
            });
            throw error;
          }
        }
        // A completion sent again (a retry) while storing starts storing again locally: each step of it is safe to repeat.
        if (deps.uploadStorage !== 'event') storeInProcess({ deps, uploadId: storing.id });
        return c.json({ upload: { uploadId: storing.id, state: storing.state, filename: storing.filename } }, 202);
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/projects/:projectId/uploads/:uploadId',
      access: UPLOADERS,
      tag: 'uploads',
      summary: 'Cancel an upload and drop its parts (Uppy abortMultipartUpload).',
      status: 200,
      handler: async ({ c, project, session, param }) => {
        const upload = await ownUpload({ session: session!, projectId: project.id, uploadId: param('uploadId') });
        await deps.uploads.abort({ key: upload.key, uploadId: upload.id });
        await deps.workflow.uploads.update({
          upload: { ...upload, state: 'aborted', updatedAt: deps.clock.now().toISOString() },
          expectedRevision: upload.revision,
        });
        return c.json({ ok: true }, 200);
      },
    }),
  ];
}
