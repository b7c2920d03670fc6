import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { buildToolCommand, type MediaTool } from './build-tool-command.ts';
import { FfmpegFailedError, FfmpegKilledError, FfmpegNotFoundError, MemoryBoundUnavailableError } from './errors.ts';
import type { MediaTools } from './media-tools.ts';

/** stderr kept in memory: the tail matters (summaries, the last error), a hostile file can log forever. */
const MAX_STDERR_CHARS = 4 * 1024 * 1024;
const MAX_STDOUT_CHARS = 32 * 1024 * 1024;
const TAIL_LINES = 12;

const OUT_OF_MEMORY = /Cannot allocate memory|Out of memory|malloc of size \d+ failed|std::bad_alloc|failed to map segment|memory allocation failed/i;

export interface SpawnToolResult {
  stdout: string;
  stderr: string;
}

/** Process groups still running, killed if this process exits first (a worker crash must not leave ffmpeg behind). */
const running = new Set<number>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const pgid of running) killGroup(pgid);
  });
}

function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

const resolved = new Map<string, string>();

/**
 * The absolute path of a program, or null. Looked up once per name; a miss is not remembered, so
 * installing ffmpeg while the server runs is enough.
 */
export function resolveExecutable(name: string): string | null {
  const known = resolved.get(name);
  if (known) return known;
  const candidates = name.includes('/')
    ? [path.resolve(name)]
    : (process.env.PATH ?? '')
        .split(path.delimiter)
        .filter(Boolean)
        .map((dir) => path.join(dir, name));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      if (!statSync(candidate).isFile()) continue;
      resolved.set(name, candidate);
      return candidate;
    } catch {
      // Not here.
    }
  }
  return null;
}

/**
 * Runs ffmpeg or ffprobe through `buildToolCommand`, bounded in time and memory, and turns every
 * way it can end into a value or a `MediaError`. Internal to the media layer: use `runFfmpeg` or
 * `runFfprobe`.
 */
export function spawnTool({
  tool,
  args,
  tools,
  timeoutSeconds = tools.timeoutSeconds,
  signal,
  onStdout,
  onStderrLine,
  keepStdout = false,
}: {
  tool: MediaTool;
  args: readonly string[];
  tools: MediaTools;
  timeoutSeconds?: number;
  signal?: AbortSignal;
  onStdout?: (chunk: string) => void;
  onStderrLine?: (line: string) => void;
  keepStdout?: boolean;
}): Promise<SpawnToolResult> {
  const configuredPath = tool === 'ffmpeg' ? tools.ffmpegPath : tools.ffprobePath;
  const toolPath = resolveExecutable(configuredPath);
  if (!toolPath) return Promise.reject(new FfmpegNotFoundError({ tool, path: configuredPath }));
  if (signal?.aborted) return Promise.reject(new FfmpegKilledError({ tool, reason: 'cancelled' }));
  // No run without its memory bound: a decoder fed a hostile file must hit the limit, not the machine.
  const prlimitPath = resolveExecutable('prlimit');
  if (!prlimitPath) return Promise.reject(new MemoryBoundUnavailableError({ memoryMb: tools.memoryMb }));

  const command = buildToolCommand({ tool, args, toolPath, tools, prlimitPath, setprivPath: resolveExecutable('setpriv'), env: process.env });
  const scrub = makeScrubber(args);

  return new Promise<SpawnToolResult>((resolve, reject) => {
    // detached: the tool leads its own process group, so one kill reaches everything it started.
    const child = spawn(command.file, command.args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, shell: false, env: command.env });
    const pgid = child.pid;
    let stdout = '';
    let stderr = '';
    let pendingLine = '';
    let stopReason: 'timeout' | 'cancelled' | 'output-too-large' | null = null;

    const stop = (reason: NonNullable<typeof stopReason>) => {
      if (stopReason) return;
      stopReason = reason;
      if (pgid) killGroup(pgid);
    };

    if (pgid) {
      running.add(pgid);
      installExitHook();
    }
    const timer = setTimeout(() => stop('timeout'), timeoutSeconds * 1000);
    const onAbort = () => stop('cancelled');
    signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      onStdout?.(chunk);
      if (!keepStdout) return;
      stdout += chunk;
      if (stdout.length > MAX_STDOUT_CHARS) stop('output-too-large');
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      if (stderr.length > MAX_STDERR_CHARS) stderr = stderr.slice(-MAX_STDERR_CHARS / 2);
      if (!onStderrLine) return;
      const lines = (pendingLine + chunk).split(/\r?\n/);
      pendingLine = lines.pop() ?? '';
      for (const line of lines) onStderrLine(line);
    });

    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (pgid) running.delete(pgid);
      outcome();
    };

    child.on('error', (error: NodeJS.ErrnoException) => {
      finish(() => {
        if (error.code === 'ENOENT' || error.code === 'EACCES') reject(new FfmpegNotFoundError({ tool, path: configuredPath, cause: error }));
        else reject(error);
      });
    });

    child.on('close', (exitCode, exitSignal) => {
      finish(() => {
        if (pendingLine && onStderrLine) onStderrLine(pendingLine);
        const tail = () => stderrTail({ stderr, scrub });
        if (stopReason === 'timeout') return reject(new FfmpegKilledError({ tool, reason: 'timeout', timeoutSeconds, stderrTail: tail() }));
        if (stopReason === 'cancelled') return reject(new FfmpegKilledError({ tool, reason: 'cancelled', stderrTail: tail() }));
        if (stopReason === 'output-too-large') return reject(new FfmpegFailedError({ tool, exitCode: -1, stderrTail: ['output exceeded the size limit'] }));
        if (exitSignal) return reject(new FfmpegKilledError({ tool, reason: 'signal', signal: exitSignal, stderrTail: tail() }));
        if (exitCode !== 0) {
          if (OUT_OF_MEMORY.test(stderr)) return reject(new FfmpegKilledError({ tool, reason: 'out-of-memory', stderrTail: tail() }));
          return reject(new FfmpegFailedError({ tool, exitCode: exitCode ?? -1, stderrTail: tail() }));
        }
        resolve({ stdout, stderr });
      });
    });
  });
}

/**
 * Hides every input url (a presigned URL carries a signature; a path names the store's layout)
 * and any other URL from tool output before it is kept in an error.
 */
function makeScrubber(args: readonly string[]): (line: string) => string {
  const secrets = new Set<string>();
  args.forEach((arg, index) => {
    if (args[index - 1] !== '-i') return;
    secrets.add(arg);
    if (arg.startsWith('file:')) secrets.add(arg.slice('file:'.length));
  });
  const ordered = [...secrets].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  return (line) => {
    let clean = line;
    for (const secret of ordered) clean = clean.split(secret).join('<input>');
    return clean.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, '<url>');
  };
}

/**
 * The last meaningful lines of stderr: errors first, then warnings, else whatever came last.
 * Progress and informational chatter (encoder statistics) are dropped.
 */
export function stderrTail({
  stderr,
  scrub = (line) => line,
  maxLines = TAIL_LINES,
}: {
  stderr: string;
  scrub?: (line: string) => string;
  maxLines?: number;
}): string[] {
  const lines = stderr
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim().length > 0);
  const severe = lines.filter((line) => /\[(error|fatal|panic)\]/.test(line));
  const warnings = lines.filter((line) => /\[warning\]/.test(line));
  const pick = severe.length > 0 ? severe : warnings.length > 0 ? warnings : lines;
  return pick.slice(-maxLines).map(scrub);
}
