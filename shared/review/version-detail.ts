import { changedShots, type ChangedRange, type Render, type Role, type Version } from '../domain/index.ts';
import { loadProgrammeChanges } from '../ingest/find-programme-changes.ts';
import type { BlobStore } from '../ports/index.ts';
import type { ReviewDeps } from './review-deps.ts';
import { loadVersionFor, versionsSentToReview } from './review-requests.ts';

/** A version as its review page shows it: its renders, the version before it, and what changed since. */
export interface VersionDetail {
  version: Version;
  /** The version of the same cut just before it that this user may see (a reviewer: one sent to review). */
  previous: Version | null;
  renders: Render[];
  /** Shots added, removed or changed since `previous` (a version cut here). */
  changedShots: string[];
  /** The ranges of a version from file found changed since `previous`; null when not compared with it. */
  changedRanges: ChangedRange[] | null;
}

/**
 * A version of the project as `role` may see it (a reviewer: only versions sent to review, any
 * other the same 404), with its renders, the previous version and the changes since.
 *
 * @throws NotFoundError
 */
export async function readVersionDetail({
  deps,
  projectId,
  versionId,
  role,
}: {
  deps: ReviewDeps & { blobs: BlobStore };
  projectId: string;
  versionId: string;
  role: Role;
}): Promise<VersionDetail> {
  const version = await loadVersionFor({ deps, projectId, versionId, role });
  let siblings = await deps.store.versions.list({ projectId, cutId: version.cutId });
  if (role === 'reviewer') {
    const sent = await versionsSentToReview({ deps, projectId });
    siblings = siblings.filter((v) => sent.has(v.id));
  }
  const previous = siblings.filter((v) => v.number < version.number).sort((a, b) => b.number - a.number)[0] ?? null;
  const renders = await deps.store.renders.list({ projectId, versionId: version.id });
  return {
    version,
    previous,
    renders,
    changedShots: changedShots({ current: version, previous }),
    changedRanges: await changedRangesSince({ deps, version, previous }),
  };
}

/** The ranges of a version from file found changed since `previous` (null: not a version from file, or not compared with that one). */
async function changedRangesSince({
  deps,
  version,
  previous,
}: {
  deps: { blobs: BlobStore };
  version: Version;
  previous: Version | null;
}): Promise<ChangedRange[] | null> {
  if (previous === null) return null;
  const changes = await loadProgrammeChanges({ deps, version });
  return changes !== null && changes.previousVersionId === previous.id ? changes.ranges : null;
}
