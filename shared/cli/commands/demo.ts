import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildDemoCut, demoAssets } from '../../demo/build-demo-cut.ts';
import { makeSampleMedia } from '../../demo/make-sample-media.ts';
import type { Asset } from '../../domain/index.ts';
import { seedWebApp } from '../../demo/seed-web-app.ts';
import { DEFAULT_PROFILES, ProfileIdSchema, type ProfileId } from '../../domain/delivery-profiles.ts';
import { FPS } from '../../domain/project.ts';
import { freezeCut } from '../../render/index.ts';
import { EXIT } from '../exit-codes.ts';
import { ingestAndWait } from '../ingest-and-wait.ts';
import { ensureProject } from '../open-runtime.ts';
import { progressFor } from '../progress-bars.ts';
import { withRuntime } from '../with-runtime.ts';
import { CLI_ACTOR } from './admin-links.ts';
import { openWebBackend } from './serve.ts';
import { describeRenders, printReport, renderWithProgress } from './render.ts';

export interface DemoOptions {
  /** Default: `demo/` in the data folder (`REPORTAGE_DATA_DIR`), beside the library it ingests into. */
  out?: string;
  minutes: number;
  all?: boolean;
  json?: boolean;
}

/**
 * `reportage demo [--minutes N] [--all] [--json]`: generates a contribution round for the
 * congress reportage (footage per theme, interviews with named speakers, photos, narration, music,
 * Vietnamese subtitles), ingests it, builds an N-minute cut along the congress themes, renders the
 * review version and the screening master (`--all`: every profile), and prints the QC summary and
 * where the files are. With `--json`, one object at the end, as `reportage render --json` prints.
 */
export async function runDemoCommand({ options }: { options: DemoOptions }): Promise<number> {
  return withRuntime({}, async (runtime) => {
    const outDir = path.resolve(options.out ?? path.join(runtime.config.dataDir, 'demo'));
    const started = Date.now();
    // Stages on stderr: for a person (no `--json`), and always in a log or a pipe.
    const say = (text: string) => {
      if (!options.json || !process.stderr.isTTY) process.stderr.write(`${text}\n`);
    };
    const project = await ensureProject({ deps: runtime.deps, projectId: runtime.config.projectId });
    say(`1/4 Tạo tư liệu mẫu trong ${outDir} …`);
    const samples = await makeSampleMedia({
      outDir,
      tools: runtime.deps.tools,
      fontFile: runtime.config.fontFile,
      onFile: (sample, i) => say(`    [${i + 1}] ${sample.file}`),
    });

    say(`2/4 Nhập ${samples.length} tệp vào thư viện …`);
    const outcomes = await ingestAndWait({
      runtime,
      projectId: project.id,
      bars: progressFor(options),
      uploads: samples.map(({ path: file, sample }) => ({
        file,
        metadata: {
          kind: sample.kind,
          organisation: sample.organisation,
          description: sample.label,
          ...(sample.theme ? { theme: sample.theme } : {}),
          ...(sample.speaker ? { speaker: sample.speaker } : {}),
        },
      })),
    });
    const failed = outcomes.filter((o) => 'error' in o);
    if (failed.length > 0) {
      for (const f of failed) process.stderr.write(`reportage demo: ${f.file}: ${'error' in f ? f.error.message : ''}\n`);
      return EXIT.fault;
    }
    const byFile = new Map<string, Asset>();
    for (const [i, outcome] of outcomes.entries()) if ('asset' in outcome) byFile.set(samples[i]!.sample.file, outcome.asset);

    say(`3/4 Dựng bản ${options.minutes} phút theo các chủ đề Đại hội …`);
    const cut = buildDemoCut({ projectId: project.id, minutes: options.minutes, assets: demoAssets({ samples, byFile }) });
    const cutFile = path.join(outDir, 'cut.json');
    await writeFile(cutFile, `${JSON.stringify(cut, null, 2)}\n`, 'utf8');
    const { version } = await freezeCut({ deps: runtime.deps, cut });
    say(`    ${cutFile} → v${version.number}, ${cut.shots?.length ?? 0} cảnh`);
    const web = openWebBackend({ runtime });
    try {
      await seedWebApp({ deps: { store: runtime.deps.store, workflow: web.workflow, clock: runtime.deps.clock }, project, cut, version, actor: CLI_ACTOR });
    } finally {
      web.close();
    }

    // A social profile whose platform takes less than the sample's length is left out (it would be refused, never cut).
    const fits = (id: ProfileId) => version.durationFrames / FPS <= (DEFAULT_PROFILES[id].platform?.maxSeconds ?? Number.POSITIVE_INFINITY);
    const wanted: ProfileId[] = options.all ? [...ProfileIdSchema.options] : ['review', 'screening'];
    const profiles = wanted.filter(fits);
    const skipped = wanted.filter((id) => !fits(id));
    say(`4/4 Kết xuất: ${profiles.join(', ')} …`);
    if (skipped.length > 0) say(`    bỏ qua ${skipped.join(', ')}: bản mẫu dài hơn nền tảng cho phép (hãy dựng bản ngắn hơn cho mạng xã hội)`);
    const renders = [];
    // The sample's delivery files are rendered before anyone approved it: the admin's override, audited.
    for (const profileId of profiles) renders.push(await renderWithProgress({ runtime, version, profileId, json: options.json === true, skipApproval: true }));
    const report = await describeRenders({ runtime, version, renders, outDir: path.join(outDir, 'renders') });
    printReport({ report, json: options.json === true });
    say(`Xong sau ${((Date.now() - started) / 60000).toFixed(1)} phút. Sửa ${cutFile} rồi chạy: reportage render ${cutFile} --profile review`);
    return renders.some((r) => r.qc?.status === 'fail') ? EXIT.rejected : EXIT.ok;
  });
}
