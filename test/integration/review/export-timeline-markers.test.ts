import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalBackend } from '../../../shared/adapters/local/index.ts';
import { createProject, freezeVersion, type Project, type Version } from '../../../shared/domain/index.ts';
import { readOtio, readXmeml } from '../../../shared/interchange/index.ts';
import { addComment } from '../../../shared/review/comments.ts';
import { exportTimeline } from '../../../shared/review/export-timeline.ts';
import { makeTempDir } from '../cli/cli-helpers.ts';
import { assets, assetsById, sampleCut } from '../../unit/interchange/interchange-fixtures.ts';

/** A version's review comments go out as markers: in the OTIO and the xmeml, and as marker lists for Resolve and Premiere. */
describe('exportTimeline of a version with review comments', () => {
  let cleanup: () => Promise<void>;
  let backend: ReturnType<typeof createLocalBackend>;
  let project: Project;
  let version: Version;
  const clock = { now: () => new Date('2026-12-07T09:00:00Z') };
  const reviewer = { role: 'reviewer' as const, label: 'Ban Tuyên giáo', inviteId: null };
  const deps = () => ({ store: backend.store, workflow: backend.workflow, clock });

  beforeAll(async () => {
    const temp = await makeTempDir('export-markers');
    cleanup = temp.cleanup;
    backend = createLocalBackend({ dataDir: path.join(temp.dir, 'data'), maxAttempts: 3 });
    project = await backend.store.projects.create({ project: createProject({ id: 'dai-hoi-2026', now: clock.now() }) });
    for (const asset of assets) await backend.store.assets.insertIfAbsent({ asset });
    ({ version } = await backend.store.versions.insertIfAbsent({
      version: freezeVersion({ cut: sampleCut(), assets: assetsById, number: 1, now: clock.now(), project }),
    }));
    const thread = await addComment({
      deps: deps(),
      version,
      actor: reviewer,
      input: { startFrame: 250, endFrame: 299, text: 'Cắt ngắn đoạn "hội trường", nhạc hơi to | quá' },
    });
    await addComment({
      deps: deps(),
      version,
      actor: { role: 'editor', label: 'Biên tập', inviteId: null },
      input: { startFrame: 250, text: 'Đã sửa', parentId: thread.id },
    });
    await addComment({ deps: deps(), version, actor: reviewer, input: { startFrame: 1000, text: '=SUM(A1) tên người phỏng vấn sai' } });
  });
  afterAll(async () => {
    await backend.close();
    await cleanup();
  });

  it('writes one marker per thread, replies included, in OTIO and xmeml', async () => {
    const otio = await exportTimeline({ deps: deps(), project, id: version.id, format: 'otio' });
    expect(otio.from).toEqual({ kind: 'version', cutId: 'phong-su', versionId: version.id, number: 1 });
    expect(otio.fileName).toBe('phong-su-v1.otio');
    expect(otio.markers).toBe(2);
    const doc = JSON.parse(otio.text) as {
      tracks: {
        markers: { OTIO_SCHEMA: string; color: string; comment: string; marked_range: { start_time: { value: number }; duration: { value: number } } }[];
      };
    };
    expect(doc.tracks.markers.map((m) => [m.OTIO_SCHEMA, m.color, m.marked_range.start_time.value, m.marked_range.duration.value])).toEqual([
      ['Marker.2', 'RED', 250, 50],
      ['Marker.2', 'RED', 1000, 1],
    ]);
    expect(doc.tracks.markers[0]!.comment).toBe('Ban Tuyên giáo: Cắt ngắn đoạn "hội trường", nhạc hơi to | quá / Biên tập: Đã sửa');
    // The markers do not disturb the timeline: it still reads back whole.
    expect(readOtio({ text: otio.text }).timeline.picture).toHaveLength(6);

    const xml = await exportTimeline({ deps: deps(), project, id: version.id, format: 'fcpxml' });
    expect(xml.text).toContain(
      '<marker><comment>Ban Tuyên giáo: Cắt ngắn đoạn &quot;hội trường&quot;, nhạc hơi to | quá / Biên tập: Đã sửa</comment><name>Ban Tuyên giáo</name><in>250</in><out>300</out></marker>',
    );
    expect(readXmeml({ text: xml.text }).timeline.picture).toHaveLength(6);
  });

  it("writes a Resolve EDL marker list (a bar in the text cannot cut it short) and a CSV in Premiere's marker columns", async () => {
    const resolve = await exportTimeline({ deps: deps(), project, id: version.id, format: 'markers-edl' });
    expect(resolve.text.split('\r\n').slice(3, 6)).toEqual([
      '001  001      V     C        00:00:10:00 00:00:10:01 00:00:10:00 00:00:10:01  ',
      ' |C:ResolveColorRed |M:Ban Tuyên giáo: Cắt ngắn đoạn "hội trường", nhạc hơi to / quá / Biên tập: Đã sửa |D:50',
      '',
    ]);
    const csv = await exportTimeline({ deps: deps(), project, id: version.id, format: 'markers-csv' });
    const rows = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(rows[0]).toBe('Marker Name,Description,In,Out,Duration,Marker Type');
    expect(rows[1]).toBe(
      'Ban Tuyên giáo,"Ban Tuyên giáo: Cắt ngắn đoạn ""hội trường"", nhạc hơi to | quá / Biên tập: Đã sửa",00:00:10:00,00:00:12:00,00:00:02:00,Comment',
    );
    expect(rows[2]).toBe('Ban Tuyên giáo,Ban Tuyên giáo: =SUM(A1) tên người phỏng vấn sai,00:00:40:00,00:00:40:01,00:00:00:01,Comment');
  });

  it('exports the latest version of a cut that has no draft', async () => {
    const byCut = await exportTimeline({ deps: deps(), project, id: 'phong-su', format: 'edl' });
    expect(byCut.from).toMatchObject({ kind: 'version', number: 1 });
  });
});
