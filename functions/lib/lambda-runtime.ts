import { createS3Inbox, readSecretsManagerSigningKeys, type AwsBackend, type S3Inbox } from '../../shared/adapters/aws/index.ts';
import { createJsonLogger } from '../../shared/adapters/log/json-logger.ts';
import { loadConfig, type AwsConfig, type Config } from '../../shared/config.ts';
import { ConfigError } from '../../shared/domain/errors.ts';
import type { SigningKeyRing } from '../../shared/domain/index.ts';
import type { IngestDeps } from '../../shared/ingest/index.ts';
import { openAwsBackend } from '../../shared/runtime/open-aws-backend.ts';

/** What every function needs, built once per Lambda container (cold start) and reused. */
export interface LambdaRuntime {
  config: Config;
  aws: AwsConfig;
  backend: AwsBackend;
  deps: IngestDeps;
  inbox: S3Inbox;
  /**
   * The signing key ring from Secrets Manager (`REPORTAGE_SIGNING_KEY_SECRET`), read on first use
   * and kept for the container's life: once per cold start, and only by the functions that sign
   * or verify (the api). A failed read is tried again on the next call.
   *
   * @throws ConfigError `MISSING_CONFIG` when the function was given no secret; SigningKeySecretError
   */
  signingKeys(): Promise<SigningKeyRing>;
}

let opening: Promise<LambdaRuntime> | undefined;

/**
 * The composition root of the Lambda functions: the environment parsed once (the stateless stack
 * sets every `REPORTAGE_*` variable), a JSON logger (CloudWatch reads stderr), the AWS backend and
 * the use cases' ports as `reportage` builds them (`openAwsBackend`), with scratch and spool
 * folders under `/tmp` (`REPORTAGE_DATA_DIR`); the signing keys, read on first use, and the S3 inbox.
 */
export function lambdaRuntime({ env = process.env }: { env?: NodeJS.ProcessEnv } = {}): Promise<LambdaRuntime> {
  opening ??= openLambdaRuntime({ env }).catch((error: unknown) => {
    opening = undefined; // a failed cold start is tried again by the next invocation
    throw error;
  });
  return opening;
}

export async function openLambdaRuntime({ env }: { env: NodeJS.ProcessEnv }): Promise<LambdaRuntime> {
  const config = loadConfig({ env });
  const aws = config.aws;
  if (config.backend !== 'aws' || aws === undefined) {
    throw new ConfigError({
      code: 'INVALID_CONFIG',
      message: 'The Lambda functions run only with REPORTAGE_BACKEND=aws.',
      messageVi: 'Hàm Lambda chỉ chạy với REPORTAGE_BACKEND=aws.',
      details: { variable: 'REPORTAGE_BACKEND' },
    });
  }
  const log = createJsonLogger({ level: config.logLevel ?? 'info' });
  // The wiring `reportage` uses on the aws backend (openBackend); the signing keys and the inbox are the functions' own.
  const { deps, aws: backend } = await openAwsBackend({ config, aws, log });
  let ring: Promise<SigningKeyRing> | undefined;
  const signingKeys = () => {
    const secretId = aws.signingKeySecret;
    if (secretId === undefined) {
      return Promise.reject(
        new ConfigError({
          code: 'MISSING_CONFIG',
          message:
            'Environment variable REPORTAGE_SIGNING_KEY_SECRET is not set (needed by a function that signs or verifies links): the stateless stack sets it on the api function.',
          messageVi: 'Thiếu biến môi trường REPORTAGE_SIGNING_KEY_SECRET.',
          details: { variable: 'REPORTAGE_SIGNING_KEY_SECRET' },
        }),
      );
    }
    ring ??= readSecretsManagerSigningKeys({ secrets: backend.clients.secrets, secretId }).catch((error: unknown) => {
      ring = undefined;
      throw error;
    });
    return ring;
  };
  return { config, aws, backend, deps, inbox: createS3Inbox({ s3: backend.clients.s3, bucket: aws.buckets.originals }), signingKeys };
}
