import path from 'node:path';
import { makeSampleMedia } from '../../demo/make-sample-media.ts';
import { toAssetView } from '../asset-view.ts';
import { EXIT } from '../exit-codes.ts';
import { ingestAndWait } from '../ingest-and-wait.ts';
import { ensureProject } from '../open-runtime.ts';
import { ProgressBars } from '../progress-bars.ts';
import { withRuntime } from '../with-runtime.ts';
import { runAssetsCommand } from './assets.ts';

/**
 * `reportage demo`: generates a contribution round for the congress reportage (footage per
 * theme, interviews, photos, narration, music, Vietnamese subtitles), ingests it and prints the
 * library. Rendering the cut joins the demo with the renderer.
 */
export async function runDemoCommand({ options }: { options: { out: string; json?: boolean } }): Promise<number> {
  const outDir = path.resolve(options.out);
  const exit = await withRuntime({}, async (runtime) => {
    const project = await ensureProject({ deps: runtime.deps, projectId: runtime.config.projectId });
    const say = (text: string) => {
      if (!options.json) process.stderr.write(`${text}\n`);
    };
    say(`Tạo tư liệu mẫu trong ${outDir} …`);
    const started = Date.now();
    const samples = await makeSampleMedia({ outDir, tools: runtime.deps.tools, fontFile: runtime.config.fontFile, onFile: (sample, i) => say(`  [${i + 1}] ${sample.file}`) });
    say(`Nhập ${samples.length} tệp vào thư viện …`);
    const outcomes = await ingestAndWait({
      runtime,
      projectId: project.id,
      bars: ProgressBars.forTerminal(options),
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
    if (options.json) {
      const assets = await Promise.all(outcomes.flatMap((o) => ('asset' in o ? [toAssetView({ asset: o.asset, blobs: runtime.deps.blobs })] : [])));
      process.stdout.write(`${JSON.stringify({ project: project.id, sources: outDir, seconds: (Date.now() - started) / 1000, assets, errors: failed })}\n`);
    } else {
      say(`Xong sau ${((Date.now() - started) / 1000).toFixed(1)} s. Thư viện:`);
    }
    return failed.length === 0 ? EXIT.ok : EXIT.fault;
  });
  if (!options.json) await runAssetsCommand({ options: {} });
  return exit;
}
