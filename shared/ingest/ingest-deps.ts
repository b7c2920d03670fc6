import type { MediaLimits, MediaTools } from '../media/index.ts';
import type { BlobStore, Clock, JobQueue, Logger, Store } from '../ports/index.ts';

/** What the ingest use case needs from the outside world: ports, plus where ffmpeg may scratch. */
export interface IngestDeps {
  blobs: BlobStore;
  store: Store;
  queue: JobQueue;
  clock: Clock;
  log: Logger;
  tools: MediaTools;
  /** Pixels, duration and streams an original may have (default `DEFAULT_MEDIA_LIMITS`; REPORTAGE_MAX_*). */
  mediaLimits?: MediaLimits;
  /** A local folder for ffmpeg's outputs before they are stored (emptied after each job). */
  scratchDir: string;
}
