import { copyFile, link, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { HlsIndexSchema, toErrorRecord, type DeliveredFile, type Render, type RenderProgress, type Version } from '../domain/index.ts';
import type { DeliveryProfile } from '../domain/delivery-profiles.ts';
import { resolveTimeline } from './resolve-timeline.ts';
import { loadAssets, loadTranscriptCues } from './freeze-cut.ts';
import { planRender } from './plan-render.ts';
import { recordRender } from './record-render.ts';
import type { RenderDeps } from './render-deps.ts';
import type { RenderSpec } from '../media/render/render-spec.ts';
import { sourceForProfile } from './source-for-profile.ts';
import { runRenderJobs } from './run-render-jobs.ts';
import { runQcAndPackage } from './run-qc-and-package.ts';

export interface RenderVersionInput {
  deps: RenderDeps;
  version: Version;
  profile: DeliveryProfile;
  /** ffmpeg's version and the font: part of every cache key. */
  toolchain: string;
  onProgress?: (progress: RenderProgress) => void;
}

/**
 * Renders one version with one profile: resolves the timeline, plans the jobs with their cache
 * keys, runs the segment jobs (reusing every segment already rendered), mixes the audio
 * programme once, joins by stream copy, muxes, runs QC and packages the deliverable with its
 * checksums, sidecars, QC report and manifest. The render is recorded in the store as it goes.
 */
export async function renderVersion({ deps, version, profile, toolchain, onProgress }: RenderVersionInput): Promise<Render> {
  const render = await recordRender({ deps, version, profileId: profile.id, status: 'running' });
  return runRender({ deps, render, version, profile, toolchain, ...(onProgress === undefined ? {} : { onProgress }) });
}

/**
 * Runs a render already recorded `running` (`recordRender`): what `renderVersion` does after
 * recording it. The render launchers run the renders the render use case recorded with it.
 */
export async function runRender({ deps, render: recorded, version, profile, toolchain, onProgress }: RenderVersionInput & { render: Render }): Promise<Render> {
  const now = () => deps.clock.now().toISOString();
  let render = recorded;
  const save = async (changes: Partial<Render>) => {
    render = await deps.store.renders.update({ render: { ...render, ...changes, updatedAt: now() }, expectedRevision: render.revision });
    return render;
  };

  const scratch = path.join(deps.scratchDir, `render-${render.id}`);
  await mkdir(scratch, { recursive: true });
  try {
    const spec = await resolveVersion({ deps, version, profile });
    const plan = planRender({ spec, profile, versionNumber: version.number, toolchain });
    const timings: Record<string, number> = {};
    const jobsStarted = Date.now();
    const result = await runRenderJobs({
      deps,
      plan,
      spec,
      profile,
      version,
      scratch,
      timings,
      onProgress: (progress) => onProgress?.(progress),
    });
    // Segments, audio and join: with `muxSeconds`, the time until the delivered file exists (before QC).
    timings.jobsSeconds = (Date.now() - jobsStarted) / 1000;
    await save({ progress: { phase: 'qc', segmentsDone: plan.segments.length, segmentsTotal: plan.segments.length, segmentsReused: result.segmentsReused } });
    onProgress?.({ phase: 'qc', segmentsDone: plan.segments.length, segmentsTotal: plan.segments.length, segmentsReused: result.segmentsReused });
    const delivery = await runQcAndPackage({
      deps,
      plan,
      spec,
      profile,
      version,
      scratch,
      timings,
      audioLoudness: result.loudness,
      pictureKeys: result.pictureKeys,
    });
    return await save({
      status: 'done',
      progress: { phase: 'done', segmentsDone: plan.segments.length, segmentsTotal: plan.segments.length, segmentsReused: result.segmentsReused },
      files: delivery.files,
      qc: delivery.qc,
      timings,
    });
  } catch (error) {
    deps.log.error('render failed', { renderId: render.id, versionId: version.id, profile: profile.id, error });
    await save({ status: 'failed', error: toErrorRecord(error) });
    throw error;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The version's timeline, resolved against the assets as stored now (their bytes are pinned by the version's hashes). */
export async function resolveVersion({
  deps,
  version,
  profile,
}: {
  deps: Pick<RenderDeps, 'store' | 'blobs'>;
  version: Version;
  profile: DeliveryProfile;
}): Promise<RenderSpec> {
  const assets = await loadAssets({ deps, projectId: version.projectId });
  const transcriptCues = await loadTranscriptCues({ deps, assets, ids: Object.values(version.cut.transcripts) });
  return resolveTimeline({ cut: version.cut, assets, transcriptCues, sourceFor: sourceForProfile({ profile }) });
}

/**
 * Copies a render's files to a folder (the CLI's `--out`), returning their paths by name. A
 * render with an HLS ladder gets the whole ladder too (every file its `hls-index` lists, under
 * `hls/`), so the folder plays as it is; only the render's own files are returned.
 */
export async function exportRenderFiles({
  deps,
  render,
  outDir,
}: {
  deps: Pick<RenderDeps, 'blobs'>;
  render: Render;
  outDir: string;
}): Promise<(DeliveredFile & { path: string })[]> {
  await mkdir(outDir, { recursive: true });
  const out: (DeliveredFile & { path: string })[] = [];
  for (const file of render.files) {
    out.push({ ...file, path: await exportBlob({ deps, key: file.key, target: path.join(outDir, file.name) }) });
    if (file.role !== 'hls-index') continue;
    const index = HlsIndexSchema.parse(JSON.parse((await buffer(await deps.blobs.read({ key: file.key }))).toString('utf8')));
    const folder = path.dirname(path.join(outDir, file.name));
    for (const entry of index.files) {
      const target = path.resolve(folder, entry.name);
      // Names are the ladder's own (`720p/seg-00003.ts`); one that would leave the folder is skipped.
      if (!target.startsWith(`${folder}${path.sep}`)) continue;
      await exportBlob({ deps, key: entry.key, target });
    }
  }
  return out;
}

/** Copies one blob to `target` (a hard link when the store is local), written beside it and renamed. */
async function exportBlob({ deps, key, target }: { deps: Pick<RenderDeps, 'blobs'>; key: string; target: string }): Promise<string> {
  await mkdir(path.dirname(target), { recursive: true });
  const where = await deps.blobs.locate({ key });
  await rm(`${target}.partial`, { force: true });
  if (where.path) {
    // A hard link costs no space and no time for a master of several GB; a copy when it cannot be made.
    await link(where.path, `${target}.partial`).catch(() => copyFile(where.path as string, `${target}.partial`));
  } else {
    await writeFile(`${target}.partial`, await buffer(await deps.blobs.read({ key })));
  }
  await rename(`${target}.partial`, target);
  return target;
}
