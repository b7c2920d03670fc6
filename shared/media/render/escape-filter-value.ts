/**
 * Makes any string safe as one option value inside an ffmpeg filter graph (`-filter_complex`):
 * a font path, a text file, an ASS file, a timecode. Two levels of escaping, as the filter-graph
 * documentation describes: first for the option parser (`\`, `'` and `:` get a backslash), then
 * for the graph parser (`\`, `'`, `[`, `]`, `,` and `;` get a backslash).
 *
 * @example escapeFilterValue({ value: "/tmp/a b/it's:1.ttf" }) // the text  /tmp/a b/it\\\'s\\:1.ttf
 */
export function escapeFilterValue({ value }: { value: string }): string {
  const forOption = value.replace(/[\\':]/g, (c) => `\\${c}`);
  return forOption.replace(/[\\'[\],;]/g, (c) => `\\${c}`);
}
