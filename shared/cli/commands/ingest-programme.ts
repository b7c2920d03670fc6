import { ReportageError, framesToTimecode, toErrorRecord, type ProgrammeAudioLayout } from '../../domain/index.ts';
import { makeVersionFromFile } from '../../ingest/index.ts';
import { subtitleFormatOfName } from '../../subtitles/index.ts';
import { EXIT } from '../exit-codes.ts';
import { ingestAndWait, type IngestOutcome } from '../ingest-and-wait.ts';
import { ensureProject } from '../open-runtime.ts';
import { progressFor } from '../progress-bars.ts';
import { withRuntime } from '../with-runtime.ts';

export interface IngestProgrammeOptions {
  project?: string;
  organisation?: string;
  contributor?: string;
  description?: string;
  json?: boolean;
  cut: string;
  subtitles?: string;
  audioLayout?: ProgrammeAudioLayout;
  /** Where the programme starts and ends in the file (after a line-up, before trailing black). */
  in?: string;
  out?: string;
}

/**
 * `reportage ingest FILE --kind programme --cut <cutId> [--subtitles FILE.srt] [--audio-layout L] [--json]`:
 * ingests a partner studio's finished programme (and its SRT, given with `--subtitles` or as a
 * second file named .srt/.vtt) and makes it the cut's next version. Prints the version as `render`
 * does — `{"version":{…}}` — with its origin, warnings and the ranges changed since the previous
 * version. Exit 0: the version exists; 2: a file was refused or the version could not be made; 1: a fault.
 */
export async function runIngestProgrammeCommand({ files, options }: { files: string[]; options: IngestProgrammeOptions }): Promise<number> {
  const subtitleFiles = files.filter((file) => subtitleFormatOfName({ name: file }) !== null);
  const programmes = files.filter((file) => subtitleFormatOfName({ name: file }) === null);
  const subtitleFile = options.subtitles ?? subtitleFiles[0];
  if (programmes.length !== 1 || subtitleFiles.length > (options.subtitles ? 0 : 1)) {
    throw new ReportageError({
      code: 'ONE_PROGRAMME_AT_A_TIME',
      message: `--kind programme takes one programme file (and at most one subtitle file); got ${programmes.length} programme file(s) and ${subtitleFiles.length + (options.subtitles ? 1 : 0)} subtitle file(s).`,
      messageVi: 'Mỗi lần chỉ nạp một chương trình hoàn chỉnh (kèm nhiều nhất một tệp phụ đề).',
    });
  }
  const programmeFile = programmes[0]!;
  return withRuntime({}, async (runtime) => {
    const projectId = options.project ?? runtime.config.projectId;
    await ensureProject({ deps: runtime.deps, projectId });
    const common = { organisation: options.organisation ?? '', contributor: options.contributor ?? '', description: options.description ?? '' };
    const uploads = [
      { file: programmeFile, metadata: { ...common, kind: 'programme' as const } },
      ...(subtitleFile ? [{ file: subtitleFile, metadata: { ...common, kind: 'subtitle' as const } }] : []),
    ];
    const outcomes = await ingestAndWait({ runtime, projectId, uploads, bars: progressFor(options) });
    const refused = outcomes.filter((o): o is Extract<IngestOutcome, { error: unknown }> => 'error' in o);
    if (refused.length > 0) {
      for (const outcome of refused) {
        print({
          json: options.json,
          line: { file: outcome.file, ...(outcome.assetId ? { assetId: outcome.assetId } : {}), error: outcome.error ?? toErrorRecord(null) },
        });
      }
      return refused.some((o) => o.fault) ? EXIT.fault : EXIT.rejected;
    }
    const [programme, subtitles] = outcomes as Extract<IngestOutcome, { asset: unknown }>[];
    let made: Awaited<ReturnType<typeof makeVersionFromFile>>;
    try {
      made = await makeVersionFromFile({
        deps: { ...runtime.deps, ...(runtime.workflow ? { workflow: runtime.workflow } : {}) },
        projectId,
        cutId: options.cut,
        programmeAssetId: programme!.asset.id,
        subtitleAssetId: subtitles?.asset.id,
        audioLayout: options.audioLayout,
        inPoint: options.in,
        outPoint: options.out,
      });
    } catch (error) {
      // The file is stored and ready; the version could not be made of it (a bad in point, a layout it lacks the channels for …).
      if (!(error instanceof ReportageError) || error.kind === 'internal') throw error;
      print({ json: options.json, line: { file: programmeFile, assetId: programme!.asset.id, error: error.toJSON() } });
      return EXIT.rejected;
    }
    const { version, changes } = made;
    print({
      json: options.json,
      line: {
        version: {
          id: version.id,
          number: version.number,
          cutId: version.cutId,
          durationFrames: version.durationFrames,
          duration: framesToTimecode({ frames: version.durationFrames }),
          lengthOk: version.lengthCheck.ok,
          origin: version.origin,
          changedRanges:
            changes === null
              ? null
              : changes.ranges.map((r) => ({ ...r, start: framesToTimecode({ frames: r.startFrame }), end: framesToTimecode({ frames: r.endFrame }) })),
        },
        asset: { id: programme!.asset.id, duplicate: programme!.duplicate, warnings: programme!.asset.warnings },
        ...(subtitles ? { subtitles: { id: subtitles.asset.id, warnings: subtitles.asset.warnings } } : {}),
      },
    });
    return EXIT.ok;
  });
}

function print({ json, line }: { json: boolean | undefined; line: Record<string, unknown> }): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(line)}\n`);
    return;
  }
  const error = line.error as { code: string; message: string } | undefined;
  if (error) {
    process.stdout.write(`✘ ${line.file as string}: ${error.message} [${error.code}]\n`);
    return;
  }
  const v = line.version as {
    number: number;
    cutId: string;
    duration: string;
    durationFrames: number;
    lengthOk: boolean;
    origin?: { warnings: { message: string }[] };
    changedRanges: { start: string; end: string }[] | null;
  };
  process.stdout.write(
    `Phiên bản v${v.number} của "${v.cutId}" (từ file) — ${v.duration} (${v.durationFrames} khung hình)${v.lengthOk ? '' : ' ⚠ ngoài thời lượng mục tiêu'}\n`,
  );
  for (const warning of v.origin?.warnings ?? []) process.stdout.write(`    ⚠ ${warning.message}\n`);
  if (v.changedRanges !== null) {
    process.stdout.write(
      v.changedRanges.length === 0
        ? '  No change found since the previous version.\n'
        : `  Changed since the previous version: ${v.changedRanges.map((r) => `${r.start}–${r.end}`).join(', ')}\n`,
    );
  }
}
