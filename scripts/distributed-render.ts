/**
 * Starts a distributed render of a cut and watches it: the cut is frozen into a version, the
 * render is planned and fanned out on the job queue (one message per segment, one for the audio),
 * and this script prints the render's progress as `reportage worker` processes (elsewhere) run
 * the jobs, until the assembly records it done. See docs/distributed-render.md.
 *
 *   npx tsx scripts/distributed-render.ts CUT.json [--profile review] [--no-wait]
 *
 * Exit 0: rendered (QC passed or warned); 2: QC failed; 1: the render failed.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { describeRenders, printReport, readCutFile, renderDepsOf } from '../shared/cli/commands/render.ts';
import { withRuntime } from '../shared/cli/with-runtime.ts';
import { DEFAULT_PROFILES, ProfileIdSchema } from '../shared/domain/delivery-profiles.ts';
import { freezeCut } from '../shared/render/index.ts';
import { startDistributedRender } from '../shared/render/start-distributed-render.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { profile: { type: 'string', default: 'review' }, 'no-wait': { type: 'boolean', default: false } },
});
const cutFile = positionals[0];
if (cutFile === undefined) {
  process.stderr.write('usage: npx tsx scripts/distributed-render.ts CUT.json [--profile review] [--no-wait]\n');
  process.exit(2);
}
const profile = DEFAULT_PROFILES[ProfileIdSchema.parse(values.profile)];

process.exitCode = await withRuntime({ defaultLogLevel: 'info' }, async (runtime) => {
  // The keys are made with this machine's toolchain: the workers must have the same ffmpeg and font.
  const { deps, toolchain } = await renderDepsOf({ runtime });
  const { version } = await freezeCut({ deps, cut: await readCutFile({ cutFile }) });
  const started = await startDistributedRender({ deps: { ...deps, queue: runtime.deps.queue }, version, profile, toolchain });
  process.stderr.write(`render ${started.id}: v${version.number} ${profile.id}, ${started.progress.segmentsTotal} segments + audio queued\n`);
  if (values['no-wait']) return 0;
  let last = '';
  for (;;) {
    const render = await runtime.deps.store.renders.get({ id: started.id });
    if (render === null) return 1;
    const line = `${render.status} ${render.progress.phase} ${render.progress.segmentsDone}/${render.progress.segmentsTotal} segments (${render.progress.segmentsReused} reused)`;
    if (line !== last) process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
    last = line;
    if (render.status === 'failed') {
      process.stderr.write(`${render.error?.code}: ${render.error?.message}\n`);
      return 1;
    }
    if (render.status === 'done') {
      printReport({ report: await describeRenders({ runtime, version, renders: [render] }), json: false });
      return render.qc?.status === 'fail' ? 2 : 0;
    }
    await sleep(1000);
  }
});
