import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalBackend, createSqliteWorkflowStore, openDatabase } from '../../../shared/adapters/local/index.ts';
import { silentLogger } from '../../../shared/adapters/log/json-logger.ts';
import { seedWebApp } from '../../../shared/demo/seed-web-app.ts';
import { createProject, type CutInput } from '../../../shared/domain/index.ts';
import { systemClock } from '../../../shared/ports/index.ts';
import { freezeCut } from '../../../shared/render/index.ts';
import { loadVersionFor, versionsSentToReview } from '../../../shared/review/review-requests.ts';
import { TEST_TOOLS } from '../../helpers/make-media.ts';

/** What `reportage demo` leaves for the web app: the cut as the editor's draft, its version in review. */
describe('the demo seeds the web app', () => {
  let dir: string;
  let backend: ReturnType<typeof createLocalBackend>;
  let db: ReturnType<typeof openDatabase>;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'reportage-demo-seed-'));
    backend = createLocalBackend({ dataDir: dir, maxAttempts: 1 });
    db = openDatabase({ path: path.join(dir, 'reportage.db') });
  });
  afterAll(async () => {
    db.close();
    await backend.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('saves the cut as a draft and sends its version to review, and does it again over the draft on a second run', async () => {
    const project = createProject({ now: new Date() });
    await backend.store.projects.create({ project });
    const cut: CutInput = {
      schemaVersion: 1,
      projectId: project.id,
      id: 'phong-su-dai-hoi',
      title: 'Phóng sự Đại hội',
      kind: 'reportage',
      shots: [{ id: 'mo-dau', type: 'title', text: 'Đại hội lần thứ I', duration: 50 }],
    };
    const deps = { ...backend, clock: systemClock, log: silentLogger, tools: TEST_TOOLS, scratchDir: path.join(dir, 'scratch') };
    const { version } = await freezeCut({ deps, cut });
    const workflow = createSqliteWorkflowStore({ db });
    const seedDeps = { store: backend.store, workflow, clock: systemClock };

    await seedWebApp({
      deps: seedDeps,
      project,
      cut: cut as CutInput & { id: string },
      version,
      actor: { role: 'admin', label: 'reportage CLI', inviteId: null },
    });
    const draft = await workflow.cuts.get({ projectId: project.id, cutId: cut.id });
    expect(draft).toMatchObject({ title: 'Phóng sự Đại hội', revision: 1 });
    expect(await versionsSentToReview({ deps: seedDeps, projectId: project.id })).toEqual(new Set([version.id]));
    // A reviewer can open it (a version never sent to review answers 404 to them).
    expect((await loadVersionFor({ deps: seedDeps, projectId: project.id, versionId: version.id, role: 'reviewer' })).id).toBe(version.id);

    await seedWebApp({
      deps: seedDeps,
      project,
      cut: cut as CutInput & { id: string },
      version,
      actor: { role: 'admin', label: 'reportage CLI', inviteId: null },
    });
    expect((await workflow.cuts.get({ projectId: project.id, cutId: cut.id }))?.revision).toBe(2);
    expect(await versionsSentToReview({ deps: seedDeps, projectId: project.id })).toEqual(new Set([version.id]));
  });
});
