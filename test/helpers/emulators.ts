import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { buildApp } from 'fauxqs';
import { startSecretsManagerEmulator, type SecretsManagerEmulator } from './secrets-manager-emulator.ts';

/** Credentials the emulators accept (they check the signature's shape, not the secret). */
export const EMULATOR_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const;
export const EMULATOR_REGION = 'us-east-1';

/**
 * The largest request body the S3 emulator takes by default: what one S3 PutObject may carry
 * (5 GiB; fauxqs keeps each body in memory, in one Buffer, which Node 22 and later hold at that
 * size). fauxqs's own limit, 11 MiB (its web framework's `bodyLimit`), turns every real clip into a 413.
 */
export const EMULATOR_S3_BODY_LIMIT_BYTES = 5 * 1024 ** 3;

export interface Emulators {
  /** fauxqs: S3 (path-style) and SQS on one port, `http://127.0.0.1:<port>`. */
  s3Endpoint: string;
  sqsEndpoint: string;
  /** dynalite: `http://127.0.0.1:<port>`. */
  dynamodbEndpoint: string;
  /** Our Secrets Manager emulator (test/helpers/secrets-manager-emulator.ts): `http://127.0.0.1:<port>`. */
  secretsManagerEndpoint: string;
  /** The same, to give it the rotation function or deny an operation. */
  secretsManager: SecretsManagerEmulator;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Stops the servers; safe to call twice. */
  close(): Promise<void>;
}

/**
 * Starts the S3/SQS emulator (fauxqs 2), the DynamoDB emulator (dynalite) and the Secrets
 * Manager emulator (ours: none is on npm) on 127.0.0.1, on random ports unless given. fauxqs's own `startFauxqs` and its bin bind 0.0.0.0, so its app builder is used
 * and we listen on loopback ourselves.
 *
 * @example
 * let emulators: Emulators;
 * beforeAll(async () => { emulators = await startEmulators(); });
 * afterAll(async () => emulators.close());
 */
export async function startEmulators({
  fauxqsPort = 0,
  dynamodbPort = 0,
  secretsManagerPort = 0,
  s3BodyLimitBytes = EMULATOR_S3_BODY_LIMIT_BYTES,
}: {
  fauxqsPort?: number;
  dynamodbPort?: number;
  secretsManagerPort?: number;
  /** Largest S3 request body (PutObject, UploadPart) the emulator takes; above it, it answers 413 in JSON, as fauxqs does. */
  s3BodyLimitBytes?: number;
} = {}): Promise<Emulators> {
  const fauxqs = buildApp({ logger: false, defaultRegion: EMULATOR_REGION });
  raiseS3BodyLimit(fauxqs, s3BodyLimitBytes);
  addListParts(fauxqs);
  const fauxqsAddress = await fauxqs.listen({ port: fauxqsPort, host: '127.0.0.1' });
  let dynamo: Server;
  try {
    dynamo = await startDynalite({ port: dynamodbPort });
  } catch (error) {
    await fauxqs.close();
    throw error;
  }
  const dynamoPort = (dynamo.address() as AddressInfo).port;
  let secretsManager: SecretsManagerEmulator;
  try {
    secretsManager = await startSecretsManagerEmulator({ port: secretsManagerPort, region: EMULATOR_REGION });
  } catch (error) {
    await Promise.all([fauxqs.close(), new Promise<void>((resolve) => dynamo.close(() => resolve()))]);
    throw error;
  }
  const endpoint = new URL(fauxqsAddress).origin.replace('localhost', '127.0.0.1');
  let closed = false;
  return {
    s3Endpoint: endpoint,
    sqsEndpoint: endpoint,
    dynamodbEndpoint: `http://127.0.0.1:${dynamoPort}`,
    secretsManagerEndpoint: secretsManager.endpoint,
    secretsManager,
    region: EMULATOR_REGION,
    credentials: { ...EMULATOR_CREDENTIALS },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([fauxqs.close(), new Promise<void>((resolve) => dynamo.close(() => resolve())), secretsManager.close()]);
    },
  };
}

/**
 * fauxqs 2 creates its Fastify app with `bodyLimit: 11 MiB` and has no option to change it; its
 * S3 routes read bodies with a catch-all buffer parser that inherits that limit. Fastify asks
 * exact content-type parsers first (SQS's `application/x-amz-json-1.0`, SNS's form encoding:
 * untouched), then RegExp parsers, then the catch-all: a RegExp parser matching every content
 * type, same behaviour (the raw Buffer) but its own `bodyLimit`, takes over the S3 bodies.
 */
function raiseS3BodyLimit(app: ReturnType<typeof buildApp>, bodyLimit: number): void {
  app.addContentTypeParser(/^/, { parseAs: 'buffer', bodyLimit }, (_request, body, done) => done(null, body));
}

interface TrackedPart {
  partNumber: number;
  etag: string;
  sizeBytes: number;
  at: string;
}

/**
 * fauxqs 2 implements S3 multipart uploads but not `ListParts` (GET `/<bucket>/<key>?uploadId=`,
 * which a browser uses to resume). This adds that one operation in front of the emulator: hooks
 * note each upload started and each part stored (from fauxqs's own answers: UploadId, ETag), forget
 * uploads completed or aborted, and answer `ListParts` as S3 does (`NoSuchUpload` when unknown).
 * Everything else is fauxqs unchanged.
 */
function addListParts(app: ReturnType<typeof buildApp>): void {
  const uploads = new Map<string, Map<number, TrackedPart>>();
  const queryOf = (url: string) => new URL(url, 'http://emulator').searchParams;

  app.addHook('onRequest', async (request, reply) => {
    const query = queryOf(request.url);
    const uploadId = query.get('uploadId');
    if (request.method !== 'GET' || uploadId === null || query.has('partNumber')) return;
    const [bucket = '', ...keyParts] = new URL(request.url, 'http://emulator').pathname.slice(1).split('/');
    const key = decodeURIComponent(keyParts.join('/'));
    const parts = uploads.get(uploadId);
    reply.header('content-type', 'application/xml');
    if (parts === undefined) {
      return reply
        .code(404)
        .send(
          `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchUpload</Code><Message>The specified multipart upload does not exist.</Message><UploadId>${escapeXml(uploadId)}</UploadId></Error>`,
        );
    }
    const sorted = [...parts.values()].sort((a, b) => a.partNumber - b.partNumber);
    const items = sorted
      .map(
        (p) =>
          `<Part><PartNumber>${p.partNumber}</PartNumber><LastModified>${p.at}</LastModified><ETag>${escapeXml(p.etag)}</ETag><Size>${p.sizeBytes}</Size></Part>`,
      )
      .join('');
    return reply
      .code(200)
      .send(
        `<?xml version="1.0" encoding="UTF-8"?><ListPartsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Bucket>${escapeXml(bucket)}</Bucket><Key>${escapeXml(key)}</Key><UploadId>${escapeXml(uploadId)}</UploadId><PartNumberMarker>0</PartNumberMarker><NextPartNumberMarker>${sorted.at(-1)?.partNumber ?? 0}</NextPartNumberMarker><MaxParts>1000</MaxParts><IsTruncated>false</IsTruncated>${items}</ListPartsResult>`,
      );
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode >= 300) return payload;
    const query = queryOf(request.url);
    const uploadId = query.get('uploadId');
    if (request.method === 'POST' && query.has('uploads') && typeof payload === 'string') {
      const started = /<UploadId>([^<]+)<\/UploadId>/.exec(payload)?.[1];
      if (started !== undefined) uploads.set(started, new Map());
    } else if (uploadId !== null && request.method === 'PUT' && query.has('partNumber')) {
      const partNumber = Number(query.get('partNumber'));
      const body = request.body;
      uploads.get(uploadId)?.set(partNumber, {
        partNumber,
        etag: String(reply.getHeader('etag') ?? ''),
        sizeBytes: Buffer.isBuffer(body) ? body.length : Number(request.headers['content-length'] ?? 0),
        at: new Date().toISOString(),
      });
    } else if (uploadId !== null && (request.method === 'DELETE' || request.method === 'POST')) {
      uploads.delete(uploadId);
    }
    return payload;
  });
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

async function startDynalite({ port }: { port: number }): Promise<Server> {
  // dynalite is CommonJS without types: `require` it and type the server it returns.
  const require = createRequire(import.meta.url);
  const dynalite = require('dynalite') as (options: { createTableMs: number; deleteTableMs: number; updateTableMs: number }) => Server;
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return server;
}
