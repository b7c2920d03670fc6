import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import {
  LoudnessSchema,
  ProbeFactsSchema,
  ReportageError,
  WarningSchema,
  AssetKindSchema,
  ConflictError,
  toErrorRecord,
  type Asset,
  type Derivative,
  type Loudness,
  type ProbeFacts,
  type Warning,
  type AssetKind,
} from '../domain/index.ts';
import { z } from 'zod';
import {
  MediaError,
  deriveAudio,
  derivePhoto,
  deriveVideo,
  loudnessWarnings,
  probeMedia,
  sniffMedia,
  validateMedia,
  type DerivedFile,
  type MediaSource,
} from '../media/index.ts';
import {
  MAX_SUBTITLE_BYTES,
  SubtitlesTooLargeError,
  formatSrt,
  formatVtt,
  readSubtitleFile,
  subtitleFormatOfName,
  violationsToWarnings,
} from '../subtitles/index.ts';
import type { IngestDeps } from './ingest-deps.ts';

/** Bump when derivative settings change: derived keys include it, so old outputs are not reused. */
export const INGEST_DERIVE_VERSION = 'ingest-v2';

const SNIFF_BYTES = 64 * 1024;

/** What one ingest derived, kept beside the derivatives so a retried job can reuse them. */
const IngestManifestSchema = z.object({
  kind: AssetKindSchema,
  probe: ProbeFactsSchema.nullable(),
  loudness: LoudnessSchema.nullable(),
  warnings: z.array(WarningSchema),
  derivatives: z.record(
    z.string(),
    z.object({ key: z.string(), contentType: z.string(), sizeBytes: z.number(), width: z.number().optional(), height: z.number().optional() }),
  ),
});
type IngestManifest = z.infer<typeof IngestManifestSchema>;

export interface ProcessIngestInput {
  deps: IngestDeps;
  assetId: string;
  attempt: number;
  maxAttempts: number;
  onProgress?: ((fraction: number) => void) | undefined;
}

/**
 * The ingest job: sniff, probe and validate the original under the ffmpeg safety rules, derive
 * the proxy, poster, thumbnails, loudness (or photo preview, waveform, normalised subtitles),
 * store them, and mark the asset ready — or rejected, with a stable code and a plain reason.
 *
 * Idempotent: a ready or rejected asset is left as it is, and derivatives already stored for the
 * same original are reused, so a redelivered or retried job does no harm.
 */
export async function processIngest({ deps, assetId, attempt, maxAttempts, onProgress }: ProcessIngestInput): Promise<Asset> {
  const { store, log } = deps;
  let asset = await store.assets.get({ id: assetId });
  if (asset === null) {
    log.warn('ingest job for an unknown asset; nothing to do', { assetId });
    throw new MediaError({ code: 'ASSET_GONE', message: `Asset ${assetId} does not exist.`, messageVi: 'Tư liệu không còn tồn tại.' });
  }
  if (asset.status === 'ready' || asset.status === 'rejected') return asset;

  asset = await save({ deps, asset, changes: { status: 'processing', error: null } });
  const scratch = path.join(deps.scratchDir, `${asset.id}-${attempt}`);
  try {
    const manifest = (await readManifest({ deps, asset })) ?? (await deriveAll({ deps, asset, scratch, onProgress }));
    return await save({
      deps,
      asset,
      changes: {
        status: 'ready',
        kind: manifest.kind,
        probe: manifest.probe,
        loudness: manifest.loudness,
        warnings: manifest.warnings,
        derivatives: manifest.derivatives,
        error: null,
      },
    });
  } catch (error) {
    if (error instanceof ConflictError) {
      // Another delivery of the same job saved first (at-least-once queues do that): it owns the asset.
      log.info('asset changed by a concurrent delivery of its job', { assetId });
      return (await store.assets.get({ id: assetId })) ?? asset;
    }
    if (error instanceof ReportageError && !error.retryable) {
      log.info('asset rejected', { assetId, code: error.code });
      return await save({ deps, asset, changes: { status: 'rejected', error: error.toJSON() } });
    }
    const lastAttempt = attempt >= maxAttempts;
    await save({ deps, asset, changes: { status: lastAttempt ? 'failed' : 'queued', error: toErrorRecord(error) } });
    throw error;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function deriveAll({
  deps,
  asset,
  scratch,
  onProgress,
}: {
  deps: IngestDeps;
  asset: Asset;
  scratch: string;
  onProgress?: ((fraction: number) => void) | undefined;
}): Promise<IngestManifest> {
  const { blobs } = deps;
  if (asset.original.sizeBytes === 0) throw MediaError.emptyFile();
  const head = await buffer(await blobs.read({ key: asset.original.key, range: { start: 0, end: SNIFF_BYTES - 1 } }));
  const sniffed = sniffMedia({ head });
  if (sniffed.kind === 'playlist') throw MediaError.playlist({ format: sniffed.format });
  if (sniffed.kind === 'subtitle' || asset.requestedKind === 'subtitle' || looksLikeSubtitles({ name: asset.originalName, head, sniffed })) {
    return await deriveSubtitles({ deps, asset });
  }

  await mkdir(scratch, { recursive: true });
  const input = await blobs.mediaInput({ key: asset.original.key });
  // Over-large pictures, over-long files and too many streams are refused here, before any derive decodes them.
  const probe = await probeMedia({ source: { ...input }, tools: deps.tools, ...(deps.mediaLimits ? { limits: deps.mediaLimits } : {}) });
  const project = await deps.store.projects.get({ id: asset.projectId });
  const { kind, warnings } = validateMedia({
    facts: probe,
    requestedKind: asset.requestedKind ?? undefined,
    minDurationSeconds: project?.uploadLimits.minDurationSeconds ?? 1,
  });
  const source: MediaSource = { ...input, demuxer: probe.demuxer };
  const derived = await deriveForKind({ deps, kind, source, probe, scratch, onProgress });
  const derivatives: Record<string, Derivative> = {};
  for (const [name, file] of Object.entries(derived.files)) {
    derivatives[name] = await storeDerivative({ deps, asset, name, file });
  }
  const manifest: IngestManifest = {
    kind,
    probe,
    loudness: derived.loudness,
    warnings: [...warnings, ...(derived.loudness ? loudnessWarnings({ loudness: derived.loudness }) : [])],
    derivatives,
  };
  await writeManifest({ deps, asset, manifest });
  return manifest;
}

async function deriveForKind({
  deps,
  kind,
  source,
  probe,
  scratch,
  onProgress,
}: {
  deps: IngestDeps;
  kind: AssetKind;
  source: MediaSource;
  probe: ProbeFacts;
  scratch: string;
  onProgress?: ((fraction: number) => void) | undefined;
}): Promise<{ files: Record<string, DerivedFile>; loudness: Loudness | null }> {
  const common = { source, facts: probe, outDir: scratch, tools: deps.tools };
  if (kind === 'photo') {
    const { files } = await derivePhoto(common);
    return { files: { ...files }, loudness: null };
  }
  const progress = (seconds: number) => {
    if (onProgress && probe.durationSeconds) onProgress(Math.min(1, seconds / probe.durationSeconds));
  };
  if (probe.video === null) {
    const { files, loudness } = await deriveAudio({ ...common, onProgress: ({ seconds }) => progress(seconds) });
    return { files: { ...files }, loudness };
  }
  // A finished programme's mono tracks (XDCAM MXF: one per channel) are one sound; a camera's are separate microphones.
  const { files, loudness } = await deriveVideo({ ...common, mergeMonoTracks: kind === 'programme', onProgress: ({ seconds }) => progress(seconds) });
  return { files: { ...files }, loudness };
}

/**
 * A file judged as subtitles although its start is not a well-formed cue (a broken `.srt`): its
 * name says `.srt` or `.vtt`, or its first kilobyte is text with a `-->` in it. The subtitle
 * parser then names the bad lines (`MALFORMED_SUBTITLES`) instead of ffprobe calling it no media.
 */
function looksLikeSubtitles({ name, head, sniffed }: { name: string; head: Buffer; sniffed: ReturnType<typeof sniffMedia> }): boolean {
  if (sniffed.kind !== 'binary-or-unknown') return false;
  if (subtitleFormatOfName({ name }) !== null) return true;
  const start = head.subarray(0, 1024);
  return !start.includes(0) && start.toString('utf8').includes('-->');
}

async function deriveSubtitles({ deps, asset }: { deps: IngestDeps; asset: Asset }): Promise<IngestManifest> {
  if (asset.original.sizeBytes > MAX_SUBTITLE_BYTES) throw new SubtitlesTooLargeError({ sizeBytes: asset.original.sizeBytes, maxBytes: MAX_SUBTITLE_BYTES });
  const bytes = await buffer(await deps.blobs.read({ key: asset.original.key }));
  const file = readSubtitleFile({ bytes, fileName: asset.originalName });
  const base = derivedPrefix(asset);
  const srt = await deps.blobs.putBytes({
    key: `${base}/subtitles.srt`,
    body: formatSrt({ cues: file.cues }),
    contentType: 'application/x-subrip; charset=utf-8',
  });
  const vtt = await deps.blobs.putBytes({ key: `${base}/subtitles.vtt`, body: formatVtt({ cues: file.cues }), contentType: 'text/vtt; charset=utf-8' });
  const cues = await deps.blobs.putBytes({
    key: `${base}/cues.json`,
    body: JSON.stringify({ encoding: file.encoding, format: file.format, cues: file.cues }),
    contentType: 'application/json',
  });
  const warnings: Warning[] = violationsToWarnings({ violations: file.violations });
  if (file.encoding !== 'utf-8') {
    warnings.unshift({
      code: 'SUBTITLE_LEGACY_ENCODING',
      message: `The subtitle file was encoded as ${file.encoding}; it was converted to UTF-8 (NFC).`,
      messageVi: `Tệp phụ đề dùng bảng mã ${file.encoding}; hệ thống đã chuyển sang UTF-8 (NFC).`,
    });
  }
  return {
    kind: 'subtitle',
    probe: null,
    loudness: null,
    warnings,
    derivatives: {
      srt: { key: srt.key, contentType: 'application/x-subrip; charset=utf-8', sizeBytes: srt.sizeBytes },
      vtt: { key: vtt.key, contentType: 'text/vtt; charset=utf-8', sizeBytes: vtt.sizeBytes },
      cues: { key: cues.key, contentType: 'application/json', sizeBytes: cues.sizeBytes },
    },
  };
}

function derivedPrefix(asset: Asset): string {
  // A programme's sound joins its mono tracks: the same bytes ingested as footage keep their own files.
  return `derived/${asset.original.sha256}/${INGEST_DERIVE_VERSION}${asset.requestedKind === 'programme' ? '-programme' : ''}`;
}

async function storeDerivative({ deps, asset, name, file }: { deps: IngestDeps; asset: Asset; name: string; file: DerivedFile }): Promise<Derivative> {
  const key = `${derivedPrefix(asset)}/${name}${path.extname(file.path)}`;
  const stored = await deps.blobs.putFile({ key, path: file.path, contentType: file.contentType });
  return {
    key: stored.key,
    contentType: file.contentType,
    sizeBytes: stored.sizeBytes,
    ...(file.width ? { width: file.width } : {}),
    ...(file.height ? { height: file.height } : {}),
  };
}

/** The manifest is written last: when it exists, every derivative it names exists too. */
async function readManifest({ deps, asset }: { deps: IngestDeps; asset: Asset }): Promise<IngestManifest | null> {
  const key = `${derivedPrefix(asset)}/manifest.json`;
  if ((await deps.blobs.head({ key })) === null) return null;
  const parsed = IngestManifestSchema.safeParse(JSON.parse((await buffer(await deps.blobs.read({ key }))).toString('utf8')));
  if (!parsed.success) return null;
  // A manifest made for another requested kind (same bytes uploaded to another project) is not reused.
  if (asset.requestedKind !== null && parsed.data.kind !== asset.requestedKind) return null;
  return parsed.data;
}

async function writeManifest({ deps, asset, manifest }: { deps: IngestDeps; asset: Asset; manifest: IngestManifest }): Promise<void> {
  await deps.blobs.putBytes({ key: `${derivedPrefix(asset)}/manifest.json`, body: JSON.stringify(manifest), contentType: 'application/json' });
}

async function save({ deps, asset, changes }: { deps: IngestDeps; asset: Asset; changes: Partial<Asset> }): Promise<Asset> {
  const next: Asset = { ...asset, ...changes, updatedAt: deps.clock.now().toISOString() };
  return deps.store.assets.update({ asset: next, expectedRevision: asset.revision });
}
