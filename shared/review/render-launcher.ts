import type { Render, Version } from '../domain/index.ts';
import type { ProfileId } from '../delivery/profiles.ts';
import type { RenderProgress } from '../render/run-render-jobs.ts';

/**
 * Starts renders for the web app and reports their live progress. Locally the render runs in
 * this process in the background; on AWS a launcher would queue it. `start` returns once the
 * render is recorded (status `running`), not when it ends: the pages poll its record.
 */
export interface RenderLauncher {
  start(args: { version: Version; profile: ProfileId }): Promise<Render>;
  /** The latest progress a running render reported (the stored record lags behind), or null. */
  progress(args: { renderId: string }): RenderProgress | null;
  /** Resolves when every render started here has ended (tests, shutdown). */
  idle(): Promise<void>;
}
