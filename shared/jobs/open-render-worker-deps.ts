import { DEFAULT_PROFILES, ProfileIdSchema, type DeliveryProfile } from '../domain/delivery-profiles.ts';
import type { ResolvedToolchain } from '../media/index.ts';
import type { IngestDeps } from '../ingest/index.ts';
import type { Counters } from '../ports/counters.ts';
import type { DistributedRenderDeps } from '../render/distributed/index.ts';

/**
 * A worker's dependencies for render jobs, from the ingest ones every worker has: this machine's
 * font and toolchain (`resolveToolchain`, resolved once by the caller), the fan-in counters and
 * the default profiles.
 */
export function openRenderWorkerDeps({
  deps,
  counters,
  toolchain,
  concurrency = 1,
  profileFor = defaultProfileFor,
}: {
  deps: IngestDeps;
  counters: Counters;
  toolchain: ResolvedToolchain;
  /** Parallel work inside one job (the assembly's decode tests). */
  concurrency?: number;
  profileFor?: (args: { id: string }) => DeliveryProfile;
}): DistributedRenderDeps {
  return { ...deps, counters, fontFile: toolchain.fontFile, concurrency, toolchain: toolchain.toolchain, profileFor };
}

/** The default delivery profile with this id; zod names the ids it knows when it is not one. */
export function defaultProfileFor({ id }: { id: string }): DeliveryProfile {
  return DEFAULT_PROFILES[ProfileIdSchema.parse(id)];
}
