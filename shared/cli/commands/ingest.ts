import { ReportageError, toErrorRecord, type AssetKind, type ErrorRecord, type ProgrammeAudioLayout } from '../../domain/index.ts';
import { toAssetView } from '../asset-view.ts';
import { EXIT } from '../exit-codes.ts';
import { ingestAndWait } from '../ingest-and-wait.ts';
import { ensureProject } from '../open-runtime.ts';
import { progressFor } from '../progress-bars.ts';
import { withRuntime } from '../with-runtime.ts';
import { runIngestProgrammeCommand } from './ingest-programme.ts';

export interface IngestCommandOptions {
  kind?: AssetKind;
  project?: string;
  theme?: string;
  organisation?: string;
  contributor?: string;
  speaker?: string;
  position?: string;
  description?: string;
  /** With `--kind programme`: the cut, the subtitles given with it, the channels' declared layout. */
  cut?: string;
  subtitles?: string;
  audioLayout?: ProgrammeAudioLayout;
  in?: string;
  out?: string;
  json?: boolean;
}

/**
 * `reportage ingest FILE...`. With `--json`: one object per file on stdout and nothing else.
 * Exit 0 when all were accepted, 2 when any was rejected, 1 on an internal fault.
 */
export async function runIngestCommand({ files, options }: { files: string[]; options: IngestCommandOptions }): Promise<number> {
  const programmeOnly = [options.subtitles, options.audioLayout, options.in, options.out].some((value) => value !== undefined);
  if ((options.kind === 'programme') !== (options.cut !== undefined) || (programmeOnly && options.kind !== 'programme')) {
    throw new ReportageError({
      code: 'PROGRAMME_NEEDS_CUT',
      message:
        'A finished programme is ingested as the next version of a cut: use --kind programme with --cut <cutId> (--subtitles, --audio-layout, --in and --out go with them).',
      messageVi: 'Chương trình hoàn chỉnh được nạp làm phiên bản tiếp theo của một bản dựng: dùng --kind programme cùng --cut <mã bản dựng>.',
    });
  }
  if (options.kind === 'programme') return runIngestProgrammeCommand({ files, options: { ...options, cut: options.cut! } });
  return withRuntime({}, async (runtime) => {
    const projectId = options.project ?? runtime.config.projectId;
    await ensureProject({ deps: runtime.deps, projectId });
    const metadata = {
      ...(options.kind ? { kind: options.kind } : {}),
      ...(options.theme ? { theme: options.theme } : {}),
      organisation: options.organisation ?? '',
      contributor: options.contributor ?? '',
      description: options.description ?? '',
      ...(options.speaker ? { speaker: { name: options.speaker, position: options.position ?? '' } } : {}),
    };
    const outcomes = await ingestAndWait({ runtime, projectId, uploads: files.map((file) => ({ file, metadata })), bars: progressFor(options) });

    let rejected = false;
    let fault = false;
    for (const outcome of outcomes) {
      if ('error' in outcome) {
        if (outcome.fault) fault = true;
        else rejected = true;
        const line = { file: outcome.file, ...(outcome.assetId ? { assetId: outcome.assetId } : {}), error: outcome.error ?? toErrorRecord(null) };
        print({ json: options.json, line });
      } else {
        print({
          json: options.json,
          line: { file: outcome.file, duplicate: outcome.duplicate, asset: await toAssetView({ asset: outcome.asset, blobs: runtime.deps.blobs }) },
        });
      }
    }
    return fault ? EXIT.fault : rejected ? EXIT.rejected : EXIT.ok;
  });
}

function print({ json, line }: { json: boolean | undefined; line: Record<string, unknown> }): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(line)}\n`);
    return;
  }
  const asset = line.asset as { id: string; kind: string; status: string; warnings: { message: string }[] } | undefined;
  const error = line.error as ErrorRecord | undefined;
  if (asset) {
    const dup = line.duplicate ? ' (already in the library)' : '';
    process.stdout.write(`✔ ${line.file as string}: ${asset.kind} ${asset.status}${dup} — ${asset.id}\n`);
    for (const warning of asset.warnings) process.stdout.write(`    ⚠ ${warning.message}\n`);
  } else if (error) {
    process.stdout.write(`✘ ${line.file as string}: ${error.message} [${error.code}]\n`);
  }
}
