/// <reference lib="dom" />
import type { PageBoot } from '../pages/layout.tsx';
import type { MessageKey } from '../i18n/vi.ts';

/** What the server put in the page (see pages/layout.tsx). */
export const boot: PageBoot = JSON.parse(document.getElementById('boot')?.textContent ?? '{}') as PageBoot;

/**
 * A message of the page's language with `{name}` placeholders filled in.
 *
 * @example t('review.version', { number: 2 }) // 'Phiên bản v2'
 */
export function t(key: MessageKey, values: Record<string, string | number> = {}): string {
  const text = boot.messages[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** A message whose key is built at run time (state names, kinds …); falls back to `fallback`. */
export function tDynamic(key: string, fallback: string): string {
  return (boot.messages as Record<string, string>)[key] ?? fallback;
}
