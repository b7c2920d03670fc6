/**
 * Versions: a cut frozen for rendering and review. A version never changes; editing the cut makes
 * a new one. Its id is a content hash, so an approval that names it names exactly these shots and
 * exactly these files.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { WarningSchema, type Asset } from './asset.ts';
import { ProgrammeAudioLayoutSchema } from './programme-audio-layout.ts';
import {
  CutError,
  CutKindSchema,
  CutSchema,
  computeShotTimings,
  cutLengthLimits,
  listCutAssetIds,
  lookupById,
  validateCut,
  type AssetsById,
  type CuesById,
  type Cut,
} from './cut/index.ts';
import { TimelineError } from './errors.ts';
import type { Project } from './project.ts';

const SHA256 = /^[0-9a-f]{64}$/;

/** The programme's length against the limits of its kind (frames at 25 fps). */
export const LengthCheckSchema = z.object({
  kind: CutKindSchema,
  minFrames: z.int().nonnegative(),
  maxFrames: z.int().nonnegative(),
  durationFrames: z.int().nonnegative(),
  /** minFrames ≤ durationFrames ≤ maxFrames. */
  ok: z.boolean(),
});
export type LengthCheck = z.infer<typeof LengthCheckSchema>;

/**
 * Where a version came from when it was not cut here: a finished programme a partner studio
 * uploaded (a "version from file"). Its cut is one clip over the whole programme asset, with the
 * cues of the SRT given with it as the cut's subtitles.
 */
export const VersionOriginSchema = z.object({
  type: z.literal('file'),
  /** The `programme` asset. */
  assetId: z.string(),
  /** The subtitle asset given with it, if any. */
  subtitleAssetId: z.string().nullable(),
  /** The declared (or assumed) channel layout; null when the file has one or two channels. */
  audioLayout: ProgrammeAudioLayoutSchema.nullable(),
  /** What every profile will change about the file (deinterlacing, frame rate, channels, length …). */
  warnings: z.array(WarningSchema),
});
export type VersionOrigin = z.infer<typeof VersionOriginSchema>;

/** A frozen version as stored: immutable, identified by its content hash. */
export const VersionSchema = z.object({
  /** SHA-256 of the canonical JSON of the cut and of the sorted `[assetId, sha256]` pairs of its assets. */
  id: z.string().regex(SHA256),
  /** 1, 2, 3 … shown as v1, v2, v3. */
  number: z.int().positive(),
  projectId: z.string(),
  cutId: z.string(),
  /** The cut as it was frozen (parsed: defaults filled in, text NFC). */
  cut: CutSchema,
  /** SHA-256 of the original of every asset the cut names (transcripts included), by asset id. */
  assetHashes: z.record(z.string(), z.string().regex(SHA256)),
  durationFrames: z.int().nonnegative(),
  lengthCheck: LengthCheckSchema,
  /** Set on a version from file; absent on a version cut here (and left out of its id). */
  origin: VersionOriginSchema.optional(),
  createdAt: z.string(),
});
export type Version = z.infer<typeof VersionSchema>;

/**
 * JSON with the keys of every object sorted (arrays keep their order; undefined properties are
 * left out, as JSON.stringify does), so equal values give equal text whatever their key order.
 *
 * @example canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }) // '{"a":[2,{"c":4,"d":3}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
    const entries = Object.entries(item as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries);
  });
}

/**
 * A version's id: SHA-256 (hex) of `canonicalJson({ cut, assets })` where `assets` is the list of
 * `[assetId, original sha256]` pairs sorted by asset id, plus the version's `origin` when it has
 * one (absent, it is left out: the ids of versions cut here are what they always were).
 */
export function computeVersionId({
  cut,
  assetHashes,
  origin,
}: {
  cut: Cut;
  assetHashes: Readonly<Record<string, string>>;
  origin?: VersionOrigin | undefined;
}): string {
  const assets = Object.entries(assetHashes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256').update(canonicalJson({ cut, assets, origin })).digest('hex');
}

/** "v3". */
export function versionLabel({ number }: { number: number }): string {
  return `v${number}`;
}

/** Arguments of `freezeVersion`. */
export interface FreezeVersionInput {
  /** The cut as written or parsed; it is validated first. */
  cut: unknown;
  assets: AssetsById;
  /** The version number the caller assigns (the next one for this cut). */
  number: number;
  now: Date;
  project: Pick<Project, 'id' | 'targetLength' | 'cutKinds'>;
  /** Parsed transcript cues; when given, a transcript whose cues are missing is refused. */
  transcriptCues?: CuesById;
  /** A version from file: where it came from (part of its id). */
  origin?: VersionOrigin;
}

/**
 * Freezes a cut into an immutable (deeply frozen) version. The same cut and the same asset bytes
 * always give the same id; changing one shot's out point or one asset's bytes changes it. The
 * length is checked, not enforced: `lengthCheck.ok` says whether it fits the kind's limits (the
 * project's target length for a reportage: 12:00–15:00 by default).
 *
 * @throws CutError (`INVALID_CUT`) when the cut is invalid or belongs to another project.
 */
export function freezeVersion({ cut: input, assets, number, now, project, transcriptCues, origin }: FreezeVersionInput): Version {
  if (!Number.isSafeInteger(number) || number < 1) {
    throw new TimelineError({
      code: 'INVALID_VERSION_NUMBER',
      message: `A version number is a whole number from 1 (got ${String(number)}).`,
      messageVi: `Số phiên bản phải là số nguyên từ 1 (nhận được ${String(number)}).`,
      details: { number },
    });
  }
  const cut = validateCut({ cut: input, assets, ...(transcriptCues ? { transcriptCues } : {}) });
  if (cut.projectId !== project.id) {
    throw new CutError({
      cutId: cut.id,
      problems: [
        {
          itemId: cut.id,
          field: 'projectId',
          code: 'WRONG_PROJECT',
          message: `cut "${cut.id}": it belongs to project "${cut.projectId}", not "${project.id}"`,
          messageVi: `bản dựng "${cut.id}": thuộc dự án "${cut.projectId}", không phải "${project.id}"`,
        },
      ],
    });
  }
  const assetHashes: Record<string, string> = {};
  for (const assetId of listCutAssetIds({ cut })) {
    // validateCut has checked every named asset exists in the project.
    const asset = lookupById<Asset>({ table: assets, id: assetId });
    if (asset) assetHashes[assetId] = asset.original.sha256;
  }
  const { durationFrames } = computeShotTimings({ cut });
  const limits = cutLengthLimits({ kind: cut.kind, project });
  const version: Version = {
    id: computeVersionId({ cut, assetHashes, origin }),
    number,
    projectId: cut.projectId,
    cutId: cut.id,
    cut,
    assetHashes,
    durationFrames,
    lengthCheck: {
      kind: cut.kind,
      minFrames: limits.minFrames,
      maxFrames: limits.maxFrames,
      durationFrames,
      ok: durationFrames >= limits.minFrames && durationFrames <= limits.maxFrames,
    },
    ...(origin ? { origin } : {}),
    createdAt: now.toISOString(),
  };
  return deepFreeze(version);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as Record<string, unknown>)) deepFreeze(child);
  }
  return value;
}

/**
 * Shot ids whose content differs between two versions (added, removed or changed). A version from
 * file has no shots to compare: its changes are ranges found from pictures and sound.
 */
export function changedShots({ current, previous }: { current: Version; previous: Version | null }): string[] {
  if (previous === null || current.origin !== undefined) return [];
  const before = new Map(previous.cut.shots.map((s) => [s.id, JSON.stringify(s)]));
  return current.cut.shots.filter((s) => before.get(s.id) !== JSON.stringify(s)).map((s) => s.id);
}
