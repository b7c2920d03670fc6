import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a function answered to one invocation (its response body, or the error it reported). */
export type InvocationOutcome =
  | { kind: 'response'; requestId: string; body: unknown }
  | { kind: 'error'; requestId: string; body: unknown; errorType: string | undefined };

export interface RuntimeApi {
  /** `127.0.0.1:<port>`: the value of `AWS_LAMBDA_RUNTIME_API`. */
  address: string;
  /** Hands `event` to the runtime's next `GET …/invocation/next`; resolves with what it answered. */
  invoke(event: unknown, { timeoutMs }: { timeoutMs: number }): Promise<InvocationOutcome>;
  /** The error the runtime reported at start-up (`POST …/init/error`), if any. */
  readonly initError: unknown;
  /** Answers nothing more; pending `next` requests are dropped. */
  close(): Promise<void>;
}

const PREFIX = '/2018-06-01/runtime';

/**
 * A minimal Lambda Runtime API (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html)
 * on 127.0.0.1, for running a function's own runtime interface client as Lambda would: `next`
 * long-polls until the test invokes, with the headers Lambda sends (request id, deadline, function
 * ARN, trace id); `response`, `error` and `init/error` are recorded and answered 202.
 *
 * @example
 * const api = await serveRuntimeApi({ functionArn });
 * // start the runtime with AWS_LAMBDA_RUNTIME_API=api.address, then:
 * const outcome = await api.invoke(event, { timeoutMs: 60_000 });
 */
export async function serveRuntimeApi({ functionArn, deadlineMs = 900_000 }: { functionArn: string; deadlineMs?: number }): Promise<RuntimeApi> {
  const waiting: ServerResponse[] = [];
  const queued: { requestId: string; event: unknown }[] = [];
  const settle = new Map<string, (outcome: InvocationOutcome) => void>();
  let initError: unknown;

  const deliver = () => {
    while (waiting.length > 0 && queued.length > 0) {
      const res = waiting.shift()!;
      const { requestId, event } = queued.shift()!;
      res.writeHead(200, {
        'content-type': 'application/json',
        'lambda-runtime-aws-request-id': requestId,
        'lambda-runtime-deadline-ms': String(Date.now() + deadlineMs),
        'lambda-runtime-invoked-function-arn': functionArn,
        'lambda-runtime-trace-id': `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomUUID().replace(/-/g, '').slice(0, 24)};Parent=${randomUUID().replace(/-/g, '').slice(0, 16)};Sampled=0`,
      });
      res.end(JSON.stringify(event));
    }
  };

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '';
    const body = await readBody(req);
    if (req.method === 'GET' && url === `${PREFIX}/invocation/next`) {
      waiting.push(res);
      deliver();
      return;
    }
    const done = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/.exec(url);
    if (req.method === 'POST' && done) {
      const [, requestId = '', kind] = done;
      const resolve = settle.get(requestId);
      settle.delete(requestId);
      const parsed = parseJson(body);
      resolve?.(
        kind === 'response'
          ? { kind: 'response', requestId, body: parsed }
          : { kind: 'error', requestId, body: parsed, errorType: header(req, 'lambda-runtime-function-error-type') },
      );
      res.writeHead(resolve ? 202 : 400, { 'content-type': 'application/json' }).end(resolve ? '{"status":"OK"}' : '{"errorType":"InvalidRequestID"}');
      return;
    }
    if (req.method === 'POST' && url === `${PREFIX}/init/error`) {
      initError = parseJson(body) ?? body;
      for (const resolve of settle.values())
        resolve({ kind: 'error', requestId: 'init', body: initError, errorType: header(req, 'lambda-runtime-function-error-type') });
      settle.clear();
      res.writeHead(202, { 'content-type': 'application/json' }).end('{"status":"OK"}');
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    address: `127.0.0.1:${port}`,
    get initError() {
      return initError;
    },
    invoke(event, { timeoutMs }) {
      const requestId = randomUUID();
      return new Promise<InvocationOutcome>((resolve, reject) => {
        const timer = setTimeout(() => {
          settle.delete(requestId);
          reject(new Error(`the runtime did not answer invocation ${requestId} within ${timeoutMs} ms`));
        }, timeoutMs);
        settle.set(requestId, (outcome) => {
          clearTimeout(timer);
          resolve(outcome);
        });
        queued.push({ requestId, event });
        deliver();
      });
    },
    async close() {
      for (const res of waiting.splice(0)) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text.length > 0 ? text : undefined;
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
