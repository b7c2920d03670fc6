import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveVersion } from '../../helpers/approve-version.ts';
import { makePublishedFixture, type PublishedFixture } from '../../helpers/published-fixture.ts';
import { jsonLines, runCli } from './cli-helpers.ts';

/**
 * `reportage publish` and `reportage unpublish` on a data folder with an approved news item whose
 * stream render exists (makePublishedFixture): the JSON scripts read, the web render made first
 * when `--download` asks for it, and the exit codes of a refusal.
 */
describe('reportage publish / unpublish (CLI contract)', () => {
  let published: PublishedFixture;
  let env: Record<string, string>;

  beforeAll(async () => {
    published = await makePublishedFixture();
    env = { REPORTAGE_DATA_DIR: published.fixture.dir };
  }, 300_000);
  afterAll(async () => published?.fixture.close());

  it('unpublishes, then publishes again with the web MP4, printing the address, the ladder, the captions and the chapters', async () => {
    const withdrawn = await runCli({ args: ['unpublish', 'tin-khai-mac', '--json'], env });
    expect(withdrawn.code, withdrawn.stderr).toBe(0);
    expect(jsonLines(withdrawn.stdout)[0]).toMatchObject({ slug: 'tin-khai-mac', withdrawnAt: expect.any(String) });

    const result = await runCli({ args: ['publish', published.version.id, '--slug', 'tin-khai-mac', '--download', '--json'], env });
    expect(result.code, result.stderr).toBe(0);
    const [view] = jsonLines(result.stdout);
    expect(view).toMatchObject({
      url: '/watch/tin-khai-mac',
      hls: expect.stringMatching(/^\/public\/[A-Za-z0-9_-]{22}\/hls\/master\.m3u8$/),
      captions: [{ lang: 'vi', label: 'Tiếng Việt', url: expect.stringMatching(/\/captions\/vi\.vtt$/) }],
      chapters: [
        { title: 'Phiên khai mạc — Sáng 20/12', frame: 0 },
        { title: 'Ý nghĩa Đại hội và dự thảo văn kiện', frame: 115 },
      ],
      download: { url: expect.stringMatching(/\/download\/.+\.mp4$/), sizeBytes: expect.any(Number) },
    });
    // The web render was made for the download (the stream render existed already).
    const renders = await published.fixture.backend.store.renders.list({ projectId: 'dai-hoi-2026', versionId: published.version.id });
    expect(
      renders
        .filter((r) => r.status === 'done')
        .map((r) => r.profile)
        .sort(),
    ).toEqual(['stream', 'web']);
    const key = (view!.hls as string).slice(1);
    expect(await published.fixture.backend.blobs.head({ key })).not.toBeNull();
  }, 300_000);

  it('refuses with exit 2 before rendering: a version not approved, an address taken, an unknown slug', async () => {
    const unapproved = await runCli({ args: ['publish', published.unapproved.id, '--slug', 'tin-moi', '--json'], env });
    expect(unapproved.code).toBe(2);
    expect(unapproved.stderr).toContain('NOT_APPROVED');
    // Approved now, but its address is the live news item's: refused before anything is rendered.
    await approveVersion({ deps: { ...published.fixture.deps, workflow: published.fixture.backend.workflow }, version: published.unapproved });
    const taken = await runCli({ args: ['publish', published.unapproved.id, '--slug', 'tin-khai-mac'], env });
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain('SLUG_TAKEN');
    expect(await published.fixture.backend.store.renders.list({ projectId: 'dai-hoi-2026', versionId: published.unapproved.id })).toEqual([]);
    const unknown = await runCli({ args: ['unpublish', 'khong-co-tin-nay'], env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('PUBLICATION_NOT_FOUND');
  }, 300_000);
});
