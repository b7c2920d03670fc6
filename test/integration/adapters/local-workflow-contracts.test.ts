import path from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  createFsBlobStore,
  createFsMultipartUploads,
  createSqliteStore,
  createSqliteWorkflowStore,
  openDatabase,
} from '../../../shared/adapters/local/index.ts';
import { describeMultipartUploadsContract } from '../../contracts/multipart-uploads-contract.ts';
import { describeWorkflowStoreContract } from '../../contracts/workflow-store-contract.ts';
import { makeTempDir } from './temp-dir.ts';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';

/** The web workflow's port contracts, run against the local adapters. */

describeWorkflowStoreContract({
  name: 'SQLite (local)',
  make: async () => {
    const { dir, cleanup } = await makeTempDir({ prefix: 'workflow' });
    const db = openDatabase({ path: path.join(dir, 'reportage.db') });
    const workflow = createSqliteWorkflowStore({ db });
    const store = createSqliteStore({ db });
    return {
      workflow,
      store,
      cleanup: async () => {
        await workflow.close();
        await store.close();
        db.close();
        await cleanup();
      },
    };
  },
});

async function makeLocalUploads({ now }: { now?: () => Date } = {}) {
  const { dir, cleanup } = await makeTempDir({ prefix: 'multipart' });
  const blobs = createFsBlobStore({ root: path.join(dir, 'blobs') });
  const uploads = createFsMultipartUploads({ root: path.join(dir, 'uploads'), blobs, signingKey: randomBytes(32), ...(now ? { clock: { now } } : {}) });
  /** The browser's PUT, as the app's part route hands it over: the signed URL's query and the body. */
  const sendPart = async ({ target, body }: { target: { url: string }; body: Uint8Array<ArrayBuffer> }) => {
    const url = new URL(target.url, 'http://app.local');
    const [, , , uploadId, , partNumber] = url.pathname.split('/');
    const part = await uploads.receivePart({
      uploadId: uploadId!,
      partNumber: Number(partNumber),
      exp: url.searchParams.get('exp') ?? '',
      sig: url.searchParams.get('sig') ?? '',
      len: url.searchParams.get('len') ?? '',
      body: Readable.from([Buffer.from(body)]),
    });
    return part.etag;
  };
  // The length is part of the signed text (a changed `len` fails the signature: fs-multipart-uploads.test.ts).
  const signedFor = async ({ target, sizeBytes }: { target: { url: string }; sizeBytes: number }) =>
    new URL(target.url, 'http://app.local').searchParams.get('len') === String(sizeBytes);
  return { uploads, blobs, sendPart, signedFor, enforcesSignedLength: true, cleanup };
}

describeMultipartUploadsContract({ name: 'fs (local)', make: () => makeLocalUploads() });

describe('fs multipart uploads: signed part URLs', () => {
  it('refuses a tampered signature and an expired URL', async () => {
    let now = new Date('2026-11-01T08:00:00Z');
    const { uploads, cleanup } = await makeLocalUploads({ now: () => now });
    try {
      const { uploadId, key } = await uploads.create({ contentType: 'video/mp4' });
      const target = await uploads.signPart({ key, uploadId, partNumber: 1 });
      expect(target.url).toMatch(new RegExp(`^/api/uploads/${uploadId}/parts/1\\?exp=\\d+&sig=`));
      const url = new URL(target.url, 'http://app.local');
      const send = (sig: string, partNumber = 1) =>
        uploads.receivePart({ uploadId, partNumber, exp: url.searchParams.get('exp')!, sig, body: Readable.from([Buffer.from('x')]) });
      await expect(send(`${url.searchParams.get('sig')!.slice(0, -2)}AA`)).rejects.toMatchObject({ code: 'SIGNATURE_INVALID' });
      await expect(send(url.searchParams.get('sig')!, 2)).rejects.toMatchObject({ code: 'SIGNATURE_INVALID' });
      now = new Date(now.getTime() + 2 * 3600_000);
      await expect(send(url.searchParams.get('sig')!)).rejects.toMatchObject({ code: 'LINK_EXPIRED' });
    } finally {
      await cleanup();
    }
  });
});
