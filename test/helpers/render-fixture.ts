import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLocalBackend } from '../../shared/adapters/local/index.ts';
import { silentLogger } from '../../shared/adapters/log/json-logger.ts';
import { createProject, type Asset, type CutKindOverrides } from '../../shared/domain/index.ts';
import { processIngest, submitUpload } from '../../shared/ingest/index.ts';
import { describeToolchain, findFontFile } from '../../shared/media/index.ts';
import { systemClock } from '../../shared/ports/index.ts';
import type { RenderDeps } from '../../shared/render/index.ts';
import { TEST_TOOLS, makeCameraClip, makeExifRotatedJpeg, makeMp3, makeSilentClip, makeWav } from './make-media.ts';

/** The small generated sources every render test cuts from, by the name the cuts use. */
export type FixtureAssetName = 'camera' | 'silent' | 'photo' | 'narration' | 'music';

export interface RenderFixture {
  dir: string;
  backend: ReturnType<typeof createLocalBackend>;
  deps: RenderDeps;
  toolchain: string;
  assets: Record<FixtureAssetName, Asset>;
  close(): Promise<void>;
}

/**
 * A local backend in a temp folder (the data folder `reportage serve` can open) with the project
 * `dai-hoi-2026` and five small sources ingested for real: a 320×180 camera clip with sound, a
 * silent clip, an EXIF-rotated photo, a WAV narration and an MP3 music bed; `themes` tags assets.
 */
export async function makeRenderFixture({
  prefix = 'reportage-render-',
  targetLength = { minFrames: 100, maxFrames: 500 },
  themes = {},
  cutKinds = {},
}: {
  prefix?: string;
  /** The reportage's target length; null keeps the project's own (12–15 minutes). */
  targetLength?: { minFrames: number; maxFrames: number } | null;
  themes?: Partial<Record<FixtureAssetName, string>>;
  /** The project's own rules per cut kind (short test cuts need short limits). */
  cutKinds?: CutKindOverrides;
} = {}): Promise<RenderFixture> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  const backend = createLocalBackend({ dataDir: dir, maxAttempts: 1 });
  const fontFile = await findFontFile();
  const deps: RenderDeps = {
    ...backend,
    clock: systemClock,
    log: silentLogger,
    tools: TEST_TOOLS,
    scratchDir: path.join(dir, 'scratch'),
    fontFile,
    concurrency: 2,
  };
  const toolchain = await describeToolchain({ tools: TEST_TOOLS, fontFile });
  const project = createProject({ now: new Date() });
  await backend.store.projects.create({ project: { ...project, targetLength: targetLength ?? project.targetLength, cutKinds } });
  const files = {
    camera: await makeCameraClip(),
    silent: await makeSilentClip(),
    photo: await makeExifRotatedJpeg(),
    narration: await makeWav(),
    music: await makeMp3(),
  };
  const kinds = { camera: 'footage', silent: 'footage', photo: 'photo', narration: 'voiceover', music: 'music' } as const;
  const assets = {} as Record<FixtureAssetName, Asset>;
  for (const [name, file] of Object.entries(files) as [FixtureAssetName, string][]) {
    const theme = themes[name];
    const { asset } = await submitUpload({
      deps: { ...deps, queue: backend.queue },
      projectId: 'dai-hoi-2026',
      body: createReadStream(file),
      originalName: name,
      metadata: { kind: kinds[name], ...(theme ? { theme } : {}) },
    });
    assets[name] = await processIngest({ deps: { ...deps, queue: backend.queue }, assetId: asset.id, attempt: 1, maxAttempts: 1 });
    if (assets[name].status !== 'ready') throw new Error(`the fixture's ${name} was not accepted: ${JSON.stringify(assets[name].error)}`);
  }
  return {
    dir,
    backend,
    deps,
    toolchain,
    assets,
    async close() {
      await backend.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
