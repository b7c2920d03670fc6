/**
 * A partner studio's finished programme taken in as the upload form and the CLI take it — sent,
 * ingested (probed, its derivatives made), then made the next version of a cut — on a local
 * backend, for the tests that render such a version.
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { createLocalBackend } from '../../shared/adapters/local/index.ts';
import { silentLogger } from '../../shared/adapters/log/json-logger.ts';
import type { Asset } from '../../shared/domain/asset.ts';
import { makeVersionFromFile, processIngest, submitUpload } from '../../shared/ingest/index.ts';
import { systemClock } from '../../shared/ports/index.ts';
import { TEST_TOOLS } from './make-media.ts';

/** Render and ingest dependencies over a local backend whose data sit in `dir`. */
export function programmeDeps({ backend, dir, fontFile }: { backend: ReturnType<typeof createLocalBackend>; dir: string; fontFile: string }) {
  return { ...backend, clock: systemClock, log: silentLogger, tools: TEST_TOOLS, scratchDir: path.join(dir, 'scratch'), fontFile, concurrency: 1 };
}

export async function ingestProgrammeVersion({
  deps,
  file,
  originalName,
  cutId,
}: {
  deps: ReturnType<typeof programmeDeps>;
  file: string;
  originalName: string;
  cutId: string;
}): Promise<{ programme: Asset; version: Awaited<ReturnType<typeof makeVersionFromFile>>['version'] }> {
  const { asset } = await submitUpload({ deps, projectId: 'dai-hoi-2026', body: createReadStream(file), originalName, metadata: { kind: 'programme' } });
  const programme = await processIngest({ deps, assetId: asset.id, attempt: 1, maxAttempts: 1 });
  if (programme.status !== 'ready' || programme.kind !== 'programme') throw new Error(`the programme was not taken in: ${programme.status}`);
  const { version } = await makeVersionFromFile({ deps, projectId: 'dai-hoi-2026', cutId, programmeAssetId: programme.id });
  return { programme, version };
}
