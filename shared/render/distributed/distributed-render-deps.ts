import type { DeliveryProfile } from '../../domain/delivery-profiles.ts';
import type { Counters } from '../../ports/counters.ts';
import type { JobQueue } from '../../ports/index.ts';
import type { RenderDeps } from '../render-deps.ts';

/**
 * What a worker needs to run the jobs of a distributed render: the render's own dependencies,
 * the queue (the fan-in sends the assembly), the fan-in counters, this worker's toolchain (a job
 * planned with another ffmpeg or font is refused) and the profiles it knows by id.
 */
export interface DistributedRenderDeps extends RenderDeps {
  queue: JobQueue;
  counters: Counters;
  /** `describeToolchain` of this worker. */
  toolchain: string;
  /** The delivery profile named by a job (the defaults; tests give smaller ones). Unknown ids throw. */
  profileFor: (args: { id: string }) => DeliveryProfile;
}
