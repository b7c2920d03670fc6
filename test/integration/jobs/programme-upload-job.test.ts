import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalBackend } from '../../../shared/adapters/local/index.ts';
import { silentLogger } from '../../../shared/adapters/log/json-logger.ts';
import { createProject } from '../../../shared/domain/index.ts';
import { loadProgrammeChanges, makeVersionFromFile, submitUpload } from '../../../shared/ingest/index.ts';
import { describeToolchain, findFontFile } from '../../../shared/media/index.ts';
import { freezeCut, renderVersion } from '../../../shared/render/index.ts';
import { testProfile } from '../../helpers/make-render-media.ts';
import { createJobHandlers } from '../../../shared/jobs/index.ts';
import { systemClock } from '../../../shared/ports/index.ts';
import { TEST_TOOLS } from '../../helpers/make-media.ts';
import { REVISED_RANGE, makeProgramme } from '../../helpers/make-programme-media.ts';

/**
 * The web upload's path for a finished programme: uploaded with the cut it is a version of
 * (`versionOf`), its ingest job makes that version and stores the ranges changed since the
 * previous one — what the review page shows.
 */
describe('ingest job of a programme uploaded for a cut', () => {
  let dir: string;
  let backend: ReturnType<typeof createLocalBackend>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'reportage-programme-job-'));
    backend = createLocalBackend({ dataDir: dir, maxAttempts: 1 });
    await backend.store.projects.create({ project: createProject({ now: new Date() }) });
  });
  afterAll(async () => {
    await backend.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('makes the cut’s next version, and marks the revised range on the second', async () => {
    const deps = { ...backend, clock: systemClock, log: silentLogger, tools: TEST_TOOLS, scratchDir: path.join(dir, 'scratch') };
    const handlers = createJobHandlers({ deps });
    const upload = async (file: string) => {
      const { asset } = await submitUpload({
        deps,
        projectId: 'dai-hoi-2026',
        body: createReadStream(file),
        originalName: 'Phóng sự.mov',
        metadata: { kind: 'programme', versionOf: { cutId: 'ban-doi-tac', audioLayout: '5.1' } },
      });
      expect(asset.versionOf).toEqual({ cutId: 'ban-doi-tac', audioLayout: '5.1' });
      await handlers.ingest({
        body: { type: 'ingest', projectId: 'dai-hoi-2026', assetId: asset.id },
        attempt: 1,
        maxAttempts: 1,
        signal: new AbortController().signal,
      });
    };
    await upload(await makeProgramme());
    await upload(await makeProgramme({ revised: true }));
    const versions = (await backend.store.versions.list({ projectId: 'dai-hoi-2026', cutId: 'ban-doi-tac' })).sort((a, b) => a.number - b.number);
    expect(versions.map((v) => [v.number, v.origin?.type, v.origin?.audioLayout])).toEqual([
      [1, 'file', '5.1'],
      [2, 'file', '5.1'],
    ]);
    const changes = await loadProgrammeChanges({ deps, version: versions[1]! });
    expect(changes?.previousVersionId).toBe(versions[0]!.id);
    expect(changes?.ranges).toHaveLength(1);
    expect(Math.abs(changes!.ranges[0]!.startFrame - REVISED_RANGE.startFrame)).toBeLessThanOrEqual(25);
    expect(Math.abs(changes!.ranges[0]!.endFrame - REVISED_RANGE.endFrame)).toBeLessThanOrEqual(25);
  });

  it('compares with a version cut here through its review render (burned timecode, watermark and all)', async () => {
    const fontFile = await findFontFile();
    const deps = { ...backend, clock: systemClock, log: silentLogger, tools: TEST_TOOLS, scratchDir: path.join(dir, 'scratch'), fontFile, concurrency: 1 };
    const [first, revised] = (await backend.store.versions.list({ projectId: 'dai-hoi-2026', cutId: 'ban-doi-tac' })).sort((a, b) => a.number - b.number);
    // v1 of another cut: cut here, over the first programme's picture and sound, rendered for review.
    const { version: cutHere } = await freezeCut({
      deps,
      cut: {
        schemaVersion: 1,
        projectId: 'dai-hoi-2026',
        id: 'ban-dung',
        title: 'Bản dựng',
        shots: [{ id: 's1', type: 'clip', assetId: first!.origin!.assetId, in: 0, out: 8, lowerThird: 'never', audio: { layout: '5.1' } }],
      },
    });
    const review = await renderVersion({
      deps,
      version: cutHere,
      profile: testProfile('review'),
      toolchain: await describeToolchain({ tools: TEST_TOOLS, fontFile }),
    });
    expect(review.status).toBe('done');
    const { version, changes } = await makeVersionFromFile({ deps, projectId: 'dai-hoi-2026', cutId: 'ban-dung', programmeAssetId: revised!.origin!.assetId });
    expect(version.number).toBe(2);
    expect(changes?.comparedWith).toBe('review-render');
    expect(changes?.ranges).toHaveLength(1);
    expect(Math.abs(changes!.ranges[0]!.startFrame - REVISED_RANGE.startFrame)).toBeLessThanOrEqual(25);
    expect(Math.abs(changes!.ranges[0]!.endFrame - REVISED_RANGE.endFrame)).toBeLessThanOrEqual(25);
  });

  it('takes the programme from its in to its out point (a studio line-up left out), changed ranges counted from there', async () => {
    const deps = { ...backend, clock: systemClock, log: silentLogger, tools: TEST_TOOLS, scratchDir: path.join(dir, 'scratch') };
    const [first, revised] = (await backend.store.versions.list({ projectId: 'dai-hoi-2026', cutId: 'ban-doi-tac' })).sort((a, b) => a.number - b.number);
    const trimmed = { projectId: 'dai-hoi-2026', cutId: 'ban-cat', inPoint: '00:00:01:00', outPoint: 7 };
    const v1 = await makeVersionFromFile({ deps, ...trimmed, programmeAssetId: first!.origin!.assetId });
    expect(v1.version.durationFrames).toBe(150);
    const v2 = await makeVersionFromFile({ deps, ...trimmed, programmeAssetId: revised!.origin!.assetId });
    expect(v2.changes?.ranges).toHaveLength(1);
    expect(Math.abs(v2.changes!.ranges[0]!.startFrame - (REVISED_RANGE.startFrame - 25))).toBeLessThanOrEqual(25);
    expect(Math.abs(v2.changes!.ranges[0]!.endFrame - (REVISED_RANGE.endFrame - 25))).toBeLessThanOrEqual(25);
  });

  it('leaves out the line-up of a master whose timecode starts before 10:00:00:00', async () => {
    const deps = { ...backend, clock: systemClock, log: silentLogger, tools: TEST_TOOLS, scratchDir: path.join(dir, 'scratch') };
    const { asset } = await submitUpload({
      deps,
      projectId: 'dai-hoi-2026',
      body: createReadStream(await makeProgramme({ startTimecode: '09:59:58:00' })),
      originalName: 'Master.mov',
      metadata: { kind: 'programme' },
    });
    const handlers = createJobHandlers({ deps });
    await handlers.ingest({
      body: { type: 'ingest', projectId: 'dai-hoi-2026', assetId: asset.id },
      attempt: 1,
      maxAttempts: 1,
      signal: new AbortController().signal,
    });
    const programme = (await backend.store.assets.get({ id: asset.id }))!;
    expect(programme.probe?.startTimecode).toBe('09:59:58:00');
    const { version } = await makeVersionFromFile({ deps, projectId: 'dai-hoi-2026', cutId: 'ban-master', programmeAssetId: programme.id });
    // 8 s from 09:59:58:00: 2 s of line-up, 6 s of programme from 10:00:00:00.
    expect(version.durationFrames).toBe(150);
    expect(version.cut.shots[0]).toMatchObject({ in: '50/25' });
    expect(version.origin?.warnings.map((w) => w.code)).toContain('PROGRAMME_LINE_UP_LEFT_OUT');
  });
});
