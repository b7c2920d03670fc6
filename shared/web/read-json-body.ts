import { ReportageError } from '../domain/index.ts';

/** JSON bodies above this are refused as they stream (a long cut with every subtitle is well under it). */
export const MAX_JSON_BYTES = 4 * 1024 * 1024;

/** Arrays and objects nested deeper than this are refused before parsing: no schema of ours goes past ten. */
export const MAX_JSON_DEPTH = 64;

/** 413 `BODY_TOO_LARGE`: the answer as soon as a body passes its route's limit, before more is read. */
export function bodyTooLarge({ maxBytes }: { maxBytes: number }): ReportageError {
  return new ReportageError({
    code: 'BODY_TOO_LARGE',
    message: `The request body is larger than ${maxBytes} bytes, the most this address accepts. Send less at once (a long cut: save it in parts), or reload the page if it sent this by itself.`,
    messageVi: 'Dữ liệu gửi lên quá lớn. Hãy gửi ít hơn mỗi lần, hoặc tải lại trang nếu trang tự gửi dữ liệu này.',
    details: { maxBytes },
  });
}

function invalidJson(reason: string): ReportageError {
  return new ReportageError({
    code: 'INVALID_JSON',
    message: `The request body is not valid JSON (${reason}). Send UTF-8 JSON; from the pages, reload and try again.`,
    messageVi: 'Dữ liệu gửi lên không đúng định dạng JSON. Hãy tải lại trang rồi thử lại.',
  });
}

/**
 * Reads a JSON request body, counting bytes as they arrive, chunked or not: past `maxBytes` it
 * stops reading and throws 413 `BODY_TOO_LARGE`, so a body without a Content-Length is never
 * held whole first. An empty body reads as `{}`. Nesting deeper than `maxDepth` is refused
 * (400 `INVALID_JSON`) before `JSON.parse`, so later recursive code cannot overflow the stack.
 *
 * @example const value = await readJsonBody({ request: c.req.raw, maxBytes: 16 * 1024 });
 */
export async function readJsonBody({
  request,
  maxBytes = MAX_JSON_BYTES,
  maxDepth = MAX_JSON_DEPTH,
}: {
  request: Request;
  maxBytes?: number;
  maxDepth?: number;
}): Promise<unknown> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) throw bodyTooLarge({ maxBytes });
  const bytes = await readLimited({ body: request.body, maxBytes });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw invalidJson('it is not UTF-8 text');
  }
  if (text.trim() === '') return {};
  if (jsonDepth(text) > maxDepth) throw invalidJson(`arrays and objects nest deeper than ${maxDepth} levels`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalidJson('it does not parse');
  }
}

async function readLimited({ body, maxBytes }: { body: ReadableStream<Uint8Array> | null; maxBytes: number }): Promise<Uint8Array> {
  if (body === null) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw bodyTooLarge({ maxBytes });
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

/** The deepest nesting of arrays and objects in JSON text (brackets inside strings do not count). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c)
        i += 1; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) {
      inString = true;
    } else if (ch === 0x5b || ch === 0x7b) {
      depth += 1;
      if (depth > deepest) deepest = depth;
    } else if (ch === 0x5d || ch === 0x7d) {
      depth -= 1;
    }
  }
  return deepest;
}
