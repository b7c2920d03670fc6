import type { Logger } from '../../ports/logger.ts';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof LEVELS;

/**
 * A logger writing one JSON object per line (to stderr by default, so stdout stays clean for
 * `--json` outputs). Errors in fields are reduced to name, message and code.
 */
export function createJsonLogger({
  level = 'info',
  write = (line: string) => process.stderr.write(line),
  fields: baseFields = {},
}: {
  level?: LogLevel;
  write?: (line: string) => void;
  fields?: Record<string, unknown>;
} = {}): Logger {
  const threshold = LEVELS[level];
  const emit = (lvl: LogLevel, message: string, fields: Record<string, unknown> = {}) => {
    if (LEVELS[lvl] < threshold) return;
    const record = { time: new Date().toISOString(), level: lvl, message, ...baseFields, ...serialise(fields) };
    write(`${JSON.stringify(record)}\n`);
  };
  return {
    debug: (message, fields) => emit('debug', message, fields),
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
  };
}

/** A logger that drops everything (tests, `--json` runs that want a quiet stderr). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

function serialise(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value instanceof Error) {
      out[key] = { name: value.name, message: value.message, code: (value as { code?: unknown }).code, stack: value.stack };
    } else {
      out[key] = value;
    }
  }
  return out;
}
