/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * A tiny DOM builder for the page scripts: `h('button', { class: 'ok', onclick }, 'Duyệt')`.
 * Text children are set as text (never parsed as HTML), so names from uploads cannot inject markup.
 */
export type Child = Node | string | number | null | undefined | false | Child[];
export type Attrs = Record<string, unknown>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value as EventListener);
    } else if (name === 'dataset' && typeof value === 'object') {
      for (const [key, item] of Object.entries(value as Record<string, string>)) element.dataset[key] = item;
    } else if (name === 'value' && (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement)) {
      element.value = String(value);
    } else if (name === 'checked' && element instanceof HTMLInputElement) {
      element.checked = Boolean(value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

/** Appends children (nested arrays flattened, empty ones skipped). */
export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** A function that runs `work` at the next animation frame, once however often it is called before then. */
export function oncePerFrame(work: () => void): () => void {
  let pending = false;
  return () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      work();
    });
  };
}

/** Replaces the content of `parent`. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** A <select> of options `[value, label]`. */
export function select(attrs: Attrs, options: [string, string][], selected?: string | null): HTMLSelectElement {
  const element = h('select', attrs, ...options.map(([value, label]) => h('option', { value, selected: value === (selected ?? '') }, label)));
  if (selected !== undefined && selected !== null) element.value = selected;
  return element;
}

/** Bytes as "1,5 MB" (Vietnamese uses a decimal comma). */
export function formatBytes({ bytes, lang }: { bytes: number; lang: string }): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toLocaleString(lang === 'en' ? 'en-GB' : 'vi-VN', { maximumFractionDigits: unit === 0 ? 0 : 1 })} ${units[unit]}`;
}

/** A date-time in the page's language, e.g. "29/11/2026, 14:05". */
export function formatDateTime({ iso, lang }: { iso: string; lang: string }): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(lang === 'en' ? 'en-GB' : 'vi-VN', { dateStyle: 'short', timeStyle: 'short' });
}
