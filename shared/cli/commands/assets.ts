import type { AssetKind, AssetStatus } from '../../domain/index.ts';
import { toAssetView } from '../asset-view.ts';
import { EXIT } from '../exit-codes.ts';
import { ensureProject } from '../open-runtime.ts';
import { withRuntime } from '../with-runtime.ts';

/** `reportage assets`: the library, as a table or a JSON array. */
export async function runAssetsCommand({
  options,
}: {
  options: { project?: string; kind?: AssetKind; theme?: string; status?: AssetStatus; json?: boolean };
}): Promise<number> {
  return withRuntime({}, async ({ config, deps }) => {
    const project = await ensureProject({ deps, projectId: options.project ?? config.projectId });
    const assets = await deps.store.assets.list({
      projectId: project.id,
      ...(options.kind ? { kind: options.kind } : {}),
      ...(options.theme ? { theme: options.theme } : {}),
      ...(options.status ? { status: options.status } : {}),
    });
    const views = await Promise.all(assets.map((asset) => toAssetView({ asset, blobs: deps.blobs })));
    if (options.json) {
      process.stdout.write(`${JSON.stringify(views)}\n`);
      return EXIT.ok;
    }
    process.stdout.write(`${project.title}\n${views.length} tư liệu / assets\n\n`);
    for (const view of views) {
      const facts = describeFacts(view);
      const theme = view.theme ? (project.themes.find((t) => t.id === view.theme)?.label.vi ?? view.theme) : '—';
      process.stdout.write(`${view.status.padEnd(9)} ${view.kind.padEnd(9)} ${view.originalName}\n`);
      process.stdout.write(`          ${facts}\n          chủ đề: ${theme}${view.speaker ? ` · ${view.speaker.name}, ${view.speaker.position}` : ''}\n`);
      if (view.error) process.stdout.write(`          ✘ ${view.error.message} [${view.error.code}]\n`);
      for (const warning of view.warnings) process.stdout.write(`          ⚠ ${warning.message}\n`);
    }
    return EXIT.ok;
  });
}

function describeFacts(view: Awaited<ReturnType<typeof toAssetView>>): string {
  const parts: string[] = [];
  const probe = view.probe;
  if (probe?.video) {
    const v = probe.video;
    const fps = v.still ? '' : ` ${(v.frameRate.num / v.frameRate.den).toFixed(2)} fps`;
    parts.push(`${v.displayWidth}×${v.displayHeight}${fps} ${v.codec}`);
  }
  if (probe?.audio) parts.push(`${probe.audio.codec} ${probe.audio.channelLayout} ${probe.audio.sampleRate / 1000} kHz`);
  if (probe?.durationSeconds && !probe.video?.still) parts.push(`${probe.durationSeconds.toFixed(2)} s`);
  if (view.loudness) parts.push(`${view.loudness.integratedLufs.toFixed(1)} LUFS, TP ${view.loudness.truePeakDbtp.toFixed(1)} dBTP`);
  parts.push(`${(view.original.sizeBytes / 1e6).toFixed(1)} MB`);
  return parts.join(' · ');
}
