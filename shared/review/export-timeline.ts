/**
 * Exports a cut draft or a version for editing software: OTIO, FCP 7 XML or a CMX 3600 EDL, or
 * the version's review comments as a marker list (Resolve EDL markers, CSV).
 */
import { NotFoundError, lookupById, validateCut, listCutAssetIds, type Asset, type Comment, type Project } from '../domain/index.ts';
import {
  buildInterchangeTimeline,
  nameMediaFiles,
  writeEdl,
  writeMarkerCsv,
  writeOtio,
  writeResolveMarkers,
  writeXmeml,
  type MediaChoice,
  type NamedMedia,
} from '../interchange/index.ts';
import { loadAssets } from '../render/index.ts';
import type { ReviewDeps } from './review-deps.ts';

/** What `exportTimeline` writes. */
export const EXPORT_FORMATS = ['otio', 'fcpxml', 'edl', 'markers-edl', 'markers-csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const EXTENSIONS: Record<ExportFormat, string> = { otio: '.otio', fcpxml: '.xml', edl: '.edl', 'markers-edl': '.markers.edl', 'markers-csv': '.markers.csv' };

export interface ExportedTimeline {
  /** What was exported: the saved draft of a cut, or a frozen version. */
  from: { kind: 'draft'; cutId: string; revision: number } | { kind: 'version'; cutId: string; versionId: string; number: number };
  format: ExportFormat;
  /** The file's text. */
  text: string;
  /** A file name for it (safe: letters, digits, `-`, `.`). */
  fileName: string;
  /** Every asset's file as the timeline names it (for a relink folder). */
  media: NamedMedia[];
  markers: number;
}

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Exports `id`: a version id (64 hex digits) or a cut id (its saved draft; the cut's latest
 * version when it has no draft). A version's review comments go out as markers; a draft has none.
 *
 * @throws NotFoundError when neither exists; CutError (`INVALID_CUT`) when the draft does not
 *   validate (an editing system cannot import shots whose source is unknown).
 */
export async function exportTimeline({
  deps,
  project,
  id,
  format,
  media = 'original',
}: {
  deps: Pick<ReviewDeps, 'store' | 'workflow'>;
  project: Project;
  id: string;
  format: ExportFormat;
  media?: MediaChoice;
}): Promise<ExportedTimeline> {
  const found = await findCut({ deps, project, id });
  const assets = await loadAssets({ deps, projectId: project.id });
  const cut = validateCut({ cut: found.cut, assets });
  const used = listCutAssetIds({ cut })
    .map((assetId) => lookupById<Asset>({ table: assets, id: assetId }))
    .filter((asset): asset is Asset => asset !== undefined && asset.kind !== 'subtitle');
  const named = nameMediaFiles({ assets: used, media });
  const comments: Comment[] = found.from.kind === 'version' ? await deps.workflow.comments.list({ versionId: found.from.versionId }) : [];
  const timeline = buildInterchangeTimeline({ cut, assets, named, comments });
  const text =
    format === 'otio'
      ? writeOtio({ timeline })
      : format === 'fcpxml'
        ? writeXmeml({ timeline })
        : format === 'edl'
          ? writeEdl({ timeline })
          : format === 'markers-edl'
            ? writeResolveMarkers({ name: timeline.name, markers: timeline.markers })
            : writeMarkerCsv({ markers: timeline.markers });
  const label = found.from.kind === 'version' ? `${cut.id}-v${found.from.number}` : cut.id;
  return { from: found.from, format, text, fileName: `${label}${EXTENSIONS[format]}`, media: [...named.values()], markers: timeline.markers.length };
}

async function findCut({
  deps,
  project,
  id,
}: {
  deps: Pick<ReviewDeps, 'store' | 'workflow'>;
  project: Project;
  id: string;
}): Promise<{ cut: unknown; from: ExportedTimeline['from'] }> {
  if (SHA256.test(id)) {
    const version = await deps.store.versions.get({ id });
    if (version === null || version.projectId !== project.id) throw new NotFoundError({ entity: 'version', id });
    return { cut: version.cut, from: { kind: 'version', cutId: version.cutId, versionId: version.id, number: version.number } };
  }
  const draft = await deps.workflow.cuts.get({ projectId: project.id, cutId: id });
  if (draft) return { cut: draft.cut, from: { kind: 'draft', cutId: id, revision: draft.revision } };
  const latest = (await deps.store.versions.list({ projectId: project.id, cutId: id })).sort((a, b) => b.number - a.number)[0];
  if (latest) return { cut: latest.cut, from: { kind: 'version', cutId: id, versionId: latest.id, number: latest.number } };
  throw new NotFoundError({ entity: 'cut', id });
}
