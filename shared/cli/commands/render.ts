import { readFile } from 'node:fs/promises';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { NotFoundError, ReportageError, framesToTimecode, type Render, type Version } from '../../domain/index.ts';
import type { ProfileId } from '../../domain/delivery-profiles.ts';
import { resolveToolchain } from '../../media/index.ts';
import { exportRenderFiles, freezeCut, type RenderDeps } from '../../render/index.ts';
import { createLocalRenderLauncher } from '../../render/launch/index.ts';
import { startRender } from '../../review/start-render.ts';
import { EXIT } from '../exit-codes.ts';
import { ProgressLines } from '../progress-bars.ts';
import type { Runtime } from '../open-runtime.ts';
import { withRuntime } from '../with-runtime.ts';
import { CLI_ACTOR } from './admin-links.ts';

export interface RenderCommandOptions {
  profile: ProfileId;
  out?: string;
  json?: boolean;
  /** The admin's override: render a delivery profile before every stage approved the version (audited). */
  skipApproval?: boolean;
}

/**
 * `reportage render CUT.json --profile P [--out DIR] [--json] [--skip-approval]`: freezes the cut
 * into a version, renders it (`startRender`, the rules the web app follows, as the admin), runs
 * QC and prints where the files are. With `--json`, one object at the end:
 * `{"version":…, "files":[{"profile","path","sha256",…}], "qc":[…]}`.
 * Exit 0: rendered and QC passed (or only warned); 2: the cut is invalid, the version is not
 * approved for a delivery profile (`NOT_APPROVED`) or QC failed; 1: a fault.
 */
export async function runRenderCommand({ cutFile, options }: { cutFile: string; options: RenderCommandOptions }): Promise<number> {
  return withRuntime({}, async (runtime) => {
    const cut = await readCutFile({ cutFile });
    const { version } = await freezeCut({ deps: runtime.deps, cut });
    const render = await renderWithProgress({
      runtime,
      version,
      profileId: options.profile,
      json: options.json === true,
      skipApproval: options.skipApproval === true,
    });
    const report = await describeRenders({ runtime, version, renders: [render], outDir: options.out });
    printReport({ report, json: options.json === true });
    return render.qc?.status === 'fail' ? EXIT.rejected : EXIT.ok;
  });
}

export async function readCutFile({ cutFile }: { cutFile: string }): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(cutFile, 'utf8');
  } catch {
    throw new ReportageError({
      code: 'CUT_NOT_READABLE',
      message: `Cannot read the cut file "${cutFile}".`,
      messageVi: `Không đọc được tệp bản dựng "${cutFile}".`,
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ReportageError({
      code: 'CUT_NOT_JSON',
      message: `The cut file "${cutFile}" is not valid JSON: ${(error as Error).message}.`,
      messageVi: `Tệp bản dựng "${cutFile}" không phải JSON hợp lệ.`,
    });
  }
}

/** The render dependencies from the runtime, with the font and toolchain resolved once (`resolveToolchain`). */
export async function renderDepsOf({ runtime }: { runtime: Runtime }): Promise<{ deps: RenderDeps; toolchain: string }> {
  const { deps, config } = runtime;
  const { fontFile, toolchain } = await resolveToolchain({ tools: deps.tools, fontFile: config.fontFile });
  return { deps: { ...deps, fontFile, concurrency: config.workers }, toolchain };
}

/**
 * Renders the version with the profile in this process through the render use case (`startRender`,
 * as the admin: a review render sends the version to review; a delivery profile needs its
 * approvals unless `skipApproval`), drawing its progress, and returns the render as it ended.
 * A render of the version and profile already done is returned as it is.
 *
 * @throws ReviewError `NOT_APPROVED`; the render's own failure
 */
export async function renderWithProgress({
  runtime,
  version,
  profileId,
  json,
  skipApproval = false,
}: {
  runtime: Runtime;
  version: Version;
  profileId: ProfileId;
  json: boolean;
  skipApproval?: boolean;
}): Promise<Render> {
  const { deps, toolchain } = await renderDepsOf({ runtime });
  const bar =
    !json && process.stderr.isTTY
      ? new cliProgress.SingleBar(
          {
            format: ` {bar} {percentage}% | {phase} | v${version.number} ${profileId} {done}/{total} segments ({reused} reused)`,
            stream: process.stderr,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        )
      : null;
  // Without a terminal to draw on, progress goes to stderr as lines (a log stays informative).
  const lines = bar ? null : new ProgressLines();
  const key = `v${version.number} ${profileId}`;
  const renders = createLocalRenderLauncher({
    deps,
    toolchain,
    onProgress: ({ progress: p }) => {
      bar?.setTotal(Math.max(1, p.segmentsTotal));
      bar?.update(p.segmentsDone, { phase: p.phase, done: p.segmentsDone, total: p.segmentsTotal, reused: p.segmentsReused });
      lines?.line(key, p.phase, `render ${key}: ${p.phase}, ${p.segmentsDone}/${p.segmentsTotal} segments (${p.segmentsReused} reused)`);
    },
  });
  bar?.start(1, 0, { phase: 'plan', done: 0, total: 0, reused: 0 });
  try {
    const project = await deps.store.projects.get({ id: version.projectId });
    if (project === null) throw new NotFoundError({ entity: 'project', id: version.projectId });
    const started = await startRender({
      deps: { ...deps, workflow: runtime.workflow, renders },
      project,
      version,
      profile: profileId,
      actor: CLI_ACTOR,
      skipApproval,
    });
    const render = await renders.finished({ renderId: started.id });
    lines?.line(key, 'end', `render ${key}: ${render.status}${render.qc ? `, QC ${render.qc.status}` : ''}`, true);
    return render;
  } finally {
    bar?.stop();
    await renders.idle();
  }
}

export interface RenderReport {
  version: { id: string; number: number; cutId: string; durationFrames: number; duration: string; lengthOk: boolean };
  files: { profile: string; role: string; name: string; path?: string; url?: string; sha256: string; md5: string; sizeBytes: number }[];
  qc: { profile: string; status: string; failed: string[]; loudness: unknown; report?: string }[];
}

export async function describeRenders({
  runtime,
  version,
  renders,
  outDir,
}: {
  runtime: Runtime;
  version: Version;
  renders: Render[];
  outDir?: string | undefined;
}): Promise<RenderReport> {
  const files: RenderReport['files'] = [];
  const qc: RenderReport['qc'] = [];
  for (const render of renders) {
    // One folder per profile: each delivery has its own qc/, manifest and checksum files.
    const located = outDir
      ? await exportRenderFiles({ deps: runtime.deps, render, outDir: path.resolve(outDir, render.profile) })
      : await Promise.all(render.files.map(async (file) => ({ ...file, ...(await runtime.deps.blobs.locate({ key: file.key })) })));
    for (const file of located) {
      files.push({
        profile: render.profile,
        role: file.role,
        name: file.name,
        ...('path' in file && file.path ? { path: file.path } : {}),
        ...('url' in file && file.url ? { url: file.url } : {}),
        sha256: file.sha256,
        md5: file.md5,
        sizeBytes: file.sizeBytes,
      });
    }
    const html = located.find((f) => f.role === 'qc-html');
    qc.push({
      profile: render.profile,
      status: render.qc?.status ?? 'fail',
      failed: render.qc?.failed ?? [],
      loudness: render.qc?.loudness ?? null,
      ...(html && 'path' in html && html.path ? { report: html.path } : {}),
    });
  }
  return {
    version: {
      id: version.id,
      number: version.number,
      cutId: version.cutId,
      durationFrames: version.durationFrames,
      duration: framesToTimecode({ frames: version.durationFrames }),
      lengthOk: version.lengthCheck.ok,
    },
    files,
    qc,
  };
}

export function printReport({ report, json }: { report: RenderReport; json: boolean }): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return;
  }
  const v = report.version;
  process.stdout.write(
    `Phiên bản v${v.number} của "${v.cutId}" — ${v.duration} (${v.durationFrames} khung hình)${v.lengthOk ? '' : ' ⚠ ngoài thời lượng mục tiêu'}\n`,
  );
  for (const q of report.qc) {
    const mark = q.status === 'pass' ? '✔' : q.status === 'warn' ? '⚠' : '✘';
    process.stdout.write(`${mark} QC ${q.profile}: ${q.status}${q.failed.length ? ` (${q.failed.join(', ')})` : ''}${q.report ? ` — ${q.report}` : ''}\n`);
  }
  // The files a person opens; `--json` lists every file with its checksums.
  for (const f of report.files.filter((file) => ['programme', 'srt', 'vtt', 'poster', 'manifest'].includes(file.role))) {
    process.stdout.write(`  ${f.profile.padEnd(13)} ${f.role.padEnd(10)} ${f.path ?? f.url ?? f.name}\n`);
  }
}
