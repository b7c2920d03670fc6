import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { JobBody } from '../../domain/index.ts';
import { audioJob, limitedMixKeyOf } from '../audio-job.ts';
import { sourceResolver } from '../source-resolver.ts';
import type { DistributedRenderDeps } from './distributed-render-deps.ts';
import { DistributedRenderError } from './distributed-render-error.ts';
import { failRenderOnFatal } from './fail-render-on-fatal.ts';
import { loadRenderJob } from './load-render-job.ts';
import { localiseMediaInputs } from './localise-media-inputs.ts';
import { recordFinishedPart } from './record-finished-part.ts';
import { audioMember } from './render-counters.ts';

/**
 * The `render-audio` job: the programme's sound (each asset's sound extracted once, the mix's
 * windows mixed and measured, one loudness gain for the whole programme, the encode in the
 * profile's layout), every step cached by content; then its place in the render's fan-in.
 */
export async function runDistributedAudio({
  deps,
  body,
  attempt,
  maxAttempts,
}: {
  deps: DistributedRenderDeps;
  body: Extract<JobBody, { type: 'render-audio' }>;
  attempt: number;
  maxAttempts: number;
}): Promise<{ skipped: boolean }> {
  return failRenderOnFatal({
    deps,
    renderId: body.renderId,
    attempt,
    maxAttempts,
    run: async () => {
      const loaded = await loadRenderJob({ deps, job: body });
      if (loaded.render.status !== 'running') return { skipped: true };
      if (loaded.plan.audioEncodedKey !== body.audioKey)
        throw DistributedRenderError.planMismatch({ what: 'the audio programme', planned: body.audioKey, found: loaded.plan.audioEncodedKey });
      const scratch = path.join(deps.scratchDir, `render-${body.renderId}-audio-${randomUUID().slice(0, 8)}`);
      await mkdir(scratch, { recursive: true });
      try {
        // The limiter and the encode open the mix's windows as local files: see localiseMediaInputs.
        const windowKeys = new Set(loaded.plan.audioWindows.map((w) => w.key));
        const blobs = localiseMediaInputs({
          blobs: deps.blobs,
          scratch,
          local: (key) => windowKeys.has(key) || key === limitedMixKeyOf(loaded.plan.audioMixKey),
        });
        await audioJob({
          deps: { ...deps, blobs },
          plan: loaded.plan,
          spec: loaded.spec,
          profile: loaded.profile,
          resolveSource: sourceResolver({ deps }),
          scratch,
        });
      } finally {
        await rm(scratch, { recursive: true, force: true });
      }
      await recordFinishedPart({ deps, job: body, loaded, member: audioMember({ key: loaded.plan.audioEncodedKey }), part: 'audio' });
      return { skipped: false };
    },
  });
}
