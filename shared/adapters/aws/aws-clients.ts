import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { addCallRecorder } from './aws-call-recorder.ts';
import { addForeignErrorMiddleware } from './foreign-error-middleware.ts';

/** How to reach AWS (or the emulators): region, optional endpoint overrides, optional static credentials. */
export interface AwsConnection {
  region: string;
  /** Endpoint overrides, e.g. `http://127.0.0.1:4566` for the emulators. Unset: the real AWS endpoints. */
  endpoints?: { s3?: string | undefined; sqs?: string | undefined; dynamodb?: string | undefined; secretsmanager?: string | undefined };
  /** Path-style S3 addressing (`http://host/bucket/key`): needed by emulators on a bare IP. */
  s3ForcePathStyle?: boolean;
  /** Static credentials (emulators only). Unset: the default chain (Lambda role, profile, env). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export interface AwsClients {
  s3: S3Client;
  sqs: SQSClient;
  /** The document client (plain JS values in and out, `undefined` fields dropped). */
  dynamo: DynamoDBDocumentClient;
  /** Secrets Manager: the signing key ring (read once per process; no request is made until then). */
  secrets: SecretsManagerClient;
  /** Closes the clients' sockets. */
  destroy(): void;
}

/**
 * The SDK clients, configured once. S3 checksums are computed only when an operation
 * requires one (or when the caller sets one, as `putOriginal` sets SHA-256): the SDK's default
 * CRC32 would otherwise end up in presigned part URLs, which a browser cannot satisfy.
 */
export function createAwsClients({ region, endpoints = {}, s3ForcePathStyle = false, credentials }: AwsConnection): AwsClients {
  const common = { region, ...(credentials === undefined ? {} : { credentials }), maxAttempts: 5 };
  const s3 = new S3Client({
    ...common,
    ...(endpoints.s3 === undefined ? {} : { endpoint: endpoints.s3 }),
    forcePathStyle: s3ForcePathStyle,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const sqs = new SQSClient({ ...common, ...(endpoints.sqs === undefined ? {} : { endpoint: endpoints.sqs }) });
  const raw = new DynamoDBClient({ ...common, ...(endpoints.dynamodb === undefined ? {} : { endpoint: endpoints.dynamodb }) });
  const secrets = createSecretsClient({ region, endpoint: endpoints.secretsmanager, credentials });
  // An error that is not the service's own (an emulator's 413 in JSON to S3, a proxy's HTML page) is reported as what it is, not as a parse error.
  addForeignErrorMiddleware({ client: s3, service: 'S3' });
  addForeignErrorMiddleware({ client: sqs, service: 'SQS', foreign: /html|text\/plain/i });
  addForeignErrorMiddleware({ client: raw, service: 'DynamoDB', foreign: /html|text\/plain/i });
  // IAM evidence for the tests (test/helpers/aws-iam/): a no-op unless a recorder is installed.
  addCallRecorder({ client: s3, service: 's3', region });
  addCallRecorder({ client: sqs, service: 'sqs', region });
  addCallRecorder({ client: raw, service: 'dynamodb', region });
  const dynamo = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  return {
    s3,
    sqs,
    dynamo,
    secrets,
    destroy() {
      secrets.destroy();
      s3.destroy();
      sqs.destroy();
      dynamo.destroy();
      raw.destroy();
    },
  };
}

/**
 * A Secrets Manager client with the same middlewares as the others (a foreign error reported as
 * such, the IAM call recorder). The rotation function builds only this one.
 */
export function createSecretsClient({
  region,
  endpoint,
  credentials,
}: {
  region: string;
  endpoint?: string | undefined;
  credentials?: { accessKeyId: string; secretAccessKey: string } | undefined;
}): SecretsManagerClient {
  const client = new SecretsManagerClient({
    region,
    maxAttempts: 5,
    ...(credentials === undefined ? {} : { credentials }),
    ...(endpoint === undefined ? {} : { endpoint }),
  });
  addForeignErrorMiddleware({ client, service: 'SecretsManager', foreign: /html|text\/plain/i });
  addCallRecorder({ client, service: 'secretsmanager', region });
  return client;
}

/** The HTTP status of an SDK error, if it has one. */
export function httpStatusOf(error: unknown): number | undefined {
  const status = (error as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

/** The SDK's error name (`NoSuchKey`, `ConditionalCheckFailedException`, …). */
export function errorNameOf(error: unknown): string | undefined {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : undefined;
}

/** Throttling, 5xx and network failures clear by retrying; the rest (access denied, bad request) do not. */
export function isRetryableAwsError(error: unknown): boolean {
  const status = httpStatusOf(error);
  if (status === undefined) return true;
  if (status >= 500 || status === 429) return true;
  const name = errorNameOf(error) ?? '';
  return /Throttl|TooManyRequests|RequestLimitExceeded|ProvisionedThroughputExceeded|SlowDown/.test(name);
}
