/** Per-stage settings, in one typed record: everything that differs between dev and prod. */
export interface StageSettings {
  /** Removal of stateful resources when the stack is deleted: keep production data. */
  retainData: boolean;
  /** Days after which an unfinished multipart upload is aborted. */
  abortMultipartAfterDays: number;
  /** Delivered files (`deliveries/…`) are kept this long after they are made; published videos (`public/…`) until unpublished. */
  deliveryRetentionDays: number;
  /**
   * Deliveries of one job before it is dead-lettered (the adapter does it, keeping the error on the
   * job record; the queue's own redrive, one receive later, is a safety net).
   */
  maxJobAttempts: number;
  /** Visibility timeout of a job message, seconds: at least the worker's timeout (Lambda requires it). */
  jobVisibilitySeconds: number;
  /**
   * The worker function: memory (MiB; CPU grows with it: 10240 MiB = 6 vCPU), /tmp size (MiB) and timeout.
   *
   * Sized from the largest job (render benchmark, 13-minute programme, docs/aws.md "What a render
   * costs"; scaled to the longest programme, 15 minutes): a 1080p segment takes ≤ 10 CPU-seconds
   * and tens of MB of /tmp; the sound (windows, loudness, AAC) ~30 CPU-seconds and ~0.3 GB of
   * WAV; the assembly (mux, QC with a full decode, checksums, package) ~200 s and, in /tmp, local
   * copies of the segments and the sound plus the muxed master: twice the master's size, at the
   * profile's maximum rate: 15 min of screening (24.3 Mbit/s) ≈ 5.5 GB, of broadcast MP4
   * (20.2 Mbit/s) ≈ 4.5 GB. So /tmp is Lambda's maximum, 10240 MiB, on every stage, and the
   * timeout Lambda's maximum, 900 s (over four times the assembly). The 15-minute XDCAM MXF master
   * (52.3 Mbit/s ≈ 11.8 GB) does not fit: docs/aws.md "Known limits". test/unit/infra/function-sizing.test.ts
   * recomputes this from the delivery profiles.
   */
  worker: { memoryMb: number; ephemeralStorageMb: number; timeoutSeconds: number; reservedConcurrency: number };
  /** The API function (the web app): memory (MiB) and timeout (a request's work is records and signatures: seconds at most; function URLs allow 15 minutes, 29 s keeps a stuck request short). */
  api: { memoryMb: number; timeoutSeconds: number };
  /**
   * The ingest function (hashes dropped files into originals): memory, /tmp size (MiB) and timeout.
   * Its one job spools a dropped file to /tmp while hashing it, then uploads it: the largest file
   * it takes is /tmp's size (10240 MiB, Lambda's maximum); 10 GB at S3's ~100 MB/s in and out fits in 900 s.
   */
  ingest: { memoryMb: number; ephemeralStorageMb: number; timeoutSeconds: number };
  /** Alarm when the oldest waiting job is older than this (seconds). */
  maxJobAgeSeconds: number;
  /** CloudWatch Logs retention of the functions' logs, days. */
  logRetentionDays: number;
  /**
   * Days between automatic rotations of the signing key secret (Secrets Manager's schedule). The
   * key a rotation replaces verifies the links it signed until they expire (docs/aws.md "Signing key").
   */
  signingKeyRotationDays: number;
}

export const STAGES = {
  dev: {
    retainData: false,
    abortMultipartAfterDays: 1,
    deliveryRetentionDays: 30,
    maxJobAttempts: 3,
    jobVisibilitySeconds: 900,
    worker: { memoryMb: 4096, ephemeralStorageMb: 10240, timeoutSeconds: 900, reservedConcurrency: 10 },
    api: { memoryMb: 1024, timeoutSeconds: 29 },
    ingest: { memoryMb: 1024, ephemeralStorageMb: 10240, timeoutSeconds: 900 },
    maxJobAgeSeconds: 1800,
    logRetentionDays: 14,
    signingKeyRotationDays: 30,
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
    signingKeyRotationDays: 30,
  },
} as const satisfies Record<string, StageSettings>;

export type StageName = keyof typeof STAGES;
