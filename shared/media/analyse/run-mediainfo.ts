import { execFile } from 'node:child_process';
import path from 'node:path';

/**
 * Runs `mediainfo --Output=JSON` on a local file and returns its parsed JSON, or null when
 * MediaInfo is not installed (it is optional: SPECS.md asks for it "where installed"). No shell;
 * the path is made absolute so it can never be read as an option. Bounded in time and output.
 */
export async function runMediainfo({
  file,
  mediainfoPath = 'mediainfo',
  timeoutSeconds = 60,
}: {
  file: string;
  mediainfoPath?: string;
  timeoutSeconds?: number;
}): Promise<unknown | null> {
  const stdout = await new Promise<string | null>((resolve, reject) => {
    execFile(
      mediainfoPath,
      ['--Output=JSON', path.resolve(file)],
      { timeout: timeoutSeconds * 1000, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
      (error, out) => {
        if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') return resolve(null);
        if (error) return reject(error);
        resolve(out);
      },
    );
  });
  if (stdout === null) return null;
  return JSON.parse(stdout) as unknown;
}
