import type { Render, RenderProgress, Version } from '../../domain/index.ts';
import type { DeliveryProfile, ProfileId } from '../../domain/delivery-profiles.ts';

/**
 * Runs the renders a process starts, and reports their live progress. Locally the render runs in
 * this process in the background; on a distributed deployment it is fanned out on the job queue.
 * The render use case (`startRender`) records the render first (`recordRender`, with the status
 * this launcher says) and then hands it over: `launch` returns once the render is on its way, not
 * when it ends; the pages poll its record.
 */
export interface RenderLauncher {
  /** How the renders this launcher runs are recorded: `running` (here, maybe waiting for a slot) or `queued` (for the workers). */
  readonly recordsAs: 'running' | 'queued';
  /**
   * Whether a render on record, of the version and profile asked for, is answered instead of a
   * new one: done, or on its way. The local launcher counts only renders it started itself (one
   * marked running that it did not start was cut off by a restart: a new one starts afresh).
   */
  stands(render: Render): boolean;
  /** Runs, or queues, a render just recorded; returns the render as it stands once launched. */
  launch(args: { render: Render; version: Version; profile: ProfileId }): Promise<Render>;
  /** The latest progress a running render reported (the stored record lags behind), or null. */
  progress(args: { renderId: string }): RenderProgress | null;
  /** Resolves when every render started here has ended (tests, shutdown). */
  idle(): Promise<void>;
  /** The settings this launcher renders a profile with (its platform's limits are checked before a render is recorded); absent: the defaults. */
  profileOf?(args: { id: ProfileId }): DeliveryProfile;
}
