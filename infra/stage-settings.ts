/** Per-stage settings, in one typed record (the stateless stack and its functions arrive with the AWS issue). */
export interface StageSettings {
  /** Removal of stateful resources when the stack is deleted: keep production data. */
  retainData: boolean;
  /** Days after which an unfinished multipart upload is aborted. */
  abortMultipartAfterDays: number;
  /** Deliveries are kept this long after a project ends. */
  deliveryRetentionDays: number;
  /** A job message goes to the dead-letter queue after this many receives. */
  maxJobAttempts: number;
  /** Visibility timeout of a job message, seconds (longer than the longest job run). */
  jobVisibilitySeconds: number;
}

export const STAGES = {
  dev: { retainData: false, abortMultipartAfterDays: 1, deliveryRetentionDays: 30, maxJobAttempts: 3, jobVisibilitySeconds: 900 },
  prod: { retainData: true, abortMultipartAfterDays: 7, deliveryRetentionDays: 365, maxJobAttempts: 3, jobVisibilitySeconds: 900 },
} as const satisfies Record<string, StageSettings>;

export type StageName = keyof typeof STAGES;
