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

  it('has no aws section on the local backend', () => {
    expect(loadConfig({ env: {} }).aws).toBeUndefined();
  });
});

describe('loadConfig with REPORTAGE_BACKEND=aws', () => {
  const AWS_ENV = {
    REPORTAGE_BACKEND: 'aws',
    REPORTAGE_AWS_REGION: 'ap-southeast-1',
    REPORTAGE_ORIGINALS_BUCKET: 'reportage-prod-originals',
    REPORTAGE_DERIVED_BUCKET: 'reportage-prod-derived',
    REPORTAGE_DELIVERIES_BUCKET: 'reportage-prod-deliveries',
    REPORTAGE_TABLE: 'reportage-prod',
    REPORTAGE_JOB_QUEUE_URL: 'https://sqs.ap-southeast-1.amazonaws.com/123456789012/jobs',
    REPORTAGE_DEAD_LETTER_QUEUE_URL: 'https://sqs.ap-southeast-1.amazonaws.com/123456789012/dead-jobs',
  };

  it('reads where the resources are, with no endpoint override by default', () => {
    const config = loadConfig({ env: AWS_ENV, cwd: '/srv/app' });
    expect(config.backend).toBe('aws');
    expect(config.aws).toEqual({
      region: 'ap-southeast-1',
      buckets: { originals: 'reportage-prod-originals', derived: 'reportage-prod-derived', deliveries: 'reportage-prod-deliveries' },
      tableName: 'reportage-prod',
      queueUrl: AWS_ENV.REPORTAGE_JOB_QUEUE_URL,
      deadLetterQueueUrl: AWS_ENV.REPORTAGE_DEAD_LETTER_QUEUE_URL,
      endpoints: { s3: undefined, sqs: undefined, dynamodb: undefined, secretsmanager: undefined },
      s3ForcePathStyle: false,
      signingKeySecret: undefined,
    });
  });

  it('reads the signing key secret (an ARN or a name) and refuses anything else', () => {
    const arn = 'arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:reportage-prod-signing-key-AbC123';
    expect(loadConfig({ env: { ...AWS_ENV, REPORTAGE_SIGNING_KEY_SECRET: arn } }).aws?.signingKeySecret).toBe(arn);
    expect(loadConfig({ env: { ...AWS_ENV, REPORTAGE_SIGNING_KEY_SECRET: 'reportage/signing-key' } }).aws?.signingKeySecret).toBe('reportage/signing-key');
    expect(() => loadConfig({ env: { ...AWS_ENV, REPORTAGE_SIGNING_KEY_SECRET: 'a secret with spaces' } })).toThrow(/REPORTAGE_SIGNING_KEY_SECRET/);
  });

  it('takes endpoint overrides and the path-style flag for the emulators', () => {
    const config = loadConfig({
      env: {
        ...AWS_ENV,
        REPORTAGE_S3_ENDPOINT: 'http://127.0.0.1:4566',
        REPORTAGE_SQS_ENDPOINT: 'http://127.0.0.1:4566',
        REPORTAGE_DYNAMODB_ENDPOINT: 'http://127.0.0.1:4567',
        REPORTAGE_SECRETSMANAGER_ENDPOINT: 'http://127.0.0.1:4568',
        REPORTAGE_S3_PATH_STYLE: 'true',
      },
    });
    expect(config.aws?.endpoints).toEqual({
      s3: 'http://127.0.0.1:4566',
      sqs: 'http://127.0.0.1:4566',
      dynamodb: 'http://127.0.0.1:4567',
      secretsmanager: 'http://127.0.0.1:4568',
    });
    expect(config.aws?.s3ForcePathStyle).toBe(true);
    expect(loadConfig({ env: { ...AWS_ENV, REPORTAGE_S3_PATH_STYLE: 'false' } }).aws?.s3ForcePathStyle).toBe(false);
  });

  it('falls back to AWS_REGION, which Lambda sets', () => {
    const { REPORTAGE_AWS_REGION: _unused, ...rest } = AWS_ENV;
    expect(loadConfig({ env: { ...rest, AWS_REGION: 'eu-west-1' } }).aws?.region).toBe('eu-west-1');
  });

  it.each(['REPORTAGE_AWS_REGION', 'REPORTAGE_ORIGINALS_BUCKET', 'REPORTAGE_TABLE', 'REPORTAGE_JOB_QUEUE_URL', 'REPORTAGE_DEAD_LETTER_QUEUE_URL'])(
    'fails naming %s when it is missing',
    (variable) => {
      const env: Record<string, string> = { ...AWS_ENV };
      delete env[variable];
      let error: unknown;
      try {
        loadConfig({ env });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).code).toBe('MISSING_CONFIG');
      expect((error as ConfigError).message).toContain(`${variable} is not set`);
      expect((error as ConfigError).details).toEqual({ variable });
    },
  );

  it('refuses a flag that is not true/false/1/0 instead of reading any text as true', () => {
    expect(() => loadConfig({ env: { ...AWS_ENV, REPORTAGE_S3_PATH_STYLE: 'yes' } })).toThrow(/REPORTAGE_S3_PATH_STYLE is invalid/);
  });

  it('refuses an endpoint or queue URL that is not http(s)', () => {
    expect(() => loadConfig({ env: { ...AWS_ENV, REPORTAGE_S3_ENDPOINT: 'file:///etc' } })).toThrow(/REPORTAGE_S3_ENDPOINT/);
    expect(() => loadConfig({ env: { ...AWS_ENV, REPORTAGE_JOB_QUEUE_URL: 'jobs' } })).toThrow(/REPORTAGE_JOB_QUEUE_URL/);
  });
});
