/** Per-stage settings, in one typed record: everything that differs between dev and prod. */
export interface StageSettings {
  /** Removal of stateful resources when the stack is deleted: keep production data. */
  retainData: boolean;
  /** Days after which an unfinished multipart upload is aborted. */
  abortMultipartAfterDays: number;
  /** Deliveries are kept this long after a project ends. */
  deliveryRetentionDays: number;
  /**
   * Deliveries of one job before it is dead-lettered (the adapter does it, keeping the error on the
   * job record; the queue's own redrive, one receive later, is a safety net).
   */
  maxJobAttempts: number;
  /** Visibility timeout of a job message, seconds: at least the worker's timeout (Lambda requires it). */
  jobVisibilitySeconds: number;
  /** The worker function: memory (MiB; CPU grows with it: 10240 MiB = 6 vCPU), /tmp size (MiB) and timeout. */
  worker: { memoryMb: number; ephemeralStorageMb: number; timeoutSeconds: number; reservedConcurrency: number };
  /** The API function (the web app): memory (MiB) and timeout. */
  api: { memoryMb: number; timeoutSeconds: number };
  /** The ingest function (hashes dropped files into originals): memory, /tmp size (MiB; a file is spooled there) and timeout. */
  ingest: { memoryMb: number; ephemeralStorageMb: number; timeoutSeconds: number };
  /** Alarm when the oldest waiting job is older than this (seconds). */
  maxJobAgeSeconds: number;
  /** CloudWatch Logs retention of the functions' logs, days. */
  logRetentionDays: number;
}

export const STAGES = {
  dev: {
    retainData: false,
    abortMultipartAfterDays: 1,
    deliveryRetentionDays: 30,
    maxJobAttempts: 3,
    jobVisibilitySeconds: 900,
    worker: { memoryMb: 4096, ephemeralStorageMb: 4096, timeoutSeconds: 900, reservedConcurrency: 10 },
    api: { memoryMb: 1024, timeoutSeconds: 29 },
    ingest: { memoryMb: 1024, ephemeralStorageMb: 10240, timeoutSeconds: 900 },
    maxJobAgeSeconds: 1800,
    logRetentionDays: 14,
  },
  prod: {
    retainData: true,
    abortMultipartAfterDays: 7,
    deliveryRetentionDays: 365,
    maxJobAttempts: 3,
    jobVisibilitySeconds: 900,
    worker: { memoryMb: 10240, ephemeralStorageMb: 10240, timeoutSeconds: 900, reservedConcurrency: 100 },
    api: { memoryMb: 1024, timeoutSeconds: 29 },
    ingest: { memoryMb: 2048, ephemeralStorageMb: 10240, timeoutSeconds: 900 },
    maxJobAgeSeconds: 900,
    logRetentionDays: 90,
  },
} as const satisfies Record<string, StageSettings>;

export type StageName = keyof typeof STAGES;
