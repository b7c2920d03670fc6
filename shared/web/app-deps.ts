import type { Readable } from 'node:stream';
import type { RenderLauncher } from '../review/render-launcher.ts';
import type { BlobStore, Clock, JobQueue, Logger, MultipartUploads, Store, UploadedPart, WorkflowStore } from '../ports/index.ts';

/** Stores a part PUT to the app's own signed part URL (local backend; on AWS the browser PUTs to S3). */
export interface PartReceiver {
  receivePart(args: { uploadId: string; partNumber: number; exp: string; sig: string; body: Readable }): Promise<UploadedPart>;
}

/** Everything the web app needs, as ports. Built by the composition root (`reportage serve`, the API function). */
export interface AppDeps {
  store: Store;
  blobs: BlobStore;
  log: Logger;
  backend: 'local' | 'aws';
  workflow: WorkflowStore;
  /** Ingest jobs are queued here when an upload completes. */
  queue: JobQueue;
  clock: Clock;
  uploads: MultipartUploads;
  /** Local backend: the receiver of the app's part endpoint. Absent on AWS (parts go to S3). */
  partReceiver?: PartReceiver;
  /** HMAC key of download links and CSRF tokens. */
  signingKey: Uint8Array;
  /** Starts renders; absent → render routes answer 503 `RENDER_UNAVAILABLE`. */
  renders?: RenderLauncher;
  /** Sign-in attempts allowed per client address per minute (default 20). */
  signInAttemptsPerMinute?: number;
  /** Seconds a download link stays valid (default 24 h). */
  downloadLinkSeconds?: number;
}
