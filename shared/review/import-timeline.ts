/**
 * Imports a timeline made by editing software (EDL, FCP 7 XML, OTIO) as a cut's draft. The draft
 * is saved through `saveCutDraft` (optimistic revision, validation, audit) whatever could not be
 * matched: the unmatched events come back with their event numbers, and the draft's problems
 * with their shots, for the editor to finish in reportage.
 */
import type { Actor, CutDraft, Project } from '../domain/index.ts';
import { readTimelineFile, timelineToCut, type TimelineFormat, type UnmatchedEvent } from '../interchange/index.ts';
import { loadAssets } from '../render/index.ts';
import { saveCutDraft, type DraftCheck } from './cut-drafts.ts';
import type { ReviewDeps } from './review-deps.ts';

export interface ImportedTimeline extends DraftCheck {
  draft: CutDraft;
  format: TimelineFormat;
  unmatched: UnmatchedEvent[];
  warnings: string[];
}

/**
 * Reads `bytes` (a timeline file named `fileName`) into the draft of `cutId`. What the formats do
 * not carry (subtitles, logo, levels, lower thirds …) is kept from the cut's draft, or from its
 * latest version when it has no draft yet.
 *
 * @throws InterchangeError when the file is refused (too large, unknown format, malformed, not 25 fps).
 */
export async function importTimeline({
  deps,
  project,
  cutId,
  bytes,
  fileName,
  actor,
}: {
  deps: ReviewDeps;
  project: Project;
  cutId: string;
  bytes: Uint8Array;
  fileName: string;
  actor: Actor;
}): Promise<ImportedTimeline> {
  const read = readTimelineFile({ bytes, fileName });
  const draft = await deps.workflow.cuts.get({ projectId: project.id, cutId });
  const latest = draft ? null : (await deps.store.versions.list({ projectId: project.id, cutId })).sort((a, b) => b.number - a.number)[0];
  const base: Record<string, unknown> =
    draft?.cut ?? (latest ? { ...latest.cut } : { schemaVersion: 1, projectId: project.id, id: cutId, title: read.timeline.name || cutId });
  const assets = Object.values(await loadAssets({ deps, projectId: project.id }));
  const { cut, unmatched, warnings } = timelineToCut({ read, assets, base: { ...base, projectId: project.id, id: cutId } });
  const auditDetails = { importedFrom: read.format, fileName, unmatched: unmatched.length };
  const saved = await saveCutDraft({ deps, project, cutId, cut, expectedRevision: draft?.revision ?? 0, actor, auditDetails });
  return { ...saved, format: read.format, unmatched, warnings };
}
