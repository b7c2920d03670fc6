import type { S3Client } from '@aws-sdk/client-s3';

/** Characters of a foreign error body kept in the message (enough for an emulator's or a proxy's JSON). */
const BODY_EXCERPT_CHARS = 300;

/**
 * An AWS endpoint answered an HTTP error whose body is not the service's error document (for S3,
 * not XML): something else answered (an emulator's own web framework, a proxy, a load balancer,
 * a wrong endpoint). Without this, the SDK fails to parse the body and reports "XML parse error",
 * hiding the status and the text.
 * `$metadata.httpStatusCode` is set as on any SDK error, so retry rules (5xx, 429) still apply.
 */
export class ForeignErrorResponse extends Error {
  override readonly name = 'ForeignErrorResponse';
  readonly $metadata: { httpStatusCode: number };
  readonly $fault: 'client' | 'server';

  constructor({ service, status, contentType, body }: { service: string; status: number; contentType: string; body: string }) {
    const excerpt = body.length > BODY_EXCERPT_CHARS ? `${body.slice(0, BODY_EXCERPT_CHARS)}…` : body;
    super(
      `${service} answered HTTP ${status} with ${contentType || 'no content type'} instead of a ${service} error document: ${excerpt || '(empty body)'}. ` +
        `Something other than ${service} answered: an emulator's own limit (fauxqs's request body limit answers 413), a proxy or a wrong endpoint (REPORTAGE_${service.toUpperCase()}_ENDPOINT).`,
    );
    this.$metadata = { httpStatusCode: status };
    this.$fault = status >= 500 ? 'server' : 'client';
  }
}

/**
 * A deserialize-step middleware, inside the SDK's deserializer: an error response whose content
 * type cannot be the service's (for S3, anything but XML: JSON, HTML, plain text) is read (its
 * first bytes) and thrown as a `ForeignErrorResponse` naming the status and the text, instead of
 * reaching the parser. The service's own errors and successes pass through untouched.
 */
export function addForeignErrorMiddleware({
  client,
  service,
  foreign = /json|html|text\/plain/i,
}: {
  client: { middlewareStack: unknown };
  service: string;
  /** Content types that cannot be the service's own error document (S3's is XML; SQS's and DynamoDB's JSON). */
  foreign?: RegExp;
}): void {
  (client.middlewareStack as S3Client['middlewareStack']).add(
    (next) => async (args) => {
      const result = await next(args);
      const response = result.response as { statusCode?: number; headers?: Record<string, string>; body?: unknown };
      const status = response.statusCode ?? 0;
      const contentType = response.headers?.['content-type'] ?? response.headers?.['Content-Type'] ?? '';
      if (status < 300 || !foreign.test(contentType)) return result;
      throw new ForeignErrorResponse({ service, status, contentType, body: await readExcerpt(response.body) });
    },
    { step: 'deserialize', priority: 'low', name: 'foreignErrorMiddleware', override: true },
  );
}

async function readExcerpt(body: unknown): Promise<string> {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  if (typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function') return '';
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of body as AsyncIterable<Buffer | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk);
    chunks.push(bytes);
    length += bytes.length;
    if (length > 4 * BODY_EXCERPT_CHARS) break;
  }
  return Buffer.concat(chunks).toString('utf8').trim();
}
