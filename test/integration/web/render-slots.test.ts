import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../shared/adapters/log/json-logger.ts';
import { DEFAULT_PROFILES } from '../../../shared/domain/delivery-profiles.ts';
import type { Render } from '../../../shared/domain/index.ts';
import { resolveToolchain } from '../../../shared/media/index.ts';
import { createLocalRenderLauncher } from '../../../shared/render/launch/index.ts';
import { TEST_TOOLS } from '../../helpers/make-media.ts';
import { testProfile } from '../../helpers/make-render-media.ts';
import { makeWebHarness, PROJECT_ID, type Client, type WebHarness } from './web-harness.ts';

const P = `/api/projects/${PROJECT_ID}`;
const cut = (id: string, text: string) => ({
  schemaVersion: 1,
  projectId: PROJECT_ID,
  id,
  title: text,
  kind: 'teaser',
  shots: [{ id: 'mo-dau', type: 'title', text, duration: 50 }],
});

/**
 * Renders running at once in one `serve` process are capped (REPORTAGE_MAX_RENDERS): with a cap of
 * one, two renders asked for together are both recorded and answered at once, and the second
 * starts its work only when the first is done (real ffmpeg, 320×180).
 */
describe('renders at once in one process', () => {
  let h: WebHarness;
  let editor: Client;
  const updates: { renderId: string; phase: string; at: number }[] = [];

  beforeAll(async () => {
    const { fontFile, toolchain } = await resolveToolchain({ tools: TEST_TOOLS });
    h = await makeWebHarness({
      renders: ({ backend, clock, dir }) => {
        // The store as the launcher sees it, noting each change of a render (its phase) in order.
        const renders = {
          ...backend.store.renders,
          update: async (args: { render: Render; expectedRevision: number }) => {
            updates.push({ renderId: args.render.id, phase: args.render.progress.phase, at: Date.now() });
            return backend.store.renders.update(args);
          },
        };
        return createLocalRenderLauncher({
          deps: {
            ...backend,
            store: { ...backend.store, renders },
            clock,
            log: silentLogger,
            tools: TEST_TOOLS,
            scratchDir: path.join(dir, 'scratch'),
            fontFile,
            concurrency: 2,
          },
          toolchain,
          profiles: { ...DEFAULT_PROFILES, review: testProfile('review') },
          maxRenders: 1,
        });
      },
    });
    editor = await h.signIn({ role: 'editor' });
  });
  afterAll(async () => h.close());

  it('answers both at once, then runs the second only after the first is done', async () => {
    for (const [id, text] of [
      ['mot', 'Một'],
      ['hai', 'Hai'],
    ] as const) {
      expect((await editor.request(`${P}/cuts/${id}`, { method: 'PUT', json: { cut: cut(id, text), expectedRevision: 0 } })).status).toBe(200);
    }
    const [first, second] = await Promise.all(['mot', 'hai'].map((id) => editor.request(`${P}/cuts/${id}/render`, { method: 'POST' })));
    expect([first!.status, second!.status]).toEqual([202, 202]);
    const ids = await Promise.all([first!, second!].map(async (r) => ((await r.json()) as { render: { id: string } }).render.id));

    for (let i = 0; i < 240 && updates.filter((u) => u.phase === 'done').length < 2; i++) await sleep(250);
    const done = (id: string) => updates.find((u) => u.renderId === id && u.phase === 'done')!;
    const firstWork = (id: string) => updates.find((u) => u.renderId === id)!;
    expect(done(ids[0]!)).toBeDefined();
    expect(done(ids[1]!)).toBeDefined();
    const [earlier, later] = done(ids[0]!).at <= done(ids[1]!).at ? ids : [ids[1]!, ids[0]!];
    // The later render's first recorded step comes after the earlier one finished: they never ran together.
    expect(firstWork(later!).at).toBeGreaterThanOrEqual(done(earlier!).at);
  });
});
