import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { silentLogger } from '../../../shared/adapters/log/json-logger.ts';
import { openLambdaRuntime, type LambdaRuntime } from '../../../functions/lib/lambda-runtime.ts';
import { startEmulators, type Emulators } from '../../helpers/emulators.ts';
import { emulatorEnv, makeResources, type TestResources } from './aws-resources.ts';
import { asFunction } from '../../helpers/aws-iam/record-aws-calls.ts';
import { readFunctionLimits, type FunctionLimits, type FunctionName } from '../../helpers/aws-iam/role-policies.ts';

/** What a Lambda handler test works with; each test gets fresh resources and a fresh runtime. */
export interface LambdaTestContext {
  emulators: Emulators;
  resources: TestResources;
  /** The functions' runtime on the emulators, logging nothing (the failures in these tests are on purpose). */
  runtime: LambdaRuntime;
  dataDir: string;
}

/**
 * Registers the hooks every Lambda handler test file needs: the emulators on 127.0.0.1 for the
 * file (with their credentials in the environment, restored after), then before each test a new
 * bucket/table/queue set and the functions' runtime opened on it (`openLambdaRuntime`, as Lambda
 * would), all closed and removed after it. `onOpen` runs after the runtime is open (seed data).
 *
 * @example
 * const lambda = useLambdaRuntime({ prefix: 'reportage-lambda-' });
 * it('…', async () => { await handler(event, lambda.runtime); });
 */
export function useLambdaRuntime({ prefix, onOpen }: { prefix: string; onOpen?: (context: LambdaTestContext) => Promise<void> }): LambdaTestContext {
  const context = {} as LambdaTestContext;
  const savedEnv = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
  beforeAll(async () => {
    context.emulators = await startEmulators();
    process.env.AWS_ACCESS_KEY_ID = context.emulators.credentials.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = context.emulators.credentials.secretAccessKey;
  });
  afterAll(async () => {
    await context.emulators?.close();
    process.env.AWS_ACCESS_KEY_ID = savedEnv.id;
    process.env.AWS_SECRET_ACCESS_KEY = savedEnv.secret;
  });
  beforeEach(async () => {
    context.resources = await makeResources({ emulators: context.emulators });
    context.dataDir = await mkdtemp(path.join(tmpdir(), prefix));
    const opened = await openLambdaRuntime({ env: emulatorEnv({ emulators: context.emulators, resources: context.resources, dataDir: context.dataDir }) });
    context.runtime = { ...opened, deps: { ...opened.deps, log: silentLogger } };
    await onOpen?.(context);
  });
  afterEach(async () => {
    await context.runtime.backend.close();
    await context.resources.cleanup();
    await rm(context.dataDir, { recursive: true, force: true });
  });
  return context;
}

/** Lambda's payload limits (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html). */
export const LAMBDA_PAYLOAD_LIMITS = {
  /** Synchronous invocations (SQS event source mappings, function URLs): request and response. */
  syncBytes: 6 * 1024 * 1024,
  /** Asynchronous invocations (S3 notifications): the event. */
  asyncEventBytes: 1024 * 1024,
  /** A function URL in RESPONSE_STREAM mode: the streamed response (soft limit). */
  streamedResponseBytes: 200 * 1024 * 1024,
} as const;

/** A limit Lambda would have enforced was exceeded in a test: the invocation would have failed on AWS. */
export class LambdaLimitError extends Error {
  override readonly name = 'LambdaLimitError';
}

/** How each function is invoked on AWS (the stateless stack's event sources). */
const INVOCATION: Record<FunctionName, 'sync' | 'async'> = { api: 'sync', ingest: 'async', worker: 'sync', 'dead-letter': 'sync', rotation: 'sync' };

let limitsOnce: Promise<Record<FunctionName, FunctionLimits>> | undefined;

/** The functions' limits from the synthesized stack, read once. */
function functionLimits(): Promise<Record<FunctionName, FunctionLimits>> {
  limitsOnce ??= readFunctionLimits();
  return limitsOnce;
}

/**
 * Runs one handler invocation as Lambda would, with the limits the synthesized stack gives the
 * function (test/integration/aws/iam/function-limits.json): the event's size (6 MB synchronous,
 * 1 MB for S3's asynchronous notifications), the response's size (6 MB), the function's timeout
 * (the invocation fails with "Task timed out" as on Lambda) and its /tmp size (the data folder's
 * peak size while it runs, sampled). Every AWS call made inside is attributed to `fn` for the
 * IAM checks (test/helpers/aws-iam). Memory is not modelled.
 *
 * @example const response = await invokeFunction({ fn: 'worker', handler, event, tmpDir: lambda.dataDir });
 */
export async function invokeFunction<E, R>({
  fn,
  handler,
  event,
  tmpDir,
  limits: override = {},
}: {
  fn: FunctionName;
  handler: (event: E) => Promise<R>;
  event: E;
  /** The folder standing for /tmp (the runtime's REPORTAGE_DATA_DIR): its peak size is checked. */
  tmpDir?: string;
  /** Tests of the harness itself: smaller limits than the stack's. */
  limits?: Partial<FunctionLimits>;
}): Promise<R> {
  const limits = { ...(await functionLimits())[fn], ...override };
  const eventBytes = Buffer.byteLength(JSON.stringify(event));
  const maxEvent = INVOCATION[fn] === 'sync' ? LAMBDA_PAYLOAD_LIMITS.syncBytes : LAMBDA_PAYLOAD_LIMITS.asyncEventBytes;
  if (eventBytes > maxEvent)
    throw new LambdaLimitError(`${fn}: the event has ${eventBytes} bytes; Lambda accepts ${maxEvent} for ${INVOCATION[fn]}hronous invocations.`);
  const watch = tmpDir === undefined ? undefined : watchFolderSize(tmpDir);
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new LambdaLimitError(`${fn}: Task timed out after ${limits.timeoutSeconds}.00 seconds`)), limits.timeoutSeconds * 1000);
    });
    const result = await Promise.race([asFunction(fn, () => handler(event)), timeout]);
    const responseBytes = result === undefined ? 0 : Buffer.byteLength(JSON.stringify(result));
    if (responseBytes > LAMBDA_PAYLOAD_LIMITS.syncBytes)
      throw new LambdaLimitError(`${fn}: the response has ${responseBytes} bytes; Lambda returns at most ${LAMBDA_PAYLOAD_LIMITS.syncBytes}.`);
    return result;
  } finally {
    clearTimeout(timer);
    const peak = await watch?.stop();
    if (peak !== undefined && peak > limits.ephemeralStorageMb * 1024 * 1024) {
      // biome-ignore lint/correctness/noUnsafeFinally: running out of /tmp fails the invocation whatever the handler returned, as on Lambda.
      throw new LambdaLimitError(`${fn}: /tmp held ${peak} bytes at its peak; the function has ${limits.ephemeralStorageMb} MiB of ephemeral storage.`);
    }
  }
}

/**
 * One web request to the api function behind its function URL (Hono's `app.request`), with the
 * URL's limits: a request body up to 6 MB, and a response up to 6 MB in BUFFERED mode (200 MB
 * when streamed). The response is read whole to measure it, and handed back.
 */
export async function invokeApi({
  app,
  path: url,
  init,
}: {
  app: { request: (url: string, init?: RequestInit) => Response | Promise<Response> };
  path: string;
  init?: RequestInit;
}): Promise<Response> {
  const limits = (await functionLimits()).api;
  const body = init?.body;
  const requestBytes =
    body === undefined || body === null ? 0 : typeof body === 'string' ? Buffer.byteLength(body) : body instanceof Uint8Array ? body.byteLength : 0;
  if (requestBytes > LAMBDA_PAYLOAD_LIMITS.syncBytes)
    throw new LambdaLimitError(`api: the request body has ${requestBytes} bytes; a function URL accepts ${LAMBDA_PAYLOAD_LIMITS.syncBytes}.`);
  return invokeFunction({
    fn: 'api',
    event: { path: url },
    handler: async () => {
      const response = await app.request(url, init);
      const bytes = new Uint8Array(await response.arrayBuffer());
      const max = limits.urlInvokeMode === 'RESPONSE_STREAM' ? LAMBDA_PAYLOAD_LIMITS.streamedResponseBytes : LAMBDA_PAYLOAD_LIMITS.syncBytes;
      if (bytes.byteLength > max) {
        throw new LambdaLimitError(
          `api: ${url} answered ${bytes.byteLength} bytes; a ${limits.urlInvokeMode ?? 'BUFFERED'} function URL returns at most ${max}.`,
        );
      }
      return new Response(bytes.byteLength === 0 && [101, 204, 205, 304].includes(response.status) ? null : bytes, {
        status: response.status,
        headers: response.headers,
      });
    },
  });
}

/** Samples a folder's total size every 200 ms; `stop()` gives the peak. */
function watchFolderSize(folder: string): { stop(): Promise<number> } {
  let peak = 0;
  let sampling: Promise<void> = Promise.resolve();
  const sample = () => {
    sampling = folderBytes(folder).then((bytes) => {
      peak = Math.max(peak, bytes);
    });
  };
  sample();
  const interval = setInterval(sample, 200);
  return {
    async stop() {
      clearInterval(interval);
      await sampling;
      sample();
      await sampling;
      return peak;
    },
  };
}

async function folderBytes(folder: string): Promise<number> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true }).catch(() => []);
  let total = 0;
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    total += await stat(path.join(entry.parentPath, entry.name)).then(
      (s) => s.size,
      () => 0,
    );
  }
  return total;
}
