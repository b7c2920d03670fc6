import type { AuditEntry, Render, RenderProgress, Version } from '../domain/index.ts';
import type { ProfileId } from '../domain/delivery-profiles.ts';

/**
 * Starts renders for the web app and reports their live progress. Locally the render runs in
 * this process in the background; on AWS a launcher would queue it. `start` returns once the
 * render is recorded (status `running`), not when it ends: the pages poll its record.
 */
export interface RenderLauncher {
  /**
   * `audit` makes the new render's audit entry (`version.render`, naming the render id), written by
   * the store together with the render's record, or not at all. A render of the same version and
   * profile returned instead of a new one changes nothing, and logs nothing.
   */
  start(args: { version: Version; profile: ProfileId; audit?: (render: Render) => AuditEntry }): Promise<Render>;
  /** The latest progress a running render reported (the stored record lags behind), or null. */
  progress(args: { renderId: string }): RenderProgress | null;
  /** Resolves when every render started here has ended (tests, shutdown). */
  idle(): Promise<void>;
}
