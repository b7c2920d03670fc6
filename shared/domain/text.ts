/**
 * Text rules: every string that reaches the domain is Unicode NFC. A file name is display text,
 * never a path: it is normalised, stripped of control characters and of any directory part.
 */
export function nfc(text: string): string {
  return text.normalize('NFC');
}

/**
 * Makes an uploaded file name safe to show (and only to show).
 *
 * @example toDisplayName('C:\\Users\\me\\Phỏng vấn.mp4') // 'Phỏng vấn.mp4'
 */
export function toDisplayName(name: string): string {
  const lastPart = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = nfc(lastPart).replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return clean.length > 0 ? clean.slice(0, 255) : 'untitled';
}
