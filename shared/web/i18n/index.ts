import { en } from './en.ts';
import { vi, type MessageKey } from './vi.ts';

export type { MessageKey } from './vi.ts';
export { en } from './en.ts';
export { vi } from './vi.ts';

/** The languages of the pages: Vietnamese first. */
export const LANGS = ['vi', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** The cookie that remembers the language chosen with `?lang=`. */
export const LANG_COOKIE = 'reportage_lang';

/** The catalog of a language. */
export function catalogFor({ lang }: { lang: Lang }): Readonly<Record<MessageKey, string>> {
  return lang === 'en' ? en : vi;
}

/**
 * The language of a request: `?lang=` first, then the cookie, else Vietnamese (the product's
 * users read Vietnamese first, whatever their browser says).
 */
export function pickLang({ query, cookie }: { query?: string | undefined; cookie?: string | undefined }): Lang {
  if (query === 'en' || query === 'vi') return query;
  if (cookie === 'en' || cookie === 'vi') return cookie;
  return 'vi';
}

/**
 * A message in the language, with `{name}` placeholders filled in.
 *
 * @example translate({ lang: 'vi', key: 'review.version', values: { number: 2 } }) // 'Phiên bản v2'
 */
export function translate({ lang, key, values = {} }: { lang: Lang; key: MessageKey; values?: Record<string, string | number> }): string {
  return fillPlaceholders({ text: catalogFor({ lang })[key], values });
}

/** Replaces `{name}` with `values.name` (unknown names stay as written, so a slip is visible). */
export function fillPlaceholders({ text, values }: { text: string; values: Record<string, string | number> }): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
