import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const BIN = fileURLToPath(new URL('../../bin/reportage.js', import.meta.url));
const execFileAsync = promisify(execFile);

/** A `reportage serve` child process on 127.0.0.1 with its own data folder. */
export interface RunningServer {
  baseUrl: string;
  /** An admin sign-in link made by `reportage admin-token` (serve prints none when stdout is not a terminal). */
  adminLink: string;
  dataDir: string;
  /** Everything the server wrote to stderr (shown when a test fails). */
  logs(): string;
  stop(): Promise<void>;
}

/** A port nobody listens on right now (the OS picks it). */
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

/** Starts `reportage serve`, waits until it listens, then makes an admin sign-in link with `reportage admin-token`. */
export async function startServer({ env = {} }: { env?: Record<string, string> } = {}): Promise<RunningServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'reportage-e2e-'));
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve', '--port', String(port), '--host', '127.0.0.1'], {
    env: { ...process.env, REPORTAGE_DATA_DIR: dataDir, REPORTAGE_LOG_LEVEL: 'warn', REPORTAGE_WORKERS: '2', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`reportage serve did not start listening in 30 s:\n${stdout}\n${stderr}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (/Admin sign-in/.test(stdout)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`reportage serve exited with ${String(code)}:\n${stdout}\n${stderr}`));
    });
  });
  const made = await execFileAsync(process.execPath, [BIN, 'admin-token', '--json', '--base-url', `http://127.0.0.1:${port}`], { env: { ...process.env, REPORTAGE_DATA_DIR: dataDir, REPORTAGE_LOG_LEVEL: 'warn', ...env } }).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  const adminLink = (JSON.parse(made.stdout) as { url: string }).url;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    adminLink,
    dataDir,
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
