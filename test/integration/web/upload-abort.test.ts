import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWebHarness, PROJECT_ID, type Client, type WebHarness } from './web-harness.ts';

/**
 * A browser tab closed while a part is on its way: the PUT's connection drops with the request
 * still open. Over real HTTP (the harness's `app.request` has no socket to drop), on 127.0.0.1.
 * An error thrown out of the event loop would stop a real server; here the test's
 * `uncaughtException` listener records it instead.
 */
describe('a part upload cut off by the client', () => {
  let h: WebHarness;
  let contributor: Client;
  let server: ServerType;
  let port = 0;
  const unhandled: unknown[] = [];
  const onUncaught = (error: unknown) => unhandled.push(error);

  beforeAll(async () => {
    h = await makeWebHarness();
    contributor = await h.signIn({ role: 'contributor' });
    process.on('uncaughtException', onUncaught);
    server = await new Promise<ServerType>((resolve) => {
      const started = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
        port = info.port;
        resolve(started);
      });
    });
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    process.off('uncaughtException', onUncaught);
    await h.close();
  });

  it('leaves the server running, the part not received and no partial file behind, however early the connection drops', async () => {
    const size = 6 * 1024 * 1024;
    const created = await contributor.request(`/api/projects/${PROJECT_ID}/uploads`, {
      method: 'POST',
      json: { filename: 'cắt ngang.mp4', contentType: 'video/mp4', sizeBytes: size, metadata: { kind: 'footage' } },
    });
    expect(created.status).toBe(201);
    const { uploadId } = (await created.json()) as { uploadId: string };

    // Dropped 0–6 ms after the headers (while the server looks up the upload, before it reads the
    // body: each of these crashed the server before the fix), after a first chunk, after most of the part.
    const cuts = [
      ...Array.from({ length: 24 }, (_, i) => ({ sentBytes: 0, afterMs: i / 4 })),
      { sentBytes: 64 * 1024, afterMs: 20 },
      { sentBytes: 4 * 1024 * 1024, afterMs: 20 },
    ];
    for (const { sentBytes, afterMs } of cuts) {
      const signed = await contributor.request(`/api/projects/${PROJECT_ID}/uploads/${uploadId}/parts/1`);
      const { url } = (await signed.json()) as { url: string };
      await new Promise<void>((resolve) => {
        const request = http.request({
          host: '127.0.0.1',
          port,
          path: url,
          method: 'PUT',
          headers: { 'content-length': String(size), origin: `http://127.0.0.1:${port}` },
        });
        request.on('error', () => resolve());
        request.on('close', () => resolve());
        request.flushHeaders();
        const cut = () => request.destroy();
        if (sentBytes === 0) setTimeout(cut, afterMs);
        else request.write(Buffer.alloc(sentBytes, 0x41), () => setTimeout(cut, afterMs));
      });
    }
    // The server notices each cut when its socket closes, and a late handler may open its part's file just before: wait until
    // the folder has held only meta.json for 500 ms (at most 10 s), rather than guess one delay.
    const folder = path.join(h.dir, 'uploads', uploadId);
    for (let started = Date.now(), cleanSince = 0; Date.now() - started < 10_000; await new Promise((resolve) => setTimeout(resolve, 20))) {
      if ((await readdir(folder)).length > 1) cleanSince = 0;
      else if (cleanSince === 0) cleanSince = Date.now();
      else if (Date.now() - cleanSince >= 500) break;
    }

    expect(unhandled).toEqual([]);
    const listed = await contributor.request(`/api/projects/${PROJECT_ID}/uploads/${uploadId}/parts`);
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { parts: unknown[] }).parts).toEqual([]);
    expect(await readdir(path.join(h.dir, 'uploads', uploadId))).toEqual(['meta.json']);

    // The same part sent whole afterwards is received.
    const signed = await contributor.request(`/api/projects/${PROJECT_ID}/uploads/${uploadId}/parts/1`);
    const { url } = (await signed.json()) as { url: string };
    const put = await fetch(`http://127.0.0.1:${port}${url}`, { method: 'PUT', body: new Uint8Array(size), headers: { origin: `http://127.0.0.1:${port}` } });
    expect(put.status, await put.clone().text()).toBe(200);
    expect(((await put.json()) as { sizeBytes: number }).sizeBytes).toBe(size);
  });
});
