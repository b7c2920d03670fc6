import type { MediaTools } from '../media/index.ts';
import type { BlobStore, Clock, Logger, Store } from '../ports/index.ts';

/** What rendering needs from the outside world. */
export interface RenderDeps {
  blobs: BlobStore;
  store: Store;
  clock: Clock;
  log: Logger;
  tools: MediaTools;
  /** A local folder for ffmpeg's outputs before they are stored. */
  scratchDir: string;
  /** Font for burned-in text (Vietnamese coverage); REPORTAGE_FONT_FILE or the installed Noto Sans. */
  fontFile: string;
  /** Segment jobs run at once. */
  concurrency: number;
}
