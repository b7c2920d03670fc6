import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishVersion, unpublish } from '../../../shared/delivery/index.ts';
import type { Publication, Version } from '../../../shared/domain/index.ts';
import { makePublishedFixture, PUBLISHER as ADMIN } from '../../helpers/published-fixture.ts';
import type { RenderFixture } from '../../helpers/render-fixture.ts';
import { send, startServeProcess, type ServeProcess } from './serve-process.ts';

/**
 * The public watch pages over real HTTP on a `reportage serve` child process, on a data folder
 * where a short news item was cut, approved, rendered with the stream profile (shrunk to 320×180,
 * 2-second segments) and published through the use case. What a stranger can and cannot reach:
 * the published page, its playlists, segments, captions and poster; nothing unpublished, no path
 * outside the public folder; and after a withdrawal, nothing at all — page and media, at once.
 */
describe('watch pages over real HTTP', () => {
  let fixture: RenderFixture;
  let server: ServeProcess;
  let version: Version;
  let unapproved: Version;
  let publication: Publication;
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.baseUrl}${path}`, { headers, redirect: 'manual' });
  const mediaPath = (p: Publication, name: string) => `/public/${p.token}/${name}`;

  beforeAll(async () => {
    ({ fixture, version, unapproved, publication } = await makePublishedFixture());
    server = await startServeProcess({ env: { REPORTAGE_DATA_DIR: fixture.dir } });
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
    await fixture?.close();
  });

  it('serves the published page to anyone: player, captions, chapters, Open Graph, oEmbed discovery, framable', async () => {
    const page = await get('/watch/tin-khai-mac');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`data-hls="/public/${publication.token}/hls/master.m3u8"`);
    expect(html).toMatch(/<track[^>]*kind="captions"[^>]*srclang="vi"/);
    expect(html).toContain('<meta property="og:title" content="Tin Đại hội: phiên khai mạc"');
    expect(html).toMatch(new RegExp(`<meta property="og:image" content="http://127\\.0\\.0\\.1:\\d+/public/${publication.token}/poster\\.jpg"`));
    expect(html).toContain('type="application/json+oembed"');
    // Chapters: the title card, then the photo's theme (by its Vietnamese name) at 25 + 50 + 40 frames.
    expect(publication.chapters).toEqual([
      { title: 'Phiên khai mạc — Sáng 20/12', frame: 0 },
      { title: 'Ý nghĩa Đại hội và dự thảo văn kiện', frame: 115 },
    ]);
    expect(html).toContain('data-chapter-frame="115"');
    expect(page.headers.get('content-security-policy')).toContain('frame-ancestors *');
    expect(page.headers.get('x-frame-options')).toBeNull();
    // Every other page keeps refusing to be framed.
    const app = await get('/delivery');
    expect(app.headers.get('x-frame-options')).toBe('DENY');
    expect(app.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('serves the ladder: a master playlist of four variants whose playlists and segments answer with their types', async () => {
    const master = await get(mediaPath(publication, 'hls/master.m3u8'));
    expect(master.status).toBe(200);
    expect(master.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    const text = await master.text();
    const variants = text.split('\n').filter((line) => line.endsWith('.m3u8'));
    expect(variants).toHaveLength(4);
    for (const variant of variants) {
      const playlist = await get(mediaPath(publication, `hls/${variant}`));
      expect(playlist.status).toBe(200);
      const segments = (await playlist.text()).split('\n').filter((line) => line.endsWith('.ts'));
      expect(segments.length).toBeGreaterThanOrEqual(3);
      const folder = variant.split('/').slice(0, -1).join('/');
      const segment = await get(mediaPath(publication, `hls/${folder}/${segments[0]}`));
      expect(segment.status).toBe(200);
      expect(segment.headers.get('content-type')).toBe('video/mp2t');
      expect((await segment.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
    const captions = await get(mediaPath(publication, 'captions/vi.vtt'));
    expect(captions.headers.get('content-type')).toBe('text/vtt; charset=utf-8');
    expect(await captions.text()).toContain('Đại biểu về dự Đại hội');
    expect((await get(mediaPath(publication, 'poster.jpg'))).headers.get('content-type')).toBe('image/jpeg');
  });

  it('answers oEmbed JSON with the embed iframe, and 404 for anything not published', async () => {
    const url = `${server.baseUrl}/watch/tin-khai-mac`;
    const answer = await get(`/oembed?format=json&url=${encodeURIComponent(url)}&maxwidth=640`);
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ version: '1.0', type: 'video', title: 'Tin Đại hội: phiên khai mạc', width: 640, height: 360 });
    expect(body.html).toContain(`src="${server.baseUrl}/watch/tin-khai-mac/embed"`);
    expect((await get(`/oembed?url=${encodeURIComponent(`${server.baseUrl}/watch/khong-co`)}`)).status).toBe(404);
    expect((await get(`/oembed?url=${encodeURIComponent('javascript:alert(1)')}`)).status).toBe(404);
    expect((await get(`/oembed?format=xml&url=${encodeURIComponent(url)}`)).status).toBe(501);
    const embed = await get('/watch/tin-khai-mac/embed');
    expect(embed.status).toBe(200);
    expect(embed.headers.get('content-security-policy')).toContain('frame-ancestors *');
  });

  it('reaches nothing else: unknown slugs, unapproved versions, other keys, paths out of the public folder', async () => {
    expect((await get('/watch/khong-co-video-nay')).status).toBe(404);
    expect((await get('/watch/..%2f..%2fetc%2fpasswd')).status).toBe(404);
    const token = publication.token;
    const refused = [
      `/public/${token}/../../deliveries/x.mp4`,
      `/public/${token}/%2e%2e/%2e%2e/reportage.db`,
      `/public/${token}/hls/master.m3u8.bak`,
      `/public/${token}/hls/index.json`,
      `/public/AAAAAAAAAAAAAAAAAAAAAA/hls/master.m3u8`,
      '/public/short/hls/master.m3u8',
      `/public/${token}`,
    ];
    for (const path of refused) expect({ path, status: (await send({ port: server.port, path })).status }).toEqual({ path, status: 404 });
    // The stream render of an approved-but-unpublished version stays behind the invite links.
    const renders = await fixture.backend.store.renders.list({ projectId: 'dai-hoi-2026', versionId: version.id });
    const segmentKey = renders[0]!.files.find((f) => f.role === 'hls-master')!.key;
    expect((await send({ port: server.port, path: `/${segmentKey}` })).status).toBe(404);
    // Publishing is refused for a version that is not approved, and the address of another video is not taken over.
    await expect(
      publishVersion({ deps: { ...fixture.deps, workflow: fixture.backend.workflow }, actor: ADMIN, versionId: unapproved.id, request: {} }),
    ).rejects.toMatchObject({ code: 'NOT_APPROVED' });
    const listed = await (await get('/watch')).text();
    expect(listed).toContain('href="/watch/tin-khai-mac"');
  });

  it('withdraws at once: the page, the oEmbed and every file answer 404; publishing again uses a new folder', async () => {
    const oldToken = publication.token;
    const files = ['hls/master.m3u8', 'captions/vi.vtt', 'poster.jpg'];
    await unpublish({ deps: { ...fixture.deps, workflow: fixture.backend.workflow }, actor: ADMIN, slug: 'tin-khai-mac' });
    expect((await get('/watch/tin-khai-mac')).status).toBe(404);
    expect((await get('/watch/tin-khai-mac/embed')).status).toBe(404);
    expect((await get(`/oembed?url=${encodeURIComponent(`${server.baseUrl}/watch/tin-khai-mac`)}`)).status).toBe(404);
    for (const name of files) expect((await get(mediaPath(publication, name))).status).toBe(404);
    expect(await (await get('/watch')).text()).not.toContain('/watch/tin-khai-mac');

    const again = await publishVersion({
      deps: { ...fixture.deps, workflow: fixture.backend.workflow },
      actor: ADMIN,
      versionId: version.id,
      request: { slug: 'tin-khai-mac' },
    });
    expect(again.token).not.toBe(oldToken);
    expect((await get(mediaPath(again, 'hls/master.m3u8'))).status).toBe(200);
    expect((await get(`/public/${oldToken}/hls/master.m3u8`)).status).toBe(404);
    expect((await get('/watch/tin-khai-mac')).status).toBe(200);
  });
});
