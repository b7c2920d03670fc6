import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildToolCommand, toolEnvironment } from '../../../shared/media/index.ts';

/** What a Lambda worker's process environment holds (the execution role's temporary credentials and the runtime's endpoints). */
const LAMBDA_ENV = {
  PATH: '/usr/bin:/bin',
  LANG: 'C.UTF-8',
  AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'secret',
  AWS_SESSION_TOKEN: 'token',
  AWS_REGION: 'ap-southeast-1',
  AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9001',
  AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://169.254.170.2/creds',
  AWS_PROFILE: 'ops',
  _X_AMZN_TRACE_ID: 'Root=1-abc',
  REPORTAGE_TABLE: 'reportage',
};

describe('the environment ffmpeg and ffprobe run with', () => {
  it('holds no AWS credentials nor any way to them (only presigned URLs reach the tools)', () => {
    const env = toolEnvironment({ env: LAMBDA_ENV });
    expect(Object.keys(env).filter((name) => name.startsWith('AWS_') || name.startsWith('_X_AMZN_'))).toEqual([]);
    expect(env).toMatchObject({ PATH: '/usr/bin:/bin', LANG: 'C.UTF-8', REPORTAGE_TABLE: 'reportage' });
  });

  it('is what the spawned process really sees, through the prlimit/setpriv chain', () => {
    // The command line of an ffprobe run, with `env` in place of ffprobe to print what the process receives.
    const present = (file: string) => (existsSync(file) ? file : null);
    const [prlimitPath, setprivPath] = [present('/usr/bin/prlimit'), present('/usr/bin/setpriv')];
    const command = buildToolCommand({
      tool: 'ffprobe',
      args: [],
      toolPath: '/usr/bin/env',
      tools: { memoryMb: 1024 },
      prlimitPath,
      setprivPath,
      env: LAMBDA_ENV,
    });
    const chain = [command.file, ...command.args];
    const envAt = chain.indexOf('/usr/bin/env');
    const printed = execFileSync(chain[0]!, chain.slice(1, envAt + 1), { env: command.env as NodeJS.ProcessEnv, encoding: 'utf8' });
    expect(printed).not.toMatch(/^(AWS_|_X_AMZN_)/m);
    expect(printed).toMatch(/^REPORTAGE_TABLE=reportage$/m);
  });
});
