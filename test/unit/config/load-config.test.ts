import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../shared/config.ts';
import { ConfigError } from '../../../shared/domain/index.ts';

describe('loadConfig', () => {
  it('uses the embedded defaults when nothing is set', () => {
    const config = loadConfig({ env: {}, cwd: '/srv/app' });
    expect(config.backend).toBe('local');
    expect(config.dataDir).toBe('/srv/app/data');
    expect(config.jobs.maxAttempts).toBe(3);
    expect(config.ffmpeg.ffmpegPath).toBe('ffmpeg');
  });

  it('resolves the data folder against the working directory', () => {
    expect(loadConfig({ env: { REPORTAGE_DATA_DIR: 'store' }, cwd: '/srv/app' }).dataDir).toBe('/srv/app/store');
  });

  it('fails naming the variable whose value is invalid', () => {
    const attempt = () => loadConfig({ env: { REPORTAGE_WORKERS: 'many' } });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/REPORTAGE_WORKERS/);
  });

  it('refuses an unknown backend, naming REPORTAGE_BACKEND', () => {
    expect(() => loadConfig({ env: { REPORTAGE_BACKEND: 'gcp' } })).toThrow(/REPORTAGE_BACKEND/);
  });

  it('refuses a project id that could not be a path segment', () => {
    expect(() => loadConfig({ env: { REPORTAGE_PROJECT: '../etc' } })).toThrow(/REPORTAGE_PROJECT/);
  });
});
