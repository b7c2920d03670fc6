import { buffer } from 'node:stream/consumers';
import {
  FINGERPRINT_CELLS,
  ProgrammeChangesSchema,
  parseSourceTime,
  rationalToFrames,
  findChangedRanges,
  parseFingerprint,
  serialiseFingerprint,
  type Fingerprint,
  type ProgrammeChanges,
  type Version,
} from '../domain/index.ts';
import { fingerprintMedia, type MediaTools } from '../media/index.ts';
import type { BlobStore, Logger, Store } from '../ports/index.ts';

export interface ProgrammeChangesDeps {
  store: Store;
  blobs: BlobStore;
  log: Logger;
  tools: MediaTools;
}

/** Where the changes of a version from file are stored. */
export function programmeChangesKey({ versionId }: { versionId: string }): string {
  return `derived/version-changes/${versionId}.json`;
}

/**
 * The ranges of a version from file whose pictures or sound differ from the previous version's,
 * stored under `programmeChangesKey`. Each side is read from what shows it at review size:
 * a version from file from its programme's ingest proxy; a version cut here from its finished
 * review render (without one there is nothing to compare: null). Fingerprints are cached by the
 * bytes they were taken from.
 */
export async function findProgrammeChanges({
  deps,
  version,
  previous,
  scratchDir,
}: {
  deps: ProgrammeChangesDeps;
  version: Version;
  previous: Version;
  scratchDir: string;
}): Promise<ProgrammeChanges | null> {
  const current = await fingerprintOfVersion({ deps, version, scratchDir });
  const before = await fingerprintOfVersion({ deps, version: previous, scratchDir });
  if (current === null || before === null) {
    deps.log.info('no fingerprint to compare a version from file with', { versionId: version.id, previousVersionId: previous.id });
    return null;
  }
  const changes: ProgrammeChanges = {
    versionId: version.id,
    previousVersionId: previous.id,
    comparedWith: before.from,
    ranges: findChangedRanges({ previous: before.fingerprint, current: current.fingerprint })
      .map((r) => ({
        startFrame: r.startFrame,
        endFrame: Math.min(r.endFrame, version.durationFrames),
      }))
      .filter((r) => r.endFrame > r.startFrame),
  };
  await deps.blobs.putBytes({ key: programmeChangesKey({ versionId: version.id }), body: JSON.stringify(changes), contentType: 'application/json' });
  return changes;
}

/** The stored changes of a version from file against its previous version, or null. */
export async function loadProgrammeChanges({ deps, version }: { deps: { blobs: BlobStore }; version: Version }): Promise<ProgrammeChanges | null> {
  if (version.origin === undefined) return null;
  const key = programmeChangesKey({ versionId: version.id });
  if ((await deps.blobs.head({ key })) === null) return null;
  const parsed = ProgrammeChangesSchema.safeParse(JSON.parse((await buffer(await deps.blobs.read({ key }))).toString('utf8')));
  return parsed.success ? parsed.data : null;
}

async function fingerprintOfVersion({
  deps,
  version,
  scratchDir,
}: {
  deps: ProgrammeChangesDeps;
  version: Version;
  scratchDir: string;
}): Promise<{ fingerprint: Fingerprint; from: ProgrammeChanges['comparedWith'] } | null> {
  if (version.origin !== undefined) {
    const asset = await deps.store.assets.get({ id: version.origin.assetId });
    const proxy = asset?.derivatives.proxy;
    if (!asset || !proxy) return null;
    const fingerprint = await cachedFingerprint({
      deps,
      cacheKey: `cache/fingerprints/proxy-${asset.original.sha256}.json`,
      mediaKey: proxy.key,
      withSound: asset.probe?.audio != null,
      scratchDir,
    });
    return { fingerprint: programmePart({ fingerprint, version }), from: 'programme-file' };
  }
  const renders = await deps.store.renders.list({ projectId: version.projectId, versionId: version.id });
  const review = renders.filter((r) => r.profile === 'review' && r.status === 'done').sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1))[0];
  const file = review?.files.find((f) => f.role === 'programme');
  if (!file) return null;
  const fingerprint = await cachedFingerprint({
    deps,
    cacheKey: `cache/fingerprints/render-${file.sha256}.json`,
    mediaKey: file.key,
    withSound: true,
    scratchDir,
  });
  return { fingerprint, from: 'review-render' };
}

/** The frames of a version from file's one clip (its in to out point), out of the whole file's fingerprint. */
function programmePart({ fingerprint, version }: { fingerprint: Fingerprint; version: Version }): Fingerprint {
  const shot = version.cut.shots[0];
  if (shot?.type !== 'clip') return fingerprint;
  const start = Math.min(fingerprint.frames, rationalToFrames({ value: parseSourceTime({ value: shot.in }) }));
  const end = Math.min(fingerprint.frames, Math.max(start, rationalToFrames({ value: parseSourceTime({ value: shot.out }) })));
  return {
    frames: end - start,
    picture: fingerprint.picture.subarray(start * FINGERPRINT_CELLS, end * FINGERPRINT_CELLS),
    sound: fingerprint.sound ? fingerprint.sound.subarray(start, end) : null,
  };
}

/** Files read here are ours (an ingest proxy, a review render): MP4 whatever their name. */
async function cachedFingerprint({
  deps,
  cacheKey,
  mediaKey,
  withSound,
  scratchDir,
}: {
  deps: ProgrammeChangesDeps;
  cacheKey: string;
  mediaKey: string;
  withSound: boolean;
  scratchDir: string;
}): Promise<Fingerprint> {
  if ((await deps.blobs.head({ key: cacheKey })) !== null) {
    try {
      return parseFingerprint({ stored: JSON.parse((await buffer(await deps.blobs.read({ key: cacheKey }))).toString('utf8')) });
    } catch (error) {
      deps.log.warn('a cached fingerprint did not parse; taking it again', { key: cacheKey, error: String(error) });
    }
  }
  const input = await deps.blobs.mediaInput({ key: mediaKey });
  const fingerprint = await fingerprintMedia({ source: { ...input, demuxer: 'mov' }, withSound, tools: deps.tools, scratchDir });
  await deps.blobs.putBytes({ key: cacheKey, body: JSON.stringify(serialiseFingerprint({ fingerprint })), contentType: 'application/json' });
  return fingerprint;
}
