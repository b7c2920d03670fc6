import { createDeferredRenderLauncher } from '../../shared/render/launch/index.ts';
import type { AppDeps } from '../../shared/web/create-app.ts';
import type { LambdaRuntime } from './lambda-runtime.ts';

/**
 * The web app's ports on AWS: the DynamoDB store and workflow store, S3 blobs and presigned
 * multipart uploads (the browser PUTs parts straight to S3: no part receiver), the SQS queue,  and
 * the signing key ring read from Secrets Manager at the cold start. Renders are deferred: this function has no ffmpeg, so it
 * records a render `queued` and sends a `render-start` job; a worker plans and fans it out.
 */
export async function apiDeps({ runtime }: { runtime: LambdaRuntime }): Promise<AppDeps> {
  const { backend, deps } = runtime;
  const signingKeys = await runtime.signingKeys();
  return {
    store: backend.store,
    blobs: backend.blobs,
    log: deps.log,
    backend: 'aws',
    workflow: backend.workflow,
    queue: backend.queue,
    clock: deps.clock,
    uploads: backend.uploads,
    // The ingest function stores completed uploads (S3 notification): no bytes pass through this function.
    uploadStorage: 'event',
    sessionPolicy: runtime.config.sessions,
    uploadQuotas: runtime.config.uploadQuotas,
    uploadAbandonSeconds: runtime.config.uploadAbandonSeconds,
    ...(runtime.config.watch.publicMediaUrl === undefined ? {} : { publicMediaUrl: runtime.config.watch.publicMediaUrl }),
    embedOrigins: runtime.config.watch.embedOrigins,
    signingKey: signingKeys.current.key,
    signingKeys,
    // Unset: the function URL's own `sourceIp` and https URL are the truth; set only with a proxy (CloudFront) in front.
    trustProxy: runtime.config.http.trustProxy,
    renders: createDeferredRenderLauncher({ deps: { store: backend.store, clock: deps.clock, log: deps.log, queue: backend.queue } }),
  };
}
