import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalBackend } from '../../../shared/adapters/local/index.ts';
import { createProject } from '../../../shared/domain/index.ts';
import { assets, sampleCut } from '../../unit/interchange/interchange-fixtures.ts';
import { makeTempDir, runCli } from './cli-helpers.ts';

/** `reportage timeline export|import` through the real binary: files on disk, exit codes 0/2/1, the JSON shape. */
describe('reportage timeline (CLI contract)', () => {
  let dir: string;
  let dataDir: string;
  let cleanup: () => Promise<void>;
  const env = () => ({ REPORTAGE_DATA_DIR: dataDir, REPORTAGE_LOG_LEVEL: 'error' });
  const cut = sampleCut();
  const withBackend = async <T>(run: (backend: ReturnType<typeof createLocalBackend>) => Promise<T>): Promise<T> => {
    const backend = createLocalBackend({ dataDir, maxAttempts: 3 });
    try {
      return await run(backend);
    } finally {
      await backend.close();
    }
  };

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('timeline-cli'));
    dataDir = path.join(dir, 'data');
    // The library as ingest leaves it (records and original bytes), and the editor's saved draft.
    await withBackend(async (backend) => {
      await backend.store.projects.create({ project: createProject({ id: 'dai-hoi-2026', now: new Date() }) });
      for (const asset of assets) {
        const original = await backend.blobs.putOriginal({ body: Readable.from([Buffer.from(`bytes of ${asset.id}`)]) });
        await backend.store.assets.insertIfAbsent({
          asset: { ...asset, original: { key: original.key, sha256: original.sha256, sizeBytes: original.sizeBytes } },
        });
      }
      const now = new Date().toISOString();
      const actor = { role: 'editor' as const, label: 'Biên tập', inviteId: null };
      await backend.workflow.cuts.save({
        draft: {
          projectId: 'dai-hoi-2026',
          cutId: cut.id,
          title: cut.title,
          cut: JSON.parse(JSON.stringify(cut)) as Record<string, unknown>,
          updatedBy: actor,
          createdAt: now,
          updatedAt: now,
          revision: 0,
        },
        expectedRevision: 0,
      });
    });
  });
  afterAll(async () => cleanup());

  it.each(['edl', 'fcpxml', 'otio'])('exports the draft as %s and imports it back unchanged (exit 0)', async (format) => {
    const file = path.join(dir, `phong-su.${format}`);
    const exported = await runCli({ args: ['timeline', 'export', cut.id, '--format', format, '--out', file], env: env() });
    expect(exported.code, exported.stderr).toBe(0);
    expect((await stat(file)).size).toBeGreaterThan(100);

    const imported = await runCli({ args: ['timeline', 'import', file, '--cut', cut.id, '--json'], env: env() });
    expect(imported.code, imported.stderr).toBe(0);
    const result = JSON.parse(imported.stdout) as {
      cut: unknown;
      unmatched: unknown[];
      warnings: unknown[];
      problems: unknown[];
      format: string;
      draft: { revision: number };
    };
    expect(result.unmatched).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.problems).toEqual([]);
    expect(result.format).toBe(format);
    expect(result.cut).toEqual(JSON.parse(JSON.stringify(cut)));
  });

  it('exports to stdout, and writes a relink folder under the names the timeline gives', async () => {
    const mediaDir = path.join(dir, 'media');
    const result = await runCli({ args: ['timeline', 'export', cut.id, '--format', 'edl', '--media-dir', mediaDir], env: env() });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^TITLE: Phóng sự Đại hội/);
    expect(result.stdout).toContain('* FROM CLIP NAME: Hội trường toàn cảnh.mov');
    const names = (await readdir(mediaDir)).map((name) => name.normalize('NFC')).sort();
    expect(names).toEqual(
      ['Hội trường toàn cảnh.mov', 'Lời bình đoạn 1.wav', 'Nhạc nền hùng tráng.mp3', 'Phòng thí nghiệm.MOV', 'Phỏng vấn chủ tịch.mp4', 'Ảnh lưu niệm 1975.jpg']
        .map((n) => n.normalize('NFC'))
        .sort(),
    );
    expect(await readFile(path.join(mediaDir, 'Hội trường toàn cảnh.mov'), 'utf8')).toBe('bytes of a-hall');
  });

  it('saves the draft and exits 2 when some events do not match, listing them by event number', async () => {
    const file = path.join(dir, 'premiere.edl');
    await writeFile(
      file,
      [
        'TITLE: Sequence 01',
        'FCM: NON-DROP FRAME',
        '',
        '001  AX       V     C        00:00:10:00 00:00:15:00 00:00:00:00 00:00:05:00',
        '* FROM CLIP NAME: Hội trường toàn cảnh.mov',
        '002  AX       V     C        00:00:02:00 00:00:04:00 00:00:05:00 00:00:07:00',
        'M2   AX       050.0                00:00:02:00',
        '* FROM CLIP NAME: Phòng thí nghiệm.MOV',
        '003  AX       V     C        00:00:00:00 00:00:03:00 00:00:07:00 00:00:10:00',
        '* FROM CLIP NAME: Không có trong thư viện.mov',
        '',
      ].join('\r\n'),
    );
    const before = await withBackend((backend) => backend.workflow.cuts.get({ projectId: 'dai-hoi-2026', cutId: 'tin-nhanh' }));
    expect(before).toBeNull();
    const result = await runCli({ args: ['timeline', 'import', file, '--cut', 'tin-nhanh', '--json'], env: env() });
    expect(result.code, result.stderr).toBe(2);
    const body = JSON.parse(result.stdout) as {
      cut: { id: string; shots: { type: string }[] };
      unmatched: { event: number; code: string; reason: string; reasonVi: string }[];
      warnings: string[];
    };
    expect(body.unmatched.map(({ event, code }) => ({ event, code }))).toEqual([
      { event: 2, code: 'SPEED_CHANGE' },
      { event: 3, code: 'NO_MATCHING_ASSET' },
    ]);
    expect(body.unmatched[1]!.reason).toContain('Không có trong thư viện.mov');
    expect(body.cut.id).toBe('tin-nhanh');
    expect(body.cut.shots.map((s) => s.type)).toEqual(['clip', 'clip', 'title']);
    const saved = await withBackend((backend) => backend.workflow.cuts.get({ projectId: 'dai-hoi-2026', cutId: 'tin-nhanh' }));
    expect(saved?.revision).toBe(1);
    const audit = await withBackend((backend) => backend.workflow.audit.list({ projectId: 'dai-hoi-2026' }));
    expect(audit.find((entry) => entry.action === 'cut.save' && entry.subject === 'tin-nhanh')?.details).toEqual({
      importedFrom: 'edl',
      fileName: 'premiere.edl',
      unmatched: 2,
      revision: 1,
    });
  });

  it('exits 1 with a stable code and no stack trace when the file is refused or the cut is unknown', async () => {
    const dropFrame = path.join(dir, 'ntsc.edl');
    await writeFile(dropFrame, 'TITLE: x\nFCM: DROP FRAME\n\n001  AX       V     C        00:00:10;00 00:00:15;00 00:00:00;00 00:00:05;00\n');
    const refused = await runCli({ args: ['timeline', 'import', dropFrame, '--cut', cut.id, '--json'], env: env() });
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toEqual({
      error: expect.objectContaining({ code: 'TIMELINE_FRAME_RATE', messageVi: expect.stringContaining('25 hình/giây') }),
    });
    expect(refused.stderr).not.toMatch(/\n\s+at /);

    const missing = await runCli({ args: ['timeline', 'import', path.join(dir, 'nope.edl'), '--cut', cut.id, '--json'], env: env() });
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout).error.code).toBe('TIMELINE_NOT_READABLE');

    const unknown = await runCli({ args: ['timeline', 'export', 'khong-co', '--format', 'otio'], env: env() });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('[NOT_FOUND]');
  });
});
