import { createJsonLogger, type LogLevel } from '../adapters/log/json-logger.ts';
import { loadConfig } from '../config.ts';
import { openRuntime, type Runtime } from './open-runtime.ts';

/** Opens the runtime for one command and always closes it, whatever the command does. */
export async function withRuntime<T>({ defaultLogLevel = 'warn' }: { defaultLogLevel?: LogLevel }, run: (runtime: Runtime) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const log = createJsonLogger({ level: config.logLevel ?? defaultLogLevel });
  const runtime = await openRuntime({ config, log });
  try {
    return await run(runtime);
  } finally {
    await runtime.close();
  }
}
