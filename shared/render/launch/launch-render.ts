import type { AuditEntry, Render, Version } from '../../domain/index.ts';
import { FPS } from '../../domain/project.ts';
import { DEFAULT_PROFILES, type DeliveryProfile, type ProfileId } from '../../domain/delivery-profiles.ts';
import { recordRender } from '../record-render.ts';
import { RenderError } from '../render-error.ts';
import type { RenderDeps } from '../render-deps.ts';
import type { RenderLauncher } from './render-launcher.ts';

/** One start per launcher, version and profile at a time: a second caller gets the first's render (two clicks, one render). */
const starting = new WeakMap<RenderLauncher, Map<string, Promise<Render>>>();

/**
 * Starts a render of the version with the profile on `renders`: answers the render that stands
 * (done, or on its way as the launcher sees it), or records a new one (`recordRender`, with the
 * status the launcher says and its audit entry, written together or not at all) and hands it to
 * the launcher. A render answered instead of a new one changes nothing and logs nothing. The
 * rules of who may start which render are the caller's (`startRender`); a version longer than the
 * profile's platform takes is refused here, before anything is recorded (`TOO_LONG_FOR_PLATFORM`).
 *
 * @example
 * const render = await launchRender({ deps, renders: createDeferredRenderLauncher({ deps }), version, profile: 'review' }); // status 'queued'
 */
export async function launchRender({
  deps,
  renders,
  version,
  profile,
  audit,
}: {
  deps: Pick<RenderDeps, 'store' | 'clock'>;
  renders: RenderLauncher;
  version: Version;
  profile: ProfileId;
  audit?: ((render: Render) => AuditEntry) | undefined;
}): Promise<Render> {
  checkPlatformLength({ profile: renders.profileOf?.({ id: profile }) ?? DEFAULT_PROFILES[profile], version });
  const pending = starting.get(renders) ?? new Map<string, Promise<Render>>();
  starting.set(renders, pending);
  const key = `${version.id}:${profile}`;
  const already = pending.get(key);
  if (already) return already;
  const start = (async () => {
    const standing = (await deps.store.renders.list({ projectId: version.projectId, versionId: version.id })).filter(
      (r) => r.profile === profile && renders.stands(r),
    );
    if (standing.length > 0) return standing[standing.length - 1]!;
    const render = await recordRender({ deps, version, profileId: profile, status: renders.recordsAs, audit });
    return renders.launch({ render, version, profile });
  })().finally(() => pending.delete(key));
  pending.set(key, start);
  return start;
}

/**
 * Refuses a version longer than the profile's platform takes (a vertical version for Reels over
 * 3:00), with the length and the limit in the message: the version is never cut to fit.
 *
 * @throws RenderError `TOO_LONG_FOR_PLATFORM` (409)
 */
export function checkPlatformLength({ profile, version }: { profile: DeliveryProfile; version: Pick<Version, 'durationFrames' | 'number'> }): void {
  const platform = profile.platform;
  if (!platform || version.durationFrames / FPS <= platform.maxSeconds) return;
  throw RenderError.tooLongForPlatform({
    profileLabel: profile.label.vi,
    platform: platform.name,
    maxSeconds: platform.maxSeconds,
    durationFrames: version.durationFrames,
    versionNumber: version.number,
  });
}
