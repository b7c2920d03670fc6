import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const BUILD_SCRIPT = path.join(REPO_ROOT, 'scripts/build-worker-image.sh');

/** The record scripts/build-worker-image.sh keeps of a built image (`--info`). */
export interface WorkerImageInfo {
  image: string;
  base: string;
  sizeBytes: number;
  compressedBytes: number;
  buildSeconds: number;
  builtAt: string;
}

/**
 * The worker image of this checkout, built by scripts/build-worker-image.sh (seconds when its
 * inputs are unchanged since the last build, e.g. by scripts/setup.sh). Fails, never skips, where
 * buildah cannot run: the image test is part of CI.
 */
export async function buildWorkerImage(): Promise<WorkerImageInfo> {
  const missing = ['buildah', 'mmdebstrap'].filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
  if (missing.length > 0) throw new Error(`The worker image test needs ${missing.join(', ')} (Debian packages): run scripts/setup.sh, which installs them.`);
  if (process.getuid?.() !== 0) throw new Error('The worker image test needs root (buildah storage, mmdebstrap), as CI and scripts/setup.sh run.');
  try {
    const { stdout } = await run('bash', [BUILD_SCRIPT, '--info'], { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 });
    return JSON.parse(stdout.trim().split('\n').at(-1)!) as WorkerImageInfo;
  } catch (error) {
    const { stderr = '' } = error as { stderr?: string };
    throw new Error(`scripts/build-worker-image.sh failed:\n${stderr.slice(-4000)}`);
  }
}

export interface RunningImage {
  /** stdout and stderr of the process so far (the function's logs). */
  logs(): string;
  /** Resolves when the process exits. */
  readonly exited: Promise<number | null>;
  /** Stops the process and removes the working container. */
  stop(): Promise<void>;
}

/**
 * Runs an image's entrypoint and command, as Lambda starts a container image: a buildah working
 * container in chroot isolation (crun refuses these machines' hybrid cgroups), so on the host's
 * network (the emulators and the Runtime API listen on 127.0.0.1), as an unprivileged user like
 * Lambda's, with `env` added to the image's environment and an empty /tmp.
 */
export async function runImage({ image, env, user = '993:990' }: { image: string; env: Record<string, string>; user?: string }): Promise<RunningImage> {
  const inspected = JSON.parse((await run('buildah', ['inspect', '--type', 'image', image], { maxBuffer: 64 * 1024 * 1024 })).stdout) as {
    OCIv1: { config?: { Entrypoint?: string[]; Cmd?: string[] } };
  };
  const config = inspected.OCIv1.config ?? {};
  const command = [...(config.Entrypoint ?? []), ...(config.Cmd ?? [])];
  if (command.length === 0) throw new Error(`${image} has neither an entrypoint nor a command`);
  const container = (await run('buildah', ['from', '--pull=never', '--quiet', image])).stdout.trim();
  const envArgs = Object.entries(env).flatMap(([key, value]) => ['--env', `${key}=${value}`]);
  const child: ChildProcess = spawn(
    'buildah',
    ['run', '--isolation', 'chroot', '--user', user, '--mount', 'type=tmpfs,destination=/tmp,tmpfs-mode=1777', ...envArgs, container, '--', ...command],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    logs: () => output,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(-child.pid!, 'SIGTERM');
        const stopped = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
        if (!stopped) process.kill(-child.pid!, 'SIGKILL');
        await exited;
      }
      await run('buildah', ['rm', container]).catch(() => {});
    },
  };
}
