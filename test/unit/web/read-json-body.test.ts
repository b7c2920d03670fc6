import { describe, expect, it } from 'vitest';
import { ReportageError } from '../../../shared/domain/index.ts';
import { jsonDepth, readJsonBody } from '../../../shared/web/read-json-body.ts';

/** A body of `chunks` chunks of `size` bytes, made on demand; `pulled()` says how many were taken. */
function streamOf({ chunks, size, byte = 0x20 }: { chunks: number; size: number; byte?: number }) {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === chunks) return controller.close();
      pulled += 1;
      controller.enqueue(new Uint8Array(size).fill(byte));
    },
  });
  return { body, pulled: () => pulled };
}

const requestWith = (body: BodyInit | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
  new Request('http://localhost/api/x', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);

const codeOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  return error instanceof ReportageError ? error.code : String(error);
};

describe('readJsonBody', () => {
  it('parses a small body and reads an empty one as {}', async () => {
    expect(await readJsonBody({ request: requestWith('{"token":"abc"}') })).toEqual({ token: 'abc' });
    expect(await readJsonBody({ request: requestWith('') })).toEqual({});
  });

  it('stops reading a body without Content-Length at the limit, not at its end', async () => {
    const { body, pulled } = streamOf({ chunks: 10_000, size: 64 * 1024 }); // 640 MB offered
    expect(await codeOf(readJsonBody({ request: requestWith(body), maxBytes: 4 * 1024 * 1024 }))).toBe('BODY_TOO_LARGE');
    expect(pulled()).toBeLessThan(80);
  });

  it('refuses a declared Content-Length over the limit without reading', async () => {
    const { body, pulled } = streamOf({ chunks: 10, size: 1024 });
    expect(await codeOf(readJsonBody({ request: requestWith(body, { 'content-length': '999999999' }), maxBytes: 4096 }))).toBe('BODY_TOO_LARGE');
    expect(pulled()).toBeLessThanOrEqual(1);
  });

  it('refuses nesting past the depth bound before parsing, and text that is not UTF-8', async () => {
    expect(await codeOf(readJsonBody({ request: requestWith(`${'['.repeat(65)}${']'.repeat(65)}`) }))).toBe('INVALID_JSON');
    expect(await readJsonBody({ request: requestWith(`${'['.repeat(64)}${']'.repeat(64)}`) })).toBeInstanceOf(Array);
    expect(await codeOf(readJsonBody({ request: requestWith(new Uint8Array([0x7b, 0xff, 0x7d])) }))).toBe('INVALID_JSON');
    expect(await codeOf(readJsonBody({ request: requestWith('{"a":') }))).toBe('INVALID_JSON');
  });
});

describe('jsonDepth', () => {
  it('counts arrays and objects, not brackets inside strings or escaped quotes', () => {
    expect(jsonDepth('{"a":[1,{"b":2}]}')).toBe(3);
    expect(jsonDepth('{"a":"[[[[{{{{"}')).toBe(1);
    expect(jsonDepth('{"a":"\\"[[[["}')).toBe(1);
    expect(jsonDepth('42')).toBe(0);
  });
});
