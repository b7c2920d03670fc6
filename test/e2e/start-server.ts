import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startServeProcess } from '../integration/web/serve-process.ts';

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

/** Starts `reportage serve` with its worker pool, waits until it listens, then makes an admin sign-in link with `reportage admin-token`. */
export async function startServer({ env = {} }: { env?: Record<string, string> } = {}): Promise<RunningServer> {
  const server = await startServeProcess({ env: { REPORTAGE_WORKERS: '2', ...env }, worker: true, readyText: 'Admin sign-in' });
  const made = await execFileAsync(process.execPath, [BIN, 'admin-token', '--json', '--base-url', server.baseUrl], {
    env: { ...process.env, REPORTAGE_DATA_DIR: server.dataDir, REPORTAGE_LOG_LEVEL: 'warn', ...env },
  }).catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  const adminLink = (JSON.parse(made.stdout) as { url: string }).url;
  return { baseUrl: server.baseUrl, adminLink, dataDir: server.dataDir, logs: server.logs, stop: server.stop };
}
