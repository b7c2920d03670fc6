/**
 * Text rules: every string that reaches the domain is Unicode NFC. A file name is display text,
 * never a path: it is normalised, stripped of control characters and of any directory part.
 */
export function nfc(text: string): string {
  return text.normalize('NFC');
}

/** Control characters (C0 and DEL): never part of a name shown to people. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it matches.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

/**
 * Makes an uploaded file name safe to show (and only to show).
 *
 * @example toDisplayName('C:\\Users\\me\\Phỏng vấn.mp4') // 'Phỏng vấn.mp4'
 */
export function toDisplayName(name: string): string {
  const lastPart = name.split(/[\\/]/).pop() ?? '';
  const clean = nfc(lastPart).replace(CONTROL_CHARACTERS, '').trim();
  return clean.length > 0 ? clean.slice(0, 255) : 'untitled';
}

/**
 * `Content-Disposition` of a download named `fileName` (display text, never a path): an ASCII
 * fallback in `filename` (anything else becomes `_`), the exact name in RFC 5987's `filename*`.
 *
 * @example attachmentDisposition({ fileName: 'Phóng sự.mp4' }) // attachment; filename="Ph_ng_s_.mp4"; filename*=UTF-8''Ph%C3%B3ng%20s%E1%BB%B1.mp4
 */
export function attachmentDisposition({ fileName }: { fileName: string }): string {
  return `attachment; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
