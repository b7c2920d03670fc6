/**
 * Publications: an approved version an admin put on the public watch page (`/watch/<slug>`), the
 * website's video column. Nothing else is reachable without a link (DESIGN.md, "Public means
 * published"): a publication names the files copied into the public folder `public/<token>/`
 * (the streaming ladder, captions, poster, optionally the web MP4), and withdrawing it removes
 * them at once. The token is random, so a withdrawn item's old addresses cannot be guessed back.
 */
import { z } from 'zod';
import { ActorSchema } from './review.ts';
import { ReportageError } from './errors.ts';
import { computeShotTimings } from './cut/cut-timing.ts';
import type { Cut } from './cut/cut-schema.ts';

/** Lower-case ASCII words joined by single hyphens: safe in a URL and readable aloud. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const SlugSchema = z.string().min(3).max(80).regex(SLUG_PATTERN);

/** The random part of the public folder's name: 128 bits, base64url. */
export const PUBLIC_TOKEN_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** A chapter of the watch page: a title card or the start of a theme, at a programme frame. */
export const ChapterSchema = z.object({ title: z.string().min(1).max(300), frame: z.int().nonnegative() });
export type Chapter = z.infer<typeof ChapterSchema>;

/** A file of the public folder, by its name there (`hls/720p/seg-00003.ts`, `captions/vi.vtt`). */
const PublicNameSchema = z.string().regex(/^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/);

export const PublicationSchema = z.object({
  slug: SlugSchema,
  projectId: z.string(),
  cutId: z.string(),
  versionId: z.string(),
  versionNumber: z.int().positive(),
  /** The stream render whose ladder is served. */
  renderId: z.string(),
  title: z.string().min(1).max(200),
  description: z.string().max(2000),
  durationFrames: z.int().positive(),
  /** Names the public folder `public/<token>/`; a new one on every publication. */
  token: z.string().regex(PUBLIC_TOKEN_PATTERN),
  media: z.object({
    /** The HLS master playlist. */
    hls: PublicNameSchema,
    captions: z.array(z.object({ lang: z.string(), label: z.string(), name: PublicNameSchema })),
    poster: PublicNameSchema.nullable(),
    /** The web MP4 offered for download, or null. */
    download: z.object({ name: PublicNameSchema, sizeBytes: z.int().nonnegative() }).nullable(),
    width: z.int().positive(),
    height: z.int().positive(),
  }),
  chapters: z.array(ChapterSchema),
  publishedAt: z.string(),
  publishedBy: ActorSchema,
  /** Set when withdrawn: the page and its media answer 404 from then on. */
  withdrawnAt: z.string().nullable(),
  revision: z.int().nonnegative(),
});
export type Publication = z.infer<typeof PublicationSchema>;

/** What an admin asks for when publishing (the API's body; the CLI's flags). */
export const PublishRequestSchema = z.object({
  slug: SlugSchema.optional(),
  title: z.string().normalize('NFC').trim().min(1).max(200).optional(),
  description: z.string().normalize('NFC').trim().max(2000).optional(),
  /** Offer the web MP4 for download (needs a finished web render). */
  download: z.boolean().optional(),
});
export type PublishRequest = z.infer<typeof PublishRequestSchema>;

/** Base class of publication errors. */
export class PublicationError extends ReportageError {}

/**
 * A slug from a Vietnamese title: marks removed (đ → d), lower case, words joined by hyphens,
 * at most 80 characters cut at a word. "Đại hội Liên hiệp Hội lần thứ I" → "dai-hoi-lien-hiep-hoi-lan-thu-i".
 */
export function slugify({ text }: { text: string }): string {
  const plain = text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (plain.length <= 80) return plain;
  const cut = plain.slice(0, 81);
  return cut.slice(0, cut.lastIndexOf('-') > 0 ? cut.lastIndexOf('-') : 80).replace(/-+$/, '');
}

/**
 * The watch page's chapters: every title card (its text, and its second line after a dash), and
 * the start of each theme that no title card opens (`themeOf` gives an asset's theme). Frames are
 * where the shot is first seen alone (after a dissolve in).
 *
 * @example chaptersOf({ cut, themeOf: (assetId) => themes.get(assetId) ?? null })
 */
export function chaptersOf({ cut, themeOf }: { cut: Pick<Cut, 'shots'>; themeOf: (assetId: string) => string | null }): Chapter[] {
  const { shots } = computeShotTimings({ cut });
  const chapters: Chapter[] = [];
  let theme: string | null = null;
  // A title card opens the theme of the shot right after it: that shot is its chapter, not a new one.
  let afterTitle = false;
  cut.shots.forEach((shot, index) => {
    const timing = shots[index]!;
    const frame = timing.startFrame + timing.dissolveInFrames;
    if (shot.type === 'title') {
      chapters.push({ title: shot.subtitle ? `${shot.text} — ${shot.subtitle}` : shot.text, frame });
      afterTitle = true;
      return;
    }
    const shotTheme = themeOf(shot.assetId);
    const opensTheme = shotTheme !== null && shotTheme !== theme && !afterTitle;
    afterTitle = false;
    if (shotTheme === null) return;
    if (opensTheme) chapters.push({ title: shotTheme, frame });
    theme = shotTheme;
  });
  return chapters;
}
