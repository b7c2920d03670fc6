import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Hono } from 'hono';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { invokeApi, invokeFunction, LAMBDA_PAYLOAD_LIMITS, LambdaLimitError } from './lambda-test-runtime.ts';

/**
 * The Lambda test harness (lambda-test-runtime.ts) refuses what Lambda would refuse, with the
 * limits of the synthesized stack (test/integration/aws/iam/function-limits.json): event and
 * response sizes, the function's timeout, its /tmp size; and the api's function URL in BUFFERED
 * mode caps a response at 6 MB.
 */

const MB6 = LAMBDA_PAYLOAD_LIMITS.syncBytes;

describe('the Lambda harness enforces Lambda limits', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('refuses an SQS event above 6 MB and an S3 notification above 1 MB', async () => {
    const handler = async () => ({ batchItemFailures: [] });
    await expect(invokeFunction({ fn: 'worker', handler, event: { Records: [{ body: 'x'.repeat(MB6) }] } })).rejects.toThrow(LambdaLimitError);
    await expect(invokeFunction({ fn: 'worker', handler, event: { Records: [{ body: 'x'.repeat(MB6 - 1000) }] } })).resolves.toEqual({ batchItemFailures: [] });
    await expect(invokeFunction({ fn: 'ingest', handler, event: { Records: [{ s3: 'x'.repeat(LAMBDA_PAYLOAD_LIMITS.asyncEventBytes) }] } })).rejects.toThrow(
      /asynchronous/,
    );
  });

  it('refuses a response above 6 MB', async () => {
    await expect(invokeFunction({ fn: 'dead-letter', handler: async () => ({ big: 'x'.repeat(MB6) }), event: {} })).rejects.toThrow(/response has/);
  });

  it("fails an invocation that runs past the function's timeout, as Lambda does", async () => {
    vi.useFakeTimers();
    const never = invokeFunction({ fn: 'dead-letter', handler: () => new Promise<never>(() => {}), event: {} });
    const outcome = expect(never).rejects.toThrow('dead-letter: Task timed out after 20.00 seconds');
    await vi.advanceTimersByTimeAsync(20_000);
    await outcome;
  });

  it('fails an invocation that filled /tmp past the function’s ephemeral storage', async () => {
    const tmp = await mkdtemp(path.join(tmpdir(), 'reportage-limits-'));
    try {
      const handler = async () => writeFile(path.join(tmp, 'spool.part'), Buffer.alloc(3 * 1024 * 1024));
      await expect(invokeFunction({ fn: 'ingest', handler, event: {}, tmpDir: tmp, limits: { ephemeralStorageMb: 2 } })).rejects.toThrow(
        /\/tmp held 3145728 bytes/,
      );
      await expect(invokeFunction({ fn: 'ingest', handler, event: {}, tmpDir: tmp, limits: { ephemeralStorageMb: 4 } })).resolves.toBeUndefined();
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });

  it('the api behind its BUFFERED function URL cannot answer more than 6 MB (a proxy or a delivery streamed through it)', async () => {
    const app = new Hono().get('/small', (c) => c.body(new Uint8Array(1000))).get('/proxy', (c) => c.body(new Uint8Array(MB6 + 1)));
    expect((await invokeApi({ app, path: '/small' })).status).toBe(200);
    await expect(invokeApi({ app, path: '/proxy' })).rejects.toThrow(/BUFFERED function URL returns at most 6291456/);
    await expect(invokeApi({ app, path: '/small', init: { method: 'POST', body: 'x'.repeat(MB6 + 1) } })).rejects.toThrow(/request body/);
  });
});
