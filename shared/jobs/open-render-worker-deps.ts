import { DEFAULT_PROFILES, ProfileIdSchema, type DeliveryProfile } from '../domain/delivery-profiles.ts';
import { describeToolchain, findFontFile } from '../media/index.ts';
import type { IngestDeps } from '../ingest/index.ts';
import type { Counters } from '../ports/counters.ts';
import type { DistributedRenderDeps } from '../render/distributed/index.ts';

/**
 * A worker's dependencies for render jobs, from the ingest ones every worker has: the font
 * (found once), this machine's toolchain, the fan-in counters and the default profiles.
 */
export async function openRenderWorkerDeps({ deps, counters, fontFile, concurrency = 1, profileFor = defaultProfileFor }: {
  deps: IngestDeps;
  counters: Counters;
  fontFile?: string | undefined;
  /** Parallel work inside one job (the assembly's decode tests). */
  concurrency?: number;
  profileFor?: (args: { id: string }) => DeliveryProfile;
}): Promise<DistributedRenderDeps> {
  const font = await findFontFile({ fontFile });
  return { ...deps, counters, fontFile: font, concurrency, toolchain: await describeToolchain({ tools: deps.tools, fontFile: font }), profileFor };
}

/** The default delivery profile with this id; zod names the ids it knows when it is not one. */
export function defaultProfileFor({ id }: { id: string }): DeliveryProfile {
  return DEFAULT_PROFILES[ProfileIdSchema.parse(id)];
}
