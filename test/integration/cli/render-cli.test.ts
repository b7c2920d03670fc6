import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore, createSqliteWorkflowStore, openDatabase } from '../../../shared/adapters/local/index.ts';
import { probeFile, videoStreamOf } from '../../helpers/ffprobe.ts';
import { makeCameraClip, makeWav } from '../../helpers/make-media.ts';
import { jsonLines, makeTempDir, runCli } from './cli-helpers.ts';

/** `reportage render` and `reportage schema cut`: the contract scripts rely on. */
describe('reportage render (CLI contract)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let env: Record<string, string>;
  let cutFile: string;

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('render-cli'));
    env = { REPORTAGE_DATA_DIR: path.join(dir, 'data') };
    const clip = await runCli({ args: ['ingest', await makeCameraClip(), '--json'], env });
    const voice = await runCli({ args: ['ingest', await makeWav(), '--kind', 'voiceover', '--json'], env });
    expect(clip.code, clip.stderr).toBe(0);
    expect(voice.code, voice.stderr).toBe(0);
    const camera = jsonLines(clip.stdout)[0]?.asset.id as string;
    const tone = jsonLines(voice.stdout)[0]?.asset.id as string;
    cutFile = path.join(dir, 'cut.json');
    const cut = {
      schemaVersion: 1,
      projectId: 'dai-hoi-2026',
      id: 'ban-nhap',
      title: 'Bản nháp',
      kind: 'teaser',
      shots: [
        { id: 'mo-dau', type: 'title', text: 'Hải Phòng', duration: '00:00:01:00' },
        { id: 'canh-1', type: 'clip', assetId: camera, in: '00:00:00:05', out: '00:00:01:20' },
      ],
      narration: [{ id: 'vo', assetId: tone, at: '00:00:00:10', in: 0, out: 2 }],
    };
    await writeFile(cutFile, JSON.stringify(cut));
  });
  afterAll(async () => cleanup());

  it('prints one JSON object with the version, the files and their SHA-256, and QC', async () => {
    const out = path.join(dir, 'out');
    const result = await runCli({ args: ['render', cutFile, '--profile', 'review', '--out', out, '--json'], env });
    // A 2.6 s teaser is below the teaser minimum: the review render warns, it does not fail.
    expect(result.code, result.stderr).toBe(0);
    const lines = jsonLines(result.stdout);
    expect(lines).toHaveLength(1);
    const report = lines[0]!;
    expect(report.version).toMatchObject({ number: 1, cutId: 'ban-nhap', durationFrames: 25 + 40, duration: '00:00:02:15', lengthOk: false });
    expect(report.qc).toEqual([expect.objectContaining({ profile: 'review', status: 'warn' })]);
    const programme = report.files.find((f: { role: string }) => f.role === 'programme');
    expect(programme.path).toBe(path.join(out, 'review', 'ban-nhap_v1_review.mp4'));
    const bytes = await readFile(programme.path);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(programme.sha256);
    expect(Number(videoStreamOf(await probeFile(programme.path))?.nb_frames)).toBe(65);
    // stderr is a pipe here, as in a log: progress comes as timestamped lines, never bars or silence.
    expect(result.stderr).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z render v1 review: \w+, \d+\/\d+ segments \(\d+ reused\)$/m);
    expect(result.stderr).toMatch(/render v1 review: done, QC warn$/m);
    expect(result.stderr).not.toContain('\u001b[');
  });

  it('renders the same cut again as the same version, without rendering anything', async () => {
    const result = await runCli({ args: ['render', cutFile, '--profile', 'review', '--json'], env });
    expect(result.code, result.stderr).toBe(0);
    expect(jsonLines(result.stdout)[0]?.version.number).toBe(1);
  });

  it('refuses an invalid cut with exit 2, naming the shot', async () => {
    const bad = path.join(dir, 'bad.json');
    const cut = JSON.parse(await readFile(cutFile, 'utf8'));
    cut.shots[1].out = '00:00:00:01';
    await writeFile(bad, JSON.stringify(cut));
    const result = await runCli({ args: ['render', bad, '--json'], env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('canh-1');
    expect(result.stderr).toContain('INVALID_CUT');
  });

  /** What the data folder holds: the cut's renders with a profile, and the audit entries of renders. */
  const recorded = async ({ profile }: { profile: string }) => {
    const db = openDatabase({ path: path.join(env.REPORTAGE_DATA_DIR!, 'reportage.db') });
    try {
      const versions = await createSqliteStore({ db }).versions.list({ projectId: 'dai-hoi-2026' });
      const renders = [];
      for (const version of versions) renders.push(...(await createSqliteStore({ db }).renders.list({ projectId: 'dai-hoi-2026', versionId: version.id })));
      const audit = await createSqliteWorkflowStore({ db }).audit.list({ projectId: 'dai-hoi-2026' });
      return {
        renders: renders.filter((r) => r.profile === profile),
        audit: audit.filter((e) => e.action === 'version.render' && e.details.profile === profile),
      };
    } finally {
      db.close();
    }
  };

  it('refuses a delivery profile for a version not every stage approved: exit 2, NOT_APPROVED, nothing rendered or logged', async () => {
    const result = await runCli({ args: ['render', cutFile, '--profile', 'web', '--json'], env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('[NOT_APPROVED]');
    expect(result.stdout).toBe('');
    expect(await recorded({ profile: 'web' })).toEqual({ renders: [], audit: [] });
  });

  it("renders it with --skip-approval, the admin's override written to the audit log with the render", async () => {
    const result = await runCli({ args: ['render', cutFile, '--profile', 'web', '--skip-approval', '--json'], env });
    const report = jsonLines(result.stdout)[0]!;
    expect(report.qc).toEqual([expect.objectContaining({ profile: 'web' })]);
    // Rendered: the exit status is QC's verdict (2 when this 2.6 s test teaser fails the web delivery's QC).
    expect(result.code, result.stderr).toBe(report.qc[0].status === 'fail' ? 2 : 0);
    expect(result.stderr).not.toContain('NOT_APPROVED');
    const { renders, audit } = await recorded({ profile: 'web' });
    expect(renders).toEqual([expect.objectContaining({ status: 'done' })]);
    expect(audit).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ role: 'admin', label: 'reportage CLI' }),
        subject: renders[0]!.versionId,
        details: { profile: 'web', renderId: renders[0]!.id, approvalSkipped: true },
      }),
    ]);
  });

  it('refuses --profile vertical for a version longer than Reels take: exit 2, both lengths named, nothing rendered or logged', async () => {
    const longFile = path.join(dir, 'long.json');
    const long = {
      schemaVersion: 1,
      projectId: 'dai-hoi-2026',
      id: 'ban-dai',
      title: 'Bản dài',
      kind: 'highlights',
      shots: [{ id: 'tit', type: 'title', text: 'Hải Phòng', duration: '00:03:10:00' }],
    };
    await writeFile(longFile, JSON.stringify(long));
    const result = await runCli({ args: ['render', longFile, '--profile', 'vertical', '--skip-approval', '--json'], env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('[TOO_LONG_FOR_PLATFORM]');
    expect(result.stderr).toContain('3:00');
    expect(result.stderr).toContain('3:10');
    expect(result.stdout).toBe('');
    expect(await recorded({ profile: 'vertical' })).toEqual({ renders: [], audit: [] });
  });

  it('prints the cut JSON Schema', async () => {
    const result = await runCli({ args: ['schema', 'cut'], env });
    expect(result.code).toBe(0);
    const schema = JSON.parse(result.stdout);
    expect(schema.properties.shots).toBeDefined();
    expect(schema.title).toBe('reportage cut');
  });
});
