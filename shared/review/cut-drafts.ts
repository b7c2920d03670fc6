import {
  CutError,
  computeShotTimings,
  cutLengthLimits,
  CutKindSchema,
  startingCut,
  type CutKind,
  nfc,
  validateCut,
  type Actor,
  type CutDraft,
  type CutProblem,
  type Project,
  ReviewError,
} from '../domain/index.ts';
import { loadAssets } from '../render/index.ts';
import { auditEntry } from './record-audit.ts';
import type { ReviewDeps } from './review-deps.ts';

export interface DraftCheck {
  problems: CutProblem[];
  timing: { durationFrames: number; minFrames: number; maxFrames: number } | null;
  /** The length a cut of the draft's kind must have (a draft naming no kind, or an unknown one, is judged as a reportage). */
  limits: { kind: CutKind; minFrames: number; maxFrames: number };
}

/** Validates a draft against the project's assets: every problem, each naming its item (shot, cue …). */
export async function checkDraft({ deps, project, cut }: { deps: Pick<ReviewDeps, 'store'>; project: Project; cut: unknown }): Promise<DraftCheck> {
  const assets = await loadAssets({ deps, projectId: project.id });
  const kind = CutKindSchema.catch('reportage').parse((cut as { kind?: unknown } | null)?.kind);
  const limits = { kind, ...cutLengthLimits({ kind, project }) };
  try {
    const parsed = validateCut({ cut, assets });
    const { durationFrames } = computeShotTimings({ cut: parsed });
    return { problems: [], timing: { durationFrames, ...cutLengthLimits({ kind: parsed.kind, project }) }, limits };
  } catch (error) {
    if (error instanceof CutError) return { problems: [...error.problems], timing: null, limits };
    throw error;
  }
}

/**
 * Saves an editor's draft (optimistic: `expectedRevision` is the revision the editor loaded, 0
 * for a new cut). A draft with problems is saved all the same — it is work in progress — and the
 * problems come back so the editor shows them beside their shots. `auditDetails` say where the
 * draft came from (an imported timeline) in its audit entry.
 */
export async function saveCutDraft({
  deps,
  project,
  cutId,
  cut,
  expectedRevision,
  actor,
  auditDetails = {},
}: {
  deps: ReviewDeps;
  project: Project;
  cutId: string;
  cut: Record<string, unknown>;
  expectedRevision: number;
  actor: Actor;
  auditDetails?: Record<string, unknown>;
}): Promise<{ draft: CutDraft } & DraftCheck> {
  if (cut.id !== cutId || cut.projectId !== project.id) {
    throw new ReviewError({
      code: 'CUT_ID_MISMATCH',
      message: `The cut's "id" and "projectId" must be "${cutId}" and "${project.id}" (found "${String(cut.id)}" and "${String(cut.projectId)}").`,
      messageVi: 'Mã bản dựng hoặc mã dự án trong nội dung không khớp với địa chỉ lưu.',
      details: { field: cut.id !== cutId ? 'id' : 'projectId' },
    });
  }
  const now = deps.clock.now().toISOString();
  const existing = await deps.workflow.cuts.get({ projectId: project.id, cutId });
  const draft = await deps.workflow.cuts.save({
    draft: {
      projectId: project.id,
      cutId,
      title: nfc(typeof cut.title === 'string' ? cut.title : cutId),
      cut,
      updatedBy: actor,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
      revision: expectedRevision,
    },
    expectedRevision,
    audit: auditEntry({ deps, projectId: project.id, actor, action: 'cut.save', subject: cutId, details: { ...auditDetails, revision: expectedRevision + 1 } }),
  });
  return { draft, ...(await checkDraft({ deps, project, cut })) };
}

/**
 * Starts a cut: its first draft, from its kind's template (a news item or a teaser gets its
 * opening and closing cards, dated today in Hai Phong, and the logo when one is named; a
 * reportage starts empty). A cut id already taken is the CONFLICT of any first save.
 */
export async function startCut({
  deps,
  project,
  cutId,
  title,
  kind,
  logoAssetId,
  actor,
}: {
  deps: ReviewDeps;
  project: Project;
  cutId: string;
  title: string;
  kind: CutKind;
  logoAssetId: string | null;
  actor: Actor;
}): Promise<{ draft: CutDraft } & DraftCheck> {
  const day = new Date(deps.clock.now().getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
  const cut = startingCut({ projectId: project.id, cutId, title: nfc(title).trim(), kind, day, logoAssetId });
  return saveCutDraft({ deps, project, cutId, cut, expectedRevision: 0, actor });
}
