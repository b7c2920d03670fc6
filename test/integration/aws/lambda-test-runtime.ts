import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { silentLogger } from '../../../shared/adapters/log/json-logger.ts';
import { openLambdaRuntime, type LambdaRuntime } from '../../../functions/lib/lambda-runtime.ts';
import { startEmulators, type Emulators } from '../../helpers/emulators.ts';
import { emulatorEnv, makeResources, type TestResources } from './aws-resources.ts';

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
