import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect, createServer, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/reportage.js', import.meta.url));

/** A `reportage serve` child process on 127.0.0.1, for attacks over real HTTP whose memory is read from /proc. */
export interface ServeProcess {
  pid: number;
  port: number;
  baseUrl: string;
  dataDir: string;
  /** The server's resident memory now, in MiB (VmRSS of /proc/<pid>/status). */
  rssMb(): number;
  /** True while the process runs. */
  alive(): boolean;
  /** What the server wrote to stderr (its JSON log). */
  logs(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts `reportage serve` (`--no-worker` unless `worker`) with its own data folder and waits until
 * it has written `readyText` to stdout (by default: that it listens). The attack tests and the
 * browser tests (test/e2e/start-server.ts) both start their server here.
 */
export async function startServeProcess({
  env = {},
  worker = false,
  readyText = 'reportage is listening on',
}: {
  env?: Record<string, string>;
  worker?: boolean;
  readyText?: string;
} = {}): Promise<ServeProcess> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'reportage-serve-'));
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve', '--port', String(port), '--host', '127.0.0.1', ...(worker ? [] : ['--no-worker'])], {
    env: { ...process.env, REPORTAGE_DATA_DIR: dataDir, REPORTAGE_LOG_LEVEL: 'warn', REPORTAGE_WORKERS: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-200_000);
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`reportage serve did not listen in 60 s:\n${stdout}\n${stderr}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (stdout.includes(readyText)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`reportage serve exited with ${String(code)}:\n${stdout}\n${stderr}`));
    });
  });
  const pid = child.pid!;
  return {
    pid,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    dataDir,
    rssMb: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 'NaN') / 1024,
    alive: () => child.exitCode === null && child.signalCode === null,
    logs: () => stderr,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * One plain request over a fresh connection (no keep-alive pool), from `localAddress` (any
 * 127.x.y.z works on Linux loopback: tests use them as different client addresses).
 */
export async function send({
  port,
  method = 'GET',
  path: target,
  headers = {},
  body,
  localAddress = '127.0.0.1',
  timeoutMs = 10_000,
}: {
  port: number;
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  localAddress?: string;
  timeoutMs?: number;
}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path: target, headers, localAddress, agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${target}: no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** What a streamed attack body achieved: the answer (if any), how much the server took, how it ended. */
export interface FloodResult {
  status: number | null;
  bytesSent: number;
  closedByServer: boolean;
  ms: number;
}

/**
 * Sends a request whose body is `totalBytes` of zeros in chunks, chunked (no Content-Length) unless
 * `contentLength` is given, over a raw socket, and stops at the first of: the server answers or
 * closes, all bytes sent, or `timeLimitMs`. Waits for `drain` so what counts as sent is what the
 * socket took. Bounded by count and by time.
 */
export async function floodBody({
  port,
  method = 'POST',
  path: target,
  headers = {},
  totalBytes,
  chunkBytes = 64 * 1024,
  contentLength,
  localAddress = '127.0.0.1',
  timeLimitMs = 30_000,
}: {
  port: number;
  method?: string;
  path: string;
  headers?: Record<string, string>;
  totalBytes: number;
  chunkBytes?: number;
  contentLength?: number;
  localAddress?: string;
  timeLimitMs?: number;
}): Promise<FloodResult> {
  const started = Date.now();
  const socket = connect({ host: '127.0.0.1', port, localAddress });
  let response = '';
  let closed = false;
  socket.on('data', (chunk: Buffer) => {
    response += chunk.toString('latin1');
  });
  socket.on('error', () => undefined);
  socket.on('close', () => {
    closed = true;
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const head = [`${method} ${target} HTTP/1.1`, `Host: 127.0.0.1:${port}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  head.push(contentLength === undefined ? 'Transfer-Encoding: chunked' : `Content-Length: ${contentLength}`);
  socket.write(`${head.join('\r\n')}\r\n\r\n`);
  const zeros = Buffer.alloc(chunkBytes);
  const frame = contentLength === undefined ? Buffer.concat([Buffer.from(`${chunkBytes.toString(16)}\r\n`), zeros, Buffer.from('\r\n')]) : zeros;
  let bytesSent = 0;
  const answered = () => /^HTTP\/1\.1 \d{3}/.test(response);
  while (bytesSent < totalBytes && !closed && !answered() && Date.now() - started < timeLimitMs) {
    const ok = socket.write(frame);
    bytesSent += chunkBytes;
    if (!ok) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          socket.off('drain', done);
          socket.off('close', done);
          resolve();
        };
        const timer = setTimeout(done, 1000);
        socket.once('drain', done);
        socket.once('close', done);
      });
    }
  }
  // Give the answer a moment to arrive when the loop stopped for another reason, and the server a
  // moment to close the connection after answering (the answer and the close are separate events:
  // under load the close can come a little after the status line).
  for (let i = 0; i < 40 && !closed; i++) await new Promise((r) => setTimeout(r, 50));
  const closedByServer = closed;
  socket.destroy();
  const status = /^HTTP\/1\.1 (\d{3})/.exec(response)?.[1];
  return { status: status === undefined ? null : Number(status), bytesSent, closedByServer, ms: Date.now() - started };
}

/** Opens a raw connection and resolves once it is connected; `closedAfterMs` resolves when the server closes it. */
export async function openSocket({
  port,
  localAddress = '127.0.0.1',
}: {
  port: number;
  localAddress?: string;
}): Promise<{ socket: Socket; closed: Promise<number> }> {
  const socket = connect({ host: '127.0.0.1', port, localAddress });
  socket.on('error', () => undefined);
  socket.on('data', () => undefined);
  const opened = Date.now();
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now() - opened)));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return { socket, closed };
}
