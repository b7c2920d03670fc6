import { Hono, type Context } from 'hono';
import { html, raw } from 'hono/html';
import { framesToTimecode, PUBLIC_TOKEN_PATTERN, type Publication } from '../../domain/index.ts';
import { listLivePublications, publicMediaBase, readLivePublication } from '../../delivery/index.ts';
import type { AppDeps } from '../app-deps.ts';
import { isHttps, trustsProxy, type WebEnv } from '../session.ts';
import { streamBlob } from '../stream-blob.ts';
import { loadClientBundle } from './client-bundle.ts';

/** Who publishes: the name the pages, Open Graph and oEmbed give. */
const PROVIDER = 'Liên hiệp các Hội Khoa học và Kỹ thuật thành phố Hải Phòng';
const EMBED_WIDTH = 960;
const EMBED_HEIGHT = 540;

/** Content types of the public folder's files, by extension: nothing else is served from it. */
const PUBLIC_TYPES: Record<string, string> = {
  m3u8: 'application/vnd.apple.mpegurl',
  ts: 'video/mp2t',
  m4s: 'video/iso.segment',
  mp4: 'video/mp4',
  vtt: 'text/vtt; charset=utf-8',
  jpg: 'image/jpeg',
};

/**
 * The public watch pages of the website's video column: `/watch` (the shelf), `/watch/<slug>`
 * (player, captions, chapters, download, embed code, Open Graph), `/watch/<slug>/embed` (the
 * player alone, for an `<iframe>`), `/oembed` (the embed as oEmbed JSON) and, on the local
 * backend, `/public/<token>/…` (the published files; on AWS CloudFront serves them). No sign-in:
 * only live publications answer; a withdrawn or unknown one is 404, its media too. These pages,
 * and only these, may be framed by other sites (CSP `frame-ancestors`).
 */
export function createWatchRoutes({ deps }: { deps: AppDeps }): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const csp = watchPolicy({ deps });

  app.get('/static/watch.js', async (c) => {
    const { code, etag } = await loadClientBundle({ entry: 'watch' });
    const headers = { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache', etag };
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
    return c.body(code, 200, headers);
  });

  app.get('/watch', async (c) => {
    const publications = await listLivePublications({ deps });
    return page({ c, csp, body: shelf({ c, deps, publications }), head: <title>{`Video · ${PROVIDER}`}</title> });
  });

  app.get('/watch/:slug', async (c) => {
    const publication = await livePublicationOr404({ c, deps });
    if (publication instanceof Response) return publication;
    return page({ c, csp, head: openGraph({ c, deps, publication }), body: watchBody({ c, deps, publication, embed: false }) });
  });

  app.get('/watch/:slug/embed', async (c) => {
    const publication = await livePublicationOr404({ c, deps });
    if (publication instanceof Response) return publication;
    return page({ c, csp, embed: true, head: <title>{publication.title}</title>, body: watchBody({ c, deps, publication, embed: true }) });
  });

  app.get('/oembed', async (c) => {
    if ((c.req.query('format') ?? 'json') !== 'json')
      return c.json({ error: { code: 'INVALID_QUERY', message: 'Only format=json is offered.', messageVi: 'Chỉ có định dạng format=json.' } }, 501);
    const slug = /^\/watch\/([a-z0-9-]{3,80})\/?$/.exec(safePath(c.req.query('url') ?? ''))?.[1];
    const publication = slug ? await readLivePublication({ deps, slug }).catch(() => null) : null;
    if (!publication)
      return c.json(
        {
          error: {
            code: 'PUBLICATION_NOT_FOUND',
            message: 'Nothing is published at that address: give the address of a video on /watch.',
            messageVi: 'Không có video nào được xuất bản ở địa chỉ này: hãy dùng địa chỉ của một video trong /watch.',
          },
        },
        404,
      );
    const width = Math.min(EMBED_WIDTH, positive(c.req.query('maxwidth')) ?? EMBED_WIDTH);
    const height = Math.min(Math.round((width * 9) / 16), positive(c.req.query('maxheight')) ?? EMBED_HEIGHT);
    const poster = publication.media.poster
      ? absolute({ c, path: `${publicMediaBase({ publicMediaUrl: deps.publicMediaUrl, token: publication.token })}/${publication.media.poster}` })
      : null;
    c.header('cache-control', 'no-cache');
    return c.json({
      version: '1.0',
      type: 'video',
      provider_name: PROVIDER,
      provider_url: absolute({ c, path: '/watch' }),
      title: publication.title,
      width,
      height,
      html: embedCode({ c, publication, width, height }),
      ...(poster ? { thumbnail_url: poster, thumbnail_width: publication.media.width, thumbnail_height: publication.media.height } : {}),
    });
  });

  // On AWS the CDN serves the public folder; the app's function never streams media.
  if (deps.publicMediaUrl === undefined) {
    app.get('/public/:token/:path{.+}', async (c) => {
      const token = c.req.param('token');
      const name = c.req.param('path');
      const type = PUBLIC_TYPES[name.split('.').at(-1) ?? ''];
      if (!PUBLIC_TOKEN_PATTERN.test(token) || type === undefined || !/^[A-Za-z0-9._/-]+$/.test(name) || name.includes('..')) return c.notFound();
      const key = `public/${token}/${name}`;
      const head = await deps.blobs.head({ key });
      if (head === null) return c.notFound();
      const cache = name.endsWith('.m3u8') || name.endsWith('.vtt') ? 'no-cache' : 'public, max-age=300';
      const download = name.startsWith('download/') ? { fileName: name.split('/').at(-1)! } : {};
      return (
        await streamBlob({ c, blobs: deps.blobs, key, contentType: type, sizeBytes: head.sizeBytes, ...download, extraHeaders: { 'Cache-Control': cache } })
      ).response;
    });
  }
  return app;
}

/**
 * The watch pages' policy: the app's own scripts (hls.js and the page's), media and captions from
 * the public folder (the CDN on AWS; hls.js reads it with fetch and plays it through `blob:` URLs),
 * and framing by the Union's sites (any by default).
 */
function watchPolicy({ deps }: { deps: AppDeps }): string {
  const media = deps.publicMediaUrl ? ` ${new URL(deps.publicMediaUrl).origin}` : '';
  const ancestors = deps.embedOrigins && deps.embedOrigins.length > 0 ? deps.embedOrigins.join(' ') : '*';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data:${media}`,
    `media-src 'self' blob:${media}`,
    `connect-src 'self'${media}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${ancestors}`,
  ].join('; ');
}

async function livePublicationOr404({ c, deps }: { c: Context<WebEnv>; deps: AppDeps }): Promise<Publication | Response> {
  const slug = c.req.param('slug') ?? '';
  const publication = /^[a-z0-9-]{3,80}$/.test(slug) ? await readLivePublication({ deps, slug }).catch(() => null) : null;
  if (publication) return publication;
  return page({
    c,
    csp: watchPolicy({ deps }),
    status: 404,
    head: <title>Không tìm thấy video</title>,
    body: (
      <main class="watch-main">
        <h1>Không tìm thấy video</h1>
        <p>Video này không có hoặc đã được gỡ xuống.</p>
        <p>
          <a href="/watch">Xem các video đã xuất bản</a>
        </p>
      </main>
    ),
  });
}

/** The page frame: Vietnamese, the watch styles, hls.js and the page script. */
function page({
  c,
  csp,
  head,
  body,
  embed = false,
  status = 200,
}: {
  c: Context<WebEnv>;
  csp: string;
  head: unknown;
  body: unknown;
  embed?: boolean;
  status?: 200 | 404;
}) {
  c.header('content-security-policy', csp);
  c.header('cache-control', 'no-cache');
  c.header('referrer-policy', 'strict-origin-when-cross-origin');
  return c.html(
    html`<!doctype html>${(
      <html lang="vi">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <link rel="icon" href="data:," />
          {head}
          <style>{raw(WATCH_CSS)}</style>
        </head>
        <body class={embed ? 'watch embed' : 'watch'}>
          {body}
          <script src="/static/hls.min.js"></script>
          <script type="module" src="/static/watch.js"></script>
        </body>
      </html>
    )}`,
    status,
  );
}

function watchBody({ c, deps, publication, embed }: { c: Context<WebEnv>; deps: AppDeps; publication: Publication; embed: boolean }) {
  const media = publicMediaBase({ publicMediaUrl: deps.publicMediaUrl, token: publication.token });
  const caption = publication.media.captions[0];
  const video = (
    <div class="player">
      {/* biome-ignore lint/a11y/useMediaCaption: the caption tracks are the publication's own (below), present whenever the cut has subtitles. */}
      <video
        id="player"
        controls
        playsinline
        preload="metadata"
        crossorigin="anonymous"
        data-hls={`${media}/${publication.media.hls}`}
        data-captions={caption?.lang ?? 'off'}
        width={publication.media.width}
        height={publication.media.height}
        poster={publication.media.poster ? `${media}/${publication.media.poster}` : undefined}
      >
        {publication.media.captions.map((track, index) => (
          <track kind="captions" srclang={track.lang} label={track.label} src={`${media}/${track.name}`} default={index === 0} />
        ))}
      </video>
      <p id="player-problem" class="notice" hidden>
        Trình duyệt này không phát được video trực tuyến. {publication.media.download ? 'Hãy tải tệp MP4 bên dưới.' : ''}
      </p>
    </div>
  );
  if (embed) {
    return (
      <main class="watch-embed">
        {video}
        <a class="embed-title" href={`/watch/${publication.slug}`} target="_blank" rel="noopener">
          {publication.title}
        </a>
      </main>
    );
  }
  return (
    <main class="watch-main">
      <p class="crumbs">
        <a href="/watch">Video</a>
      </p>
      {video}
      <h1>{publication.title}</h1>
      <p class="meta">
        {`Thời lượng ${durationText(publication.durationFrames)} · Xuất bản ngày ${dateText(publication.publishedAt)}`} · <span id="position">00:00:00</span>
      </p>
      {publication.description ? <p class="description">{publication.description}</p> : null}
      {publication.media.captions.length > 0 ? (
        <fieldset class="captions">
          <legend>Phụ đề:</legend>
          {publication.media.captions.map((track) => (
            <button type="button" data-captions-lang={track.lang} aria-pressed="true">
              {track.label}
            </button>
          ))}
          <button type="button" data-captions-lang="off" aria-pressed="false">
            Tắt
          </button>
        </fieldset>
      ) : null}
      {publication.chapters.length > 0 ? (
        <section class="chapters">
          <h2>Các phần</h2>
          <ol>
            {publication.chapters.map((chapter) => (
              <li>
                <button type="button" data-chapter-frame={String(chapter.frame)}>
                  <time>{framesToTimecode({ frames: chapter.frame }).slice(0, 8)}</time> {chapter.title}
                </button>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {publication.media.download ? (
        <p>
          <a class="download" href={`${media}/${publication.media.download.name}`} download>
            {`Tải video về (MP4, ${megabytes(publication.media.download.sizeBytes)})`}
          </a>
        </p>
      ) : null}
      <section class="embed-code">
        <h2>Nhúng vào trang web</h2>
        <textarea id="embed-code" readonly rows={3}>
          {embedCode({ c, publication, width: EMBED_WIDTH, height: EMBED_HEIGHT })}
        </textarea>
        <button type="button" id="copy-embed" hidden>
          Sao chép mã nhúng
        </button>
      </section>
    </main>
  );
}

function shelf({ c, deps, publications }: { c: Context<WebEnv>; deps: AppDeps; publications: Publication[] }) {
  return (
    <main class="watch-main">
      <h1>Video</h1>
      <p class="meta">{PROVIDER}</p>
      {publications.length === 0 ? <p>Chưa có video nào được xuất bản.</p> : null}
      <ul class="shelf">
        {publications.map((publication) => {
          const poster = publication.media.poster
            ? `${publicMediaBase({ publicMediaUrl: deps.publicMediaUrl, token: publication.token })}/${publication.media.poster}`
            : null;
          return (
            <li>
              <a href={`/watch/${publication.slug}`}>
                {poster ? <img src={poster} alt="" width={320} height={180} loading="lazy" /> : <span class="no-poster"></span>}
                <strong>{publication.title}</strong>
                <span class="meta">{`${durationText(publication.durationFrames)} · ${dateText(publication.publishedAt)}`}</span>
              </a>
            </li>
          );
        })}
      </ul>
      <link rel="alternate" href={absolute({ c, path: '/watch' })} />
    </main>
  );
}

/** Open Graph and oEmbed discovery: a share on Facebook shows the poster and the title. */
function openGraph({ c, deps, publication }: { c: Context<WebEnv>; deps: AppDeps; publication: Publication }) {
  const url = absolute({ c, path: `/watch/${publication.slug}` });
  const media = publicMediaBase({ publicMediaUrl: deps.publicMediaUrl, token: publication.token });
  const description = publication.description || `${publication.title} — ${PROVIDER}`;
  return (
    <>
      <title>{`${publication.title} · Video`}</title>
      <meta name="description" content={description} />
      <link rel="canonical" href={url} />
      <meta property="og:type" content="video.other" />
      <meta property="og:site_name" content={PROVIDER} />
      <meta property="og:locale" content="vi_VN" />
      <meta property="og:title" content={publication.title} />
      <meta property="og:description" content={description} />
      <meta property="og:url" content={url} />
      {publication.media.poster ? (
        <>
          <meta property="og:image" content={absolute({ c, path: `${media}/${publication.media.poster}` })} />
          <meta property="og:image:width" content={String(publication.media.width)} />
          <meta property="og:image:height" content={String(publication.media.height)} />
        </>
      ) : null}
      {publication.media.download ? (
        <>
          <meta property="og:video" content={absolute({ c, path: `${media}/${publication.media.download.name}` })} />
          <meta property="og:video:type" content="video/mp4" />
        </>
      ) : null}
      <meta property="video:duration" content={String(Math.round(publication.durationFrames / 25))} />
      <meta name="twitter:card" content="summary_large_image" />
      <link
        rel="alternate"
        type="application/json+oembed"
        href={absolute({ c, path: `/oembed?format=json&url=${encodeURIComponent(url)}` })}
        title={publication.title}
      />
    </>
  );
}

/** The `<iframe>` the Union's website pastes in. */
function embedCode({ c, publication, width, height }: { c: Context<WebEnv>; publication: Publication; width: number; height: number }): string {
  const src = absolute({ c, path: `/watch/${publication.slug}/embed` });
  const title = publication.title.replace(/[&"<>]/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return `<iframe src="${src}" width="${width}" height="${height}" title="${title}" style="border:0;max-width:100%" allow="fullscreen; picture-in-picture" allowfullscreen loading="lazy"></iframe>`;
}

/** An absolute URL on the address the request came to (the proxy's, when it is trusted); CDN URLs stay as they are. */
function absolute({ c, path }: { c: Context<WebEnv>; path: string }): string {
  if (/^https?:\/\//.test(path)) return path;
  const host = (trustsProxy(c) ? c.req.header('x-forwarded-host') : undefined) ?? c.req.header('host') ?? new URL(c.req.url).host;
  return `${isHttps(c) ? 'https' : 'http'}://${host}${path}`;
}

/** The path of a URL given in a query (oEmbed's `url`), or '' when it is not one. */
function safePath(url: string): string {
  try {
    return new URL(url, 'http://x').pathname;
  } catch {
    return '';
  }
}

function positive(value: string | undefined): number | null {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : null;
}

function durationText(frames: number): string {
  const seconds = Math.round(frames / 25);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function dateText(iso: string): string {
  const [year, month, day] = iso.slice(0, 10).split('-');
  return `${day}/${month}/${year}`;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

const WATCH_CSS = `
body.watch{margin:0;font-family:system-ui,"Segoe UI",Roboto,"Noto Sans",sans-serif;background:#f6f7f9;color:#1b1f24}
.watch-main{max-width:1000px;margin:0 auto;padding:16px}
.watch a{color:#0b5cad}
.player video{width:100%;height:auto;background:#000;display:block;aspect-ratio:16/9}
.watch h1{font-size:1.5rem;margin:16px 0 4px}
.meta{color:#5b6570;font-size:.9rem;margin:4px 0}
.captions{display:flex;gap:8px;align-items:center;margin:12px 0;border:0;padding:0}
.captions legend{float:left;margin-right:8px}
.captions button,.chapters button,#copy-embed{font:inherit;border:1px solid #c6ccd3;background:#fff;border-radius:6px;padding:4px 10px;cursor:pointer}
.captions button[aria-pressed=true]{background:#0b5cad;color:#fff;border-color:#0b5cad}
.chapters ol{list-style:none;padding:0;margin:0;display:grid;gap:6px}
.chapters button{width:100%;text-align:left}
.chapters button[aria-current]{border-color:#0b5cad;box-shadow:inset 3px 0 0 #0b5cad}
.chapters time{font-variant-numeric:tabular-nums;color:#5b6570;margin-right:8px}
.embed-code textarea{width:100%;font-family:ui-monospace,monospace;font-size:.8rem}
.shelf{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:16px}
.shelf a{display:flex;flex-direction:column;gap:4px;text-decoration:none;color:inherit;background:#fff;border-radius:8px;overflow:hidden;padding-bottom:8px}
.shelf img,.shelf .no-poster{width:100%;height:auto;aspect-ratio:16/9;object-fit:cover;background:#223}
.shelf strong,.shelf .meta{padding:0 8px}
body.embed{background:#000}
.watch-embed{position:relative}
.watch-embed .player video{height:100vh;aspect-ratio:auto}
.embed-title{position:absolute;top:8px;left:8px;color:#fff!important;background:rgba(0,0,0,.55);padding:4px 8px;border-radius:4px;text-decoration:none;font-size:.9rem}
.notice{background:#fff4d6;padding:8px;border-radius:6px}
`;
