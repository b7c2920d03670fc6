import { readOrCreateDynamoSigningKey } from '../../shared/adapters/aws/index.ts';
import type { AppDeps } from '../../shared/web/create-app.ts';
import type { LambdaRuntime } from './lambda-runtime.ts';

/**
 * The web app's ports on AWS: the DynamoDB store and workflow store, S3 blobs and presigned
 * multipart uploads (the browser PUTs parts straight to S3: no part receiver), the SQS queue, and
 * the signing key kept in the table. Renders are not launched from the API yet (render routes
 * answer 503 `RENDER_UNAVAILABLE` until distributed renders land).
 */
export async function apiDeps({ runtime }: { runtime: LambdaRuntime }): Promise<AppDeps> {
  const { backend, deps } = runtime;
  return {
    store: backend.store,
    blobs: backend.blobs,
    log: deps.log,
    backend: 'aws',
    workflow: backend.workflow,
    queue: backend.queue,
    clock: deps.clock,
    uploads: backend.uploads,
    signingKey: await readOrCreateDynamoSigningKey({ table: backend.table }),
  };
}
