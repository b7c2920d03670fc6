import { open, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ReportageError, toErrorRecord } from '../../domain/index.ts';
import { MAX_TIMELINE_FILE_BYTES, timelineTooLarge, type MediaChoice } from '../../interchange/index.ts';
import { exportTimeline, type ExportFormat } from '../../review/export-timeline.ts';
import { importTimeline } from '../../review/import-timeline.ts';
import { writeMediaFolder } from '../../review/write-media-folder.ts';
import { EXIT } from '../exit-codes.ts';
import { ensureProject } from '../open-runtime.ts';
import { withRuntime } from '../with-runtime.ts';
import { CLI_ACTOR } from './admin-links.ts';
import { openWebBackend } from './serve.ts';

export interface TimelineExportOptions {
  format: ExportFormat;
  out?: string;
  mediaDir?: string;
  media: MediaChoice;
  project?: string;
  json?: boolean;
}

/**
 * `reportage timeline export <cutId|versionId> --format otio|fcpxml|edl|markers-edl|markers-csv
 * [--out FILE] [--media-dir DIR] [--media original|proxy] [--json]`: the file on stdout, or
 * written to FILE. Exit 0 when written, 1 on any fault (unknown cut, invalid draft …).
 */
export async function runTimelineExportCommand({ id, options }: { id: string; options: TimelineExportOptions }): Promise<number> {
  return guard({ json: options.json }, () =>
    withRuntime({}, async (runtime) => {
      const web = openWebBackend({ runtime });
      try {
        const project = await ensureProject({ deps: runtime.deps, projectId: options.project ?? runtime.config.projectId });
        const exported = await exportTimeline({
          deps: { store: runtime.deps.store, workflow: web.workflow },
          project,
          id,
          format: options.format,
          media: options.media,
        });
        if (options.out) await writeFile(options.out, exported.text);
        const media = options.mediaDir
          ? await writeMediaFolder({ blobs: runtime.deps.blobs, media: exported.media, dir: path.resolve(options.mediaDir) })
          : null;
        if (options.json) {
          const summary = {
            from: exported.from,
            format: exported.format,
            ...(options.out ? { file: path.resolve(options.out) } : { text: exported.text }),
            markers: exported.markers,
            media: exported.media.map((m) => ({ assetId: m.source.assetId, fileName: m.source.fileName, reel: m.source.reel })),
            ...(media && options.mediaDir ? { mediaDir: path.resolve(options.mediaDir), linked: media } : {}),
          };
          process.stdout.write(`${JSON.stringify(summary)}\n`);
        } else if (!options.out) {
          process.stdout.write(exported.text);
        } else {
          process.stderr.write(`${exported.format} → ${options.out}${media ? `; ${media.length} media file(s) in ${options.mediaDir}` : ''}\n`);
        }
        return EXIT.ok;
      } finally {
        web.close();
      }
    }),
  );
}

/**
 * `reportage timeline import FILE --cut <cutId> [--json]`: the timeline becomes the cut's draft
 * (saved whatever could not be matched). `--json` prints `{"cut":{…},"unmatched":[{"event":N,
 * "code","reason","reasonVi"}],"warnings":[…],"problems":[…],"draft":{revision…}}`.
 * Exit 0: every event matched; 2: some did not (the draft is saved all the same); 1: a fault
 * (file refused, unknown project …), with `{"error":{code,message,messageVi}}` under `--json`.
 */
export async function runTimelineImportCommand({
  file,
  options,
}: {
  file: string;
  options: { cut: string; project?: string; json?: boolean };
}): Promise<number> {
  return guard({ json: options.json }, () =>
    withRuntime({}, async (runtime) => {
      const bytes = await readBounded({ file });
      const web = openWebBackend({ runtime });
      try {
        const project = await ensureProject({ deps: runtime.deps, projectId: options.project ?? runtime.config.projectId });
        const deps = { store: runtime.deps.store, workflow: web.workflow, clock: runtime.deps.clock };
        const result = await importTimeline({ deps, project, cutId: options.cut, bytes, fileName: path.basename(file), actor: CLI_ACTOR });
        if (options.json) {
          const { draft, format, unmatched, warnings, problems } = result;
          process.stdout.write(
            `${JSON.stringify({ cut: draft.cut, unmatched, warnings, problems, format, draft: { cutId: draft.cutId, revision: draft.revision, updatedAt: draft.updatedAt } })}\n`,
          );
        } else {
          process.stdout.write(
            `Draft "${result.draft.cutId}" saved (revision ${result.draft.revision}) from ${result.format}: ${(result.draft.cut.shots as unknown[]).length} shots.\n`,
          );
          for (const u of result.unmatched) process.stdout.write(`  ✘ event ${u.event}: ${u.reason} [${u.code}]\n`);
          for (const w of result.warnings) process.stdout.write(`  ⚠ ${w}\n`);
          for (const p of result.problems) process.stdout.write(`  ⚠ ${p.message}\n`);
        }
        return result.unmatched.length > 0 ? EXIT.rejected : EXIT.ok;
      } finally {
        web.close();
      }
    }),
  );
}

/** Reads at most the timeline bound (one byte more tells a file is too large without reading it all). */
async function readBounded({ file }: { file: string }): Promise<Uint8Array> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'r');
  } catch {
    throw new ReportageError({
      code: 'TIMELINE_NOT_READABLE',
      message: `Cannot read the timeline file "${file}".`,
      messageVi: `Không đọc được tệp timeline "${file}".`,
      details: { file },
    });
  }
  try {
    const { size } = await handle.stat();
    if (size > MAX_TIMELINE_FILE_BYTES) throw timelineTooLarge({ sizeBytes: size });
    const buffer = Buffer.alloc(Math.min(size, MAX_TIMELINE_FILE_BYTES) + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > MAX_TIMELINE_FILE_BYTES) throw timelineTooLarge({ sizeBytes: bytesRead });
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Any error is a fault here (exit 1): exit 2 means "saved, but some events did not match". */
async function guard({ json }: { json: boolean | undefined }, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    const record = toErrorRecord(error);
    if (json) process.stdout.write(`${JSON.stringify({ error: record })}\n`);
    process.stderr.write(`reportage: ${record.message} [${record.code}]\n`);
    return EXIT.fault;
  }
}
