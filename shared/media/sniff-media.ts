export type PlaylistFormat = 'hls' | 'm3u' | 'pls' | 'ffconcat' | 'xspf' | 'asx' | 'smil' | 'dash' | 'f4m' | 'ism' | 'sdp';

export type SniffResult = { kind: 'playlist'; format: PlaylistFormat } | { kind: 'subtitle'; format: 'srt' | 'webvtt' } | { kind: 'binary-or-unknown' };

/**
 * Looks at the first bytes of an upload (ingest passes 64 KiB) for what must never reach ffmpeg
 * as media: playlists and reference files of any kind (HLS/M3U, PLS, ffconcat, XSPF, ASX, SMIL,
 * DASH, HDS, Smooth Streaming, SDP), which make a demuxer open the files or URLs they name; and
 * text subtitles (SRT, WebVTT), which ingest handles as subtitles. UTF-8 and UTF-16 byte-order
 * marks are understood. Anything else, including plain text, is `binary-or-unknown`: ffprobe
 * decides (and says `NOT_MEDIA`). QuickTime reference movies are not caught here: the mov demuxer
 * leaves external data references off (`enable_drefs=0`).
 *
 * @example sniffMedia({ head: Buffer.from('#EXTM3U\n#EXTINF:10,\n/etc/hostname\n') }) // { kind: 'playlist', format: 'hls' }
 */
export function sniffMedia({ head }: { head: Uint8Array }): SniffResult {
  const text = decodeHead(head);
  if (text === null) return { kind: 'binary-or-unknown' };
  // biome-ignore lint/suspicious/noControlCharactersInRegex: leading NULs (UTF-16 text read as bytes) are skipped on purpose.
  const start = text.replace(/^[\s\u0000]+/, '');
  const lower = start.slice(0, 4096).toLowerCase();

  if (/^#extm3u/.test(lower)) return { kind: 'playlist', format: /#ext-x-/i.test(start) ? 'hls' : 'm3u' };
  const early = start.slice(0, 16384).toLowerCase();
  if (/^#ext-x-/m.test(early)) return { kind: 'playlist', format: 'hls' };
  if (/^#extinf/m.test(early)) return { kind: 'playlist', format: 'm3u' };
  if (/^\[playlist\]/.test(lower)) return { kind: 'playlist', format: 'pls' };
  if (/^ffconcat\s+version/.test(lower)) return { kind: 'playlist', format: 'ffconcat' };
  if (/^v=0\r?\n/.test(lower) && /^(c=in\s+ip|m=(audio|video))/m.test(lower)) return { kind: 'playlist', format: 'sdp' };
  if (lower.startsWith('<')) {
    const xml = firstElement(lower);
    if (xml === 'mpd') return { kind: 'playlist', format: 'dash' };
    if (xml === 'asx') return { kind: 'playlist', format: 'asx' };
    if (xml === 'smil') return { kind: 'playlist', format: 'smil' };
    if (xml === 'playlist') return { kind: 'playlist', format: 'xspf' };
    if (xml === 'manifest' && lower.includes('ns.adobe.com/f4m')) return { kind: 'playlist', format: 'f4m' };
    if (xml === 'smoothstreamingmedia') return { kind: 'playlist', format: 'ism' };
  }

  if (/^WEBVTT(?:[ \t]|\r?\n|$)/.test(start)) return { kind: 'subtitle', format: 'webvtt' };
  if (/^\d{1,6}[ \t]*\r?\n[ \t]*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}[ \t]*-->/.test(start)) return { kind: 'subtitle', format: 'srt' };
  return { kind: 'binary-or-unknown' };
}

/**
 * The head as text, or null when it is clearly binary. A byte-order mark decides the encoding;
 * without one, bytes are read as Latin-1, which keeps every ASCII marker (and UTF-8 text) intact.
 */
function decodeHead(head: Uint8Array): string | null {
  const bytes = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return textOrNull(bytes.subarray(3).toString('latin1'));
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return textOrNull(new TextDecoder('utf-16le').decode(bytes.subarray(2)));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return textOrNull(new TextDecoder('utf-16be').decode(bytes.subarray(2)));
  return textOrNull(bytes.toString('latin1'));
}

/** Text has no NUL and almost no other control characters in its first kilobytes. */
function textOrNull(text: string): string | null {
  const sample = text.slice(0, 8192);
  if (sample.length === 0) return null;
  let controls = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if (code === 0) return null;
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c) controls++;
  }
  return controls / sample.length < 0.01 ? text : null;
}

/** The name of the first element of an XML document, past the declaration, comments and doctype. */
function firstElement(xml: string): string | null {
  const body = xml.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<![a-z][^>]*>/g, '').trimStart();
  const match = /^<([a-z][\w.-]*:)?([a-z][\w.-]*)/.exec(body);
  return match?.[2] ?? null;
}
