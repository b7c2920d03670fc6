import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import {
  AccessError,
  chaptersOf,
  findTheme,
  HlsIndexSchema,
  PublicationError,
  slugify,
  type Actor,
  type HlsIndex,
  type Project,
  type Publication,
  type PublishRequest,
  type Render,
  type Version,
} from '../domain/index.ts';
import { DEFAULT_PROFILES, type DeliveryProfile } from '../domain/delivery-profiles.ts';
import type { BlobStore } from '../ports/index.ts';
import { readApprovalStatus } from '../review/decisions.ts';
import { auditEntry } from '../review/record-audit.ts';
import type { ReviewDeps } from '../review/review-deps.ts';
import { forEachLimited } from '../render/for-each-limited.ts';

/** What publishing needs: the records, the time, and the blob store holding the renders and the public folder. */
export interface PublishDeps extends ReviewDeps {
  blobs: BlobStore;
}

/** How long browsers and the CDN may keep a public file: playlists briefly (a withdrawal shows at once), the rest a while. */
const CACHE = { playlist: 'public, max-age=10', media: 'public, max-age=300' } as const;
const COPIES_AT_ONCE = 8;

/** A publication as the admin pages and the CLI see it: the record, and where it can be watched. */
export function describePublication({ publication, publicMediaUrl }: { publication: Publication; publicMediaUrl: string | undefined }) {
  const media = publicMediaBase({ publicMediaUrl, token: publication.token });
  return {
    slug: publication.slug,
    versionId: publication.versionId,
    versionNumber: publication.versionNumber,
    title: publication.title,
    description: publication.description,
    url: `/watch/${publication.slug}`,
    embedUrl: `/watch/${publication.slug}/embed`,
    hls: `${media}/${publication.media.hls}`,
    captions: publication.media.captions.map((c) => ({ lang: c.lang, label: c.label, url: `${media}/${c.name}` })),
    poster: publication.media.poster ? `${media}/${publication.media.poster}` : null,
    download: publication.media.download ? { url: `${media}/${publication.media.download.name}`, sizeBytes: publication.media.download.sizeBytes } : null,
    chapters: publication.chapters,
    durationFrames: publication.durationFrames,
    publishedAt: publication.publishedAt,
    publishedBy: publication.publishedBy.label,
    withdrawnAt: publication.withdrawnAt,
  };
}

/**
 * Where a publication's public folder is served from: the CDN in front of the bucket (AWS:
 * CloudFront, `REPORTAGE_PUBLIC_MEDIA_URL`), or the app itself (`/public/…`, local).
 */
export function publicMediaBase({ publicMediaUrl, token }: { publicMediaUrl: string | undefined; token: string }): string {
  return `${publicMediaUrl ?? ''}/public/${token}`;
}

/** The blob key of a file of a publication's public folder. */
export function publicKey({ publication, name }: { publication: Pick<Publication, 'token'>; name: string }): string {
  return `public/${publication.token}/${name}`;
}

/**
 * Publishes an approved version on the watch page: its latest finished `stream` render's ladder,
 * captions and poster (and, asked for, the web MP4) are copied into a new public folder, then the
 * publication is recorded with its `version.publish` audit entry — the page goes live only once
 * its media is in place. Publishing the same version under its live slug again changes nothing; a
 * withdrawn slug may be used again (new folder, new token).
 *
 * @example const publication = await publishVersion({ deps, actor, versionId, request: { slug: 'dai-hoi-lan-thu-i' } });
 * @throws NotFoundError `VERSION_NOT_FOUND`; AccessError `NOT_APPROVED`; PublicationError
 *   `STREAM_RENDER_MISSING`, `WEB_RENDER_MISSING`, `SLUG_TAKEN`
 */
export async function publishVersion({
  deps,
  actor,
  versionId,
  request,
}: {
  deps: PublishDeps;
  actor: Actor;
  versionId: string;
  request: PublishRequest;
}): Promise<Publication> {
  const { version, project, title, slug, existing } = await checkPublishable({ deps, versionId, request });
  if (existing && existing.withdrawnAt === null) return existing;
  const renders = await deps.store.renders.list({ projectId: version.projectId, versionId: version.id });
  const stream = latestUsable({ renders, profile: 'stream' });
  if (stream === null) {
    throw new PublicationError({
      code: 'STREAM_RENDER_MISSING',
      message: `Version v${version.number} has no finished stream (HLS) render that passed QC: render it with the "stream" profile first.`,
      messageVi: `Phiên bản v${version.number} chưa có bản xem trực tuyến (HLS) hoàn tất và đạt kiểm tra. Hãy tạo bản "Xem trực tuyến" trước.`,
      details: { versionId },
    });
  }
  const web = request.download ? latestUsable({ renders, profile: 'web' }) : null;
  if (request.download && web === null) {
    throw new PublicationError({
      code: 'WEB_RENDER_MISSING',
      message: `Version v${version.number} has no finished web render to offer for download.`,
      messageVi: `Phiên bản v${version.number} chưa có bản Trang web hoàn tất để cho tải về.`,
      details: { versionId },
    });
  }

  const token = randomBytes(16).toString('base64url');
  const copied: string[] = [];
  try {
    const media = await copyToPublicFolder({ deps, token, stream, web, copied });
    const stamp = {
      slug,
      projectId: version.projectId,
      cutId: version.cutId,
      versionId: version.id,
      versionNumber: version.number,
      renderId: stream.id,
      title,
      description: request.description ?? '',
      durationFrames: version.durationFrames,
      token,
      media,
      chapters: await chaptersOfVersion({ deps, project, version }),
      publishedAt: deps.clock.now().toISOString(),
      publishedBy: actor,
      withdrawnAt: null,
    };
    const audit = auditEntry({
      deps,
      projectId: version.projectId,
      actor,
      action: 'version.publish',
      subject: version.id,
      details: { slug, renderId: stream.id, download: web !== null },
    });
    if (existing)
      return await deps.workflow.publications.update({ publication: { ...stamp, revision: existing.revision }, expectedRevision: existing.revision, audit });
    return await deps.workflow.publications.create({ publication: { ...stamp, revision: 0 }, audit });
  } catch (error) {
    // Nothing half-published: a refused record (a slug taken meanwhile) or a failed copy takes its files back.
    await Promise.allSettled(copied.map((key) => deps.blobs.delete({ key })));
    if (error instanceof Error && 'code' in error && (error.code === 'ALREADY_EXISTS' || error.code === 'CONFLICT')) throw slugTaken({ slug });
    throw error;
  }
}

/**
 * What publishing checks before any work (the CLI runs it before rendering what is missing): the
 * version exists and is approved, and its address is free or already its own. Returns the
 * version, its project, the title and address it will have, and the publication under that
 * address, if any.
 *
 * @throws PublicationError `VERSION_NOT_FOUND`, `SLUG_TAKEN`; AccessError `NOT_APPROVED`
 */
export async function checkPublishable({ deps, versionId, request }: { deps: PublishDeps; versionId: string; request: PublishRequest }) {
  const version = await deps.store.versions.get({ id: versionId });
  const project = version ? await deps.store.projects.get({ id: version.projectId }) : null;
  if (version === null || project === null) {
    throw new PublicationError({
      code: 'VERSION_NOT_FOUND',
      message: `No version ${versionId}.`,
      messageVi: 'Không tìm thấy phiên bản này.',
      details: { versionId },
    });
  }
  if ((await readApprovalStatus({ deps, project, version })).state !== 'approved') {
    throw new AccessError({
      code: 'NOT_APPROVED',
      message: 'Only an approved version can be published.',
      messageVi: 'Chỉ phiên bản đã được duyệt đủ các cấp mới được xuất bản.',
    });
  }
  const title = request.title ?? version.cut.title;
  const slug = request.slug ?? defaultSlug({ title, version });
  const existing = await deps.workflow.publications.get({ slug });
  if (existing && existing.withdrawnAt === null && existing.versionId !== version.id) throw slugTaken({ slug });
  return { version, project, title, slug, existing };
}

/**
 * Withdraws a publication: recorded first (`version.unpublish`), so the page and every public
 * address answer 404 from that moment, then its public folder is removed. Withdrawing again
 * removes whatever a cut-off withdrawal left.
 *
 * @throws PublicationError `PUBLICATION_NOT_FOUND`
 */
export async function unpublish({ deps, actor, slug }: { deps: PublishDeps; actor: Actor; slug: string }): Promise<Publication> {
  const found = await deps.workflow.publications.get({ slug });
  if (found === null) throw notFound({ slug });
  const publication =
    found.withdrawnAt !== null
      ? found
      : await deps.workflow.publications.update({
          publication: { ...found, withdrawnAt: deps.clock.now().toISOString() },
          expectedRevision: found.revision,
          audit: auditEntry({ deps, projectId: found.projectId, actor, action: 'version.unpublish', subject: found.versionId, details: { slug } }),
        });
  const [master, ...rest] = await publicNamesOf({ deps, publication });
  await deps.blobs.delete({ key: publicKey({ publication, name: master! }) });
  await forEachLimited({ items: rest, limit: COPIES_AT_ONCE, run: (name) => deps.blobs.delete({ key: publicKey({ publication, name }) }) });
  return publication;
}

/** A live publication by its slug, for the public pages. @throws PublicationError `PUBLICATION_NOT_FOUND` (also when withdrawn) */
export async function readLivePublication({ deps, slug }: { deps: Pick<ReviewDeps, 'workflow'>; slug: string }): Promise<Publication> {
  const publication = await deps.workflow.publications.get({ slug });
  if (publication === null || publication.withdrawnAt !== null) throw notFound({ slug });
  return publication;
}

/** The live publications, newest first: the column's video shelf. */
export async function listLivePublications({ deps }: { deps: Pick<ReviewDeps, 'workflow'> }): Promise<Publication[]> {
  return (await deps.workflow.publications.list()).filter((p) => p.withdrawnAt === null);
}

/** The newest finished render of a profile whose QC did not fail, or null. */
function latestUsable({ renders, profile }: { renders: Render[]; profile: string }): Render | null {
  const usable = renders.filter((r) => r.profile === profile && r.status === 'done' && r.qc?.status !== 'fail');
  return usable.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0] ?? null;
}

/** The slug a title gives, or `<cut>-v<n>` when the title has too few letters for one. */
function defaultSlug({ title, version }: { title: string; version: Version }): string {
  const slug = slugify({ text: title });
  return slug.length >= 3 ? slug : slugify({ text: `${version.cutId}-v${version.number}` });
}

/** Copies the ladder, captions, poster and download into `public/<token>/`, recording each key in `copied`. */
async function copyToPublicFolder({
  deps,
  token,
  stream,
  web,
  copied,
}: {
  deps: PublishDeps;
  token: string;
  stream: Render;
  web: Render | null;
  copied: string[];
}): Promise<Publication['media']> {
  const copies: { from: string; name: string; contentType: string; cacheControl: string }[] = [];
  const ladder = await readLadderFiles({ deps, render: stream });
  for (const file of ladder.files) {
    copies.push({ from: file.key, name: `hls/${file.name}`, contentType: file.contentType, cacheControl: cacheFor(file.name) });
  }
  const vtt = stream.files.find((f) => f.role === 'vtt');
  if (vtt) copies.push({ from: vtt.key, name: 'captions/vi.vtt', contentType: 'text/vtt; charset=utf-8', cacheControl: CACHE.playlist });
  const poster = stream.files.find((f) => f.role === 'poster');
  if (poster) copies.push({ from: poster.key, name: 'poster.jpg', contentType: 'image/jpeg', cacheControl: CACHE.media });
  const programme = web?.files.find((f) => f.role === 'programme');
  if (programme) copies.push({ from: programme.key, name: `download/${programme.name}`, contentType: 'video/mp4', cacheControl: CACHE.media });

  await forEachLimited({
    items: copies,
    limit: COPIES_AT_ONCE,
    run: async ({ from, name, contentType, cacheControl }) => {
      const key = publicKey({ publication: { token }, name });
      copied.push(key);
      await deps.blobs.copy({ from, to: key, contentType, cacheControl });
    },
  });
  const size = (DEFAULT_PROFILES as Partial<Record<string, DeliveryProfile>>)[stream.profile]?.video ?? { width: 1920, height: 1080 };
  return {
    hls: 'hls/master.m3u8',
    captions: vtt ? [{ lang: 'vi', label: 'Tiếng Việt', name: 'captions/vi.vtt' }] : [],
    poster: poster ? 'poster.jpg' : null,
    download: programme ? { name: `download/${programme.name}`, sizeBytes: programme.sizeBytes } : null,
    width: size.width,
    height: size.height,
  };
}

/**
 * Every file name a publication's public folder may hold (to remove them): read from the folder's
 * own playlists (the master names the rungs, each rung its segments), so a withdrawal does not
 * depend on the render's files still being kept; the render's ladder index adds any name a
 * cut-off earlier withdrawal left without its playlist.
 */
async function publicNamesOf({ deps, publication }: { deps: PublishDeps; publication: Publication }): Promise<string[]> {
  const names = new Set([publication.media.hls, ...publication.media.captions.map((c) => c.name)]);
  if (publication.media.poster) names.add(publication.media.poster);
  if (publication.media.download) names.add(publication.media.download.name);
  const readText = async (name: string) =>
    (await buffer(await deps.blobs.read({ key: publicKey({ publication, name }) }).catch(() => Readable.from([])))).toString('utf8');
  const folderOf = (name: string) => name.split('/').slice(0, -1).join('/');
  for (const variant of playlistUris(await readText(publication.media.hls))) {
    const playlist = `${folderOf(publication.media.hls)}/${variant}`;
    names.add(playlist);
    for (const segment of playlistUris(await readText(playlist))) names.add(`${folderOf(playlist)}/${segment}`);
  }
  const render = await deps.store.renders.get({ id: publication.renderId });
  const ladder = render ? await readLadderFiles({ deps, render }).catch(() => ({ files: [] })) : { files: [] };
  for (const file of ladder.files) names.add(`hls/${file.name}`);
  // The master playlist goes first: from then on no player finds the rest.
  return [publication.media.hls, ...[...names].filter((name) => name !== publication.media.hls)];
}

/** The URIs a playlist names (its lines that are not tags), relative ones only. */
function playlistUris(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#') && /^[A-Za-z0-9._/-]+$/.test(line) && !line.includes('..'));
}

/** The ladder's files as the stream render's `hls-index` lists them (the master playlist among them). */
async function readLadderFiles({ deps, render }: { deps: PublishDeps; render: Render }): Promise<Pick<HlsIndex, 'files'>> {
  const index = render.files.find((f) => f.role === 'hls-index');
  if (!index) return { files: [] };
  return HlsIndexSchema.parse(JSON.parse((await buffer(await deps.blobs.read({ key: index.key }))).toString('utf8')));
}

function cacheFor(name: string): string {
  return name.endsWith('.m3u8') ? CACHE.playlist : CACHE.media;
}

/** The chapters of a version: its title cards, and the themes (their Vietnamese names) of its shots' assets. */
async function chaptersOfVersion({ deps, project, version }: { deps: PublishDeps; project: Project; version: Version }) {
  const themes = new Map<string, string | null>();
  for (const shot of version.cut.shots) {
    if (shot.type === 'title' || themes.has(shot.assetId)) continue;
    const themeId = (await deps.store.assets.get({ id: shot.assetId }))?.theme ?? null;
    themes.set(shot.assetId, themeId === null ? null : (findTheme(project, themeId)?.label.vi ?? null));
  }
  return chaptersOf({ cut: version.cut, themeOf: (assetId) => themes.get(assetId) ?? null });
}

function notFound({ slug }: { slug: string }): PublicationError {
  return new PublicationError({
    code: 'PUBLICATION_NOT_FOUND',
    message: `Nothing is published at /watch/${slug}.`,
    messageVi: 'Không có video nào được xuất bản ở địa chỉ này.',
    details: { slug },
  });
}

function slugTaken({ slug }: { slug: string }): PublicationError {
  return new PublicationError({
    code: 'SLUG_TAKEN',
    message: `The address /watch/${slug} is taken by another published video: choose another slug or unpublish that one first.`,
    messageVi: `Địa chỉ /watch/${slug} đang được dùng cho một video khác. Hãy chọn địa chỉ khác hoặc gỡ video kia trước.`,
    details: { slug },
  });
}
