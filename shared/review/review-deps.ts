import type { Clock, Store, WorkflowStore } from '../ports/index.ts';

/** What the review use cases need: the pipeline's records, the workflow's records, the time. */
export interface ReviewDeps {
  store: Store;
  workflow: WorkflowStore;
  clock: Clock;
}
