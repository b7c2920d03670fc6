import { Readable } from 'node:stream';
import type { Context } from 'hono';
import { ReportageError, attachmentDisposition } from '../domain/index.ts';
import type { BlobStore } from '../ports/index.ts';

/**
 * Answers a GET with a blob, honouring a single `Range: bytes=a-b` (also `a-` and `-n`): 206 with
 * `Content-Range`, or 416 when it lies past the end. Streams from the store, never buffering.
 * Returns the response and what was sent (for the download log).
 */
export async function streamBlob({
  c,
  blobs,
  key,
  contentType,
  sizeBytes,
  fileName,
  extraHeaders = {},
}: {
  c: Context;
  blobs: BlobStore;
  key: string;
  contentType: string;
  sizeBytes: number;
  fileName?: string;
  extraHeaders?: Record<string, string>;
}): Promise<{ response: Response; range: string | null; bytes: number }> {
  const headers: Record<string, string> = { 'Content-Type': contentType, 'Accept-Ranges': 'bytes', ...extraHeaders };
  if (fileName !== undefined) headers['Content-Disposition'] = attachmentDisposition({ fileName });
  const header = c.req.header('range');
  const range = header === undefined ? null : parseRange({ header, sizeBytes });
  if (range === 'unsatisfiable') throw rangeNotSatisfiable({ header: header!, sizeBytes });
  if (range === null) {
    const body = await blobs.read({ key });
    headers['Content-Length'] = String(sizeBytes);
    return { response: new Response(Readable.toWeb(body) as ReadableStream, { status: 200, headers }), range: null, bytes: sizeBytes };
  }
  const body = await blobs.read({ key, range: { start: range.start, end: range.end } });
  headers['Content-Length'] = String(range.end - range.start + 1);
  headers['Content-Range'] = `bytes ${range.start}-${range.end}/${sizeBytes}`;
  return {
    response: new Response(Readable.toWeb(body) as ReadableStream, { status: 206, headers }),
    range: `${range.start}-${range.end}`,
    bytes: range.end - range.start + 1,
  };
}

/** Files up to this size may pass through the app on every backend (QC pages, manifests, checksum lists, subtitles). */
export const SMALL_FILE_BYTES = 1024 * 1024;

/**
 * Answers a GET of a blob where its bytes are best served from. When the store hands out
 * browser download URLs (AWS: presigned S3 GETs) and the blob is not `small`, a 302 to one, made
 * to answer with `contentType` and the download name: S3 serves the bytes and their ranges, and
 * nothing passes through the app's function (a BUFFERED function URL answers at most 6 MB).
 * Otherwise (local backend; a small file, which keeps `extraHeaders` such as a page's CSP) the
 * blob is streamed by `streamBlob`, with ranges. Either way the result says what was asked for
 * (the download log records the range and bytes when the URL is issued).
 */
export async function answerBlob({
  c,
  blobs,
  key,
  contentType,
  sizeBytes,
  fileName,
  extraHeaders = {},
  small = false,
}: {
  c: Context;
  blobs: BlobStore;
  key: string;
  contentType: string;
  sizeBytes: number;
  fileName?: string;
  extraHeaders?: Record<string, string>;
  /** Always through the app (a page that needs its own headers, or a file of a few kB). */
  small?: boolean;
}): Promise<{ response: Response; range: string | null; bytes: number }> {
  const url =
    small || sizeBytes <= SMALL_FILE_BYTES ? null : await blobs.signedDownloadUrl({ key, contentType, ...(fileName === undefined ? {} : { fileName }) });
  if (url === null) return streamBlob({ c, blobs, key, contentType, sizeBytes, ...(fileName === undefined ? {} : { fileName }), extraHeaders });
  const header = c.req.header('range');
  const range = header === undefined ? null : parseRange({ header, sizeBytes });
  if (range === 'unsatisfiable') throw rangeNotSatisfiable({ header: header!, sizeBytes });
  // The URL lives minutes: the redirect itself is never cached. The browser sends its Range again to S3.
  const response = new Response(null, { status: 302, headers: { Location: url, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' } });
  if (range === null) return { response, range: null, bytes: sizeBytes };
  return { response, range: `${range.start}-${range.end}`, bytes: range.end - range.start + 1 };
}

/** One byte range of `bytes=…` (the first, when several are asked: browsers and download managers ask one). */
export function parseRange({ header, sizeBytes }: { header: string; sizeBytes: number }): { start: number; end: number } | 'unsatisfiable' | null {
  const match = /^bytes=(\d*)-(\d*)(?:,.*)?$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, sizeBytes - suffix), end: sizeBytes - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? sizeBytes - 1 : Math.min(Number(match[2]), sizeBytes - 1);
  if (start >= sizeBytes || end < start) return 'unsatisfiable';
  return { start, end };
}

function rangeNotSatisfiable({ header, sizeBytes }: { header: string; sizeBytes: number }): ReportageError {
  return new ReportageError({
    code: 'RANGE_NOT_SATISFIABLE',
    message: `The requested range "${header}" is outside the file (${sizeBytes} bytes).`,
    messageVi: 'Khoảng dữ liệu yêu cầu nằm ngoài tệp.',
    details: { sizeBytes },
  });
}
