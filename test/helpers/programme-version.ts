/**
 * A partner studio's finished programme taken in as the upload form and the CLI take it — sent,
 * ingested (probed, its derivatives made), then made the next version of a cut — and rendered by a
 * delivery profile, on a local backend in a temporary folder, for the tests of versions from file.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLocalBackend } from '../../shared/adapters/local/index.ts';
import { silentLogger } from '../../shared/adapters/log/json-logger.ts';
import type { Asset } from '../../shared/domain/asset.ts';
import type { DeliveryProfile } from '../../shared/domain/delivery-profiles.ts';
import { createProject } from '../../shared/domain/index.ts';
import { makeVersionFromFile, processIngest, submitUpload } from '../../shared/ingest/index.ts';
import { describeToolchain, findFontFile } from '../../shared/media/index.ts';
import { systemClock } from '../../shared/ports/index.ts';
import { renderVersion } from '../../shared/render/index.ts';
import { TEST_TOOLS } from './make-media.ts';

type Version = Awaited<ReturnType<typeof makeVersionFromFile>>['version'];

export interface ProgrammeBackend {
  backend: ReturnType<typeof createLocalBackend>;
  /** Sends, ingests and makes `file` the next version of `cutId`; throws when the file is not taken in. */
  ingest(options: { file: string; originalName: string; cutId: string }): Promise<{ programme: Asset; version: Version }>;
  /** Renders `version` with `profile`; the render and the path of its programme file. */
  render(options: { version: Version; profile: DeliveryProfile }): Promise<{ render: Awaited<ReturnType<typeof renderVersion>>; file: string }>;
  /** A stored file's path on disk. */
  pathOf(key: string): Promise<string>;
  close(): Promise<void>;
}

/** A local backend with the default project, in a new temporary folder named after `prefix`. */
export async function openProgrammeBackend({ prefix }: { prefix: string }): Promise<ProgrammeBackend> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `reportage-${prefix}-`));
  const backend = createLocalBackend({ dataDir: dir, maxAttempts: 1 });
  await backend.store.projects.create({ project: createProject({ now: new Date() }) });
  const fontFile = await findFontFile();
  const toolchain = await describeToolchain({ tools: TEST_TOOLS, fontFile });
  const deps = { ...backend, clock: systemClock, log: silentLogger, tools: TEST_TOOLS, scratchDir: path.join(dir, 'scratch'), fontFile, concurrency: 1 };
  const pathOf = async (key: string) => (await backend.blobs.locate({ key })).path!;
  return {
    backend,
    pathOf,
    async ingest({ file, originalName, cutId }) {
      const { asset } = await submitUpload({ deps, projectId: 'dai-hoi-2026', body: createReadStream(file), originalName, metadata: { kind: 'programme' } });
      const programme = await processIngest({ deps, assetId: asset.id, attempt: 1, maxAttempts: 1 });
      if (programme.status !== 'ready' || programme.kind !== 'programme') throw new Error(`the programme was not taken in: ${programme.status}`);
      const { version } = await makeVersionFromFile({ deps, projectId: 'dai-hoi-2026', cutId, programmeAssetId: programme.id });
      return { programme, version };
    },
    async render({ version, profile }) {
      const render = await renderVersion({ deps, version, profile, toolchain });
      if (render.status !== 'done') throw new Error(`the ${profile.id} render ended ${render.status}`);
      return { render, file: await pathOf(render.files.find((f) => f.role === 'programme')!.key) };
    },
    async close() {
      await backend.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
