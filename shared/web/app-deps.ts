import type { Readable } from 'node:stream';
import type { SigningKeyRing } from '../domain/index.ts';
import type { SessionPolicy } from '../domain/index.ts';
import type { UploadQuotas } from '../domain/index.ts';
import type { RenderLauncher } from '../render/launch/index.ts';
import type { BlobStore, Clock, JobQueue, Logger, MultipartUploads, Store, UploadedPart, WorkflowStore } from '../ports/index.ts';

/** Stores a part PUT to the app's own signed part URL (local backend; on AWS the browser PUTs to S3). */
export interface PartReceiver {
  receivePart(args: { uploadId: string; partNumber: number; exp: string; sig: string; len?: string; body: Readable }): Promise<UploadedPart>;
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
  /**
   * Who moves a completed upload into the originals (`storeCompletedUpload`): `in-process`
   * (default: the app, right after the completion route answers) or `event` (AWS: the ingest
   * function, on S3's notification of the completed multipart upload).
   */
  uploadStorage?: 'in-process' | 'event';
  /** Local backend: the receiver of the app's part endpoint. Absent on AWS (parts go to S3). */
  partReceiver?: PartReceiver;
  /** HMAC key of download links and CSRF tokens. */
  signingKey: Uint8Array;
  /**
   * The same key with its id, and the keys rotated out (they verify the links they signed until
   * those expire). Absent: `signingKey` alone, as a ring of one.
   */
  signingKeys?: SigningKeyRing;
  /** Starts renders; absent → render routes answer 503 `RENDER_UNAVAILABLE`. */
  renders?: RenderLauncher;
  /**
   * A proxy of ours sets `X-Forwarded-For/Proto/Host` (REPORTAGE_TRUST_PROXY): believe them for
   * the client address, HTTPS and the Origin check. Default false: they are the client's own words.
   */
  trustProxy?: boolean;
  /** Sign-in attempts allowed per client address per minute (default 20). */
  signInAttemptsPerMinute?: number;
  /** Session lifetime and idle timeout (default `DEFAULT_SESSION_POLICY`: REPORTAGE_SESSION_HOURS, REPORTAGE_SESSION_IDLE_MINUTES). */
  sessionPolicy?: SessionPolicy;
  /**
   * Where the public folder of published videos is served from: the CDN's origin (AWS: the
   * CloudFront distribution, REPORTAGE_PUBLIC_MEDIA_URL). Absent: the app serves `/public/…` itself.
   */
  publicMediaUrl?: string;
  /** Sites that may embed the watch pages in an `<iframe>` (CSP frame-ancestors; default any: REPORTAGE_EMBED_ORIGINS). */
  embedOrigins?: readonly string[];
  /** Seconds a download link stays valid (default 24 h). */
  downloadLinkSeconds?: number;
  /** What each project and each contributor may upload (default `DEFAULT_UPLOAD_QUOTAS`; REPORTAGE_UPLOAD_QUOTA_*). */
  uploadQuotas?: UploadQuotas;
  /** An upload in progress for longer stops holding quota (default 48 h; REPORTAGE_UPLOAD_ABANDON_HOURS). */
  uploadAbandonSeconds?: number;
}
