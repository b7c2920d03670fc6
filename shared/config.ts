import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from './domain/errors.ts';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Every environment variable the product reads, with its default. Parsed once, at start-up. */
const EnvSchema = z.object({
  REPORTAGE_BACKEND: z.enum(['local', 'aws']).default('local'),
  REPORTAGE_DATA_DIR: z.string().min(1).default('./data'),
  REPORTAGE_PROJECT: z.string().regex(/^[a-z0-9-]{1,64}$/).default('dai-hoi-2026'),
  /** Jobs run at once by one worker process (each job's ffmpeg uses several threads). */
  REPORTAGE_WORKERS: positiveInt(2),
  REPORTAGE_JOB_VISIBILITY_SECONDS: positiveInt(300),
  REPORTAGE_JOB_MAX_ATTEMPTS: positiveInt(3),
  REPORTAGE_FFMPEG: z.string().min(1).default('ffmpeg'),
  REPORTAGE_FFPROBE: z.string().min(1).default('ffprobe'),
  /** Upper bound of one ffmpeg run's wall time. */
  REPORTAGE_FFMPEG_TIMEOUT_SECONDS: positiveInt(6 * 3600),
  /** Upper bound of one ffmpeg process's address space, in MiB. */
  REPORTAGE_FFMPEG_MEMORY_MB: positiveInt(8192),
  REPORTAGE_FONT_FILE: z.string().min(1).optional(),
  REPORTAGE_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).optional(),
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  backend: 'local' | 'aws';
  dataDir: string;
  projectId: string;
  workers: number;
  jobs: { visibilitySeconds: number; maxAttempts: number };
  ffmpeg: { ffmpegPath: string; ffprobePath: string; timeoutSeconds: number; memoryMb: number };
  fontFile: string | undefined;
  /** Unset: each command picks its own (quiet for one-shot commands, info for servers). */
  logLevel: 'debug' | 'info' | 'warn' | 'error' | undefined;
}

/**
 * Parses the environment once. A bad value fails at start-up, naming the variable.
 *
 * @example loadConfig({ env: { REPORTAGE_DATA_DIR: '/srv/reportage' } })
 */
export function loadConfig({ env = process.env, cwd = process.cwd() }: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Config {
  const known = Object.fromEntries(Object.entries(env).filter(([name, value]) => name.startsWith('REPORTAGE_') && value !== ''));
  const parsed = EnvSchema.safeParse(known);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'REPORTAGE_*');
    throw new ConfigError({
      code: 'INVALID_CONFIG',
      message: `Environment variable ${variable} is invalid: ${issue?.message ?? 'invalid value'} (found "${env[variable] ?? ''}").`,
      messageVi: `Biến môi trường ${variable} không hợp lệ.`,
      details: { variable },
    });
  }
  const e = parsed.data;
  if (e.REPORTAGE_BACKEND === 'aws') {
    throw new ConfigError({
      code: 'BACKEND_NOT_AVAILABLE',
      message: 'REPORTAGE_BACKEND=aws is not available in this build yet; use REPORTAGE_BACKEND=local.',
      messageVi: 'Chế độ AWS chưa có trong bản này; hãy dùng REPORTAGE_BACKEND=local.',
      details: { variable: 'REPORTAGE_BACKEND' },
    });
  }
  return {
    backend: e.REPORTAGE_BACKEND,
    dataDir: path.resolve(cwd, e.REPORTAGE_DATA_DIR),
    projectId: e.REPORTAGE_PROJECT,
    workers: e.REPORTAGE_WORKERS,
    jobs: { visibilitySeconds: e.REPORTAGE_JOB_VISIBILITY_SECONDS, maxAttempts: e.REPORTAGE_JOB_MAX_ATTEMPTS },
    ffmpeg: {
      ffmpegPath: e.REPORTAGE_FFMPEG,
      ffprobePath: e.REPORTAGE_FFPROBE,
      timeoutSeconds: e.REPORTAGE_FFMPEG_TIMEOUT_SECONDS,
      memoryMb: e.REPORTAGE_FFMPEG_MEMORY_MB,
    },
    fontFile: e.REPORTAGE_FONT_FILE,
    logLevel: e.REPORTAGE_LOG_LEVEL,
  };
}
