import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SQSClient } from '@aws-sdk/client-sqs';

/**
 * One IAM request an SDK call makes: the action the caller's role must allow on the resource,
 * with the condition keys the request carries (`dynamodb:LeadingKeys`). A presigned URL is
 * recorded as the call it authorises (its signature carries the signer's permissions).
 */
export interface AwsCall {
  /** `s3:GetObject`, `sqs:SendMessage`, `dynamodb:Query`, … */
  action: string;
  /** The resource ARN (`arn:aws:s3:::bucket/key`, `arn:aws:sqs:region:account:queue`, `arn:aws:dynamodb:region:account:table/name`). */
  resource: string;
  /** Request context keys, e.g. `{ 'dynamodb:LeadingKeys': ['JOB#…'] }`. */
  context?: Record<string, string[]>;
  /** The SDK command that made it (`HeadObjectCommand`), for messages. */
  command: string;
  /** The call failed with this HTTP status (404 of a missing key), if it failed. */
  failedWith?: number;
}

export interface AwsCallRecorder {
  /** Account used in SQS and DynamoDB ARNs (a request does not carry it). */
  accountId: string;
  record(call: AwsCall): void;
}

let installed: AwsCallRecorder | undefined;

/**
 * Tests only: from now on every call of every client made by `createAwsClients` is reported to
 * `recorder` as the IAM requests it makes, before it is sent. Returns the function that removes it.
 * Production code never installs one: the middleware then does nothing.
 */
export function installAwsCallRecorder(recorder: AwsCallRecorder): () => void {
  installed = recorder;
  return () => {
    if (installed === recorder) installed = undefined;
  };
}

type Input = Record<string, unknown>;
type Service = 's3' | 'sqs' | 'dynamodb' | 'secretsmanager';

/** Adds the recording middleware (initialize step: once per call, retries excluded; presigning included). */
export function addCallRecorder({
  client,
  service,
  region,
}: {
  client: S3Client | SQSClient | DynamoDBClient | SecretsManagerClient;
  service: Service;
  region: string;
}): void {
  const stack = client.middlewareStack as S3Client['middlewareStack'];
  stack.add(
    (next, context) => async (args) => {
      const recorder = installed;
      if (recorder === undefined) return next(args);
      const command = String(context.commandName ?? 'UnknownCommand');
      const calls = callsOf({ service, command, input: args.input as Input, region, accountId: recorder.accountId });
      for (const call of calls) recorder.record(call);
      try {
        return await next(args);
      } catch (error) {
        const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        // S3 answers a GET or HEAD of a missing key with 404 only to a caller allowed s3:ListBucket
        // on the bucket; without it, 403. The adapters rely on the 404, so that need is recorded.
        if (service === 's3' && status === 404 && (command === 'HeadObjectCommand' || command === 'GetObjectCommand')) {
          const bucket = String((args.input as Input).Bucket ?? '');
          recorder.record({ action: 's3:ListBucket', resource: `arn:aws:s3:::${bucket}`, command, failedWith: 404 });
        }
        throw error;
      }
    },
    { step: 'initialize', priority: 'high', name: 'reportageCallRecorder', override: true },
  );
}

const S3_ACTIONS: Record<string, string> = {
  GetObjectCommand: 's3:GetObject',
  HeadObjectCommand: 's3:GetObject',
  PutObjectCommand: 's3:PutObject',
  CreateMultipartUploadCommand: 's3:PutObject',
  UploadPartCommand: 's3:PutObject',
  CompleteMultipartUploadCommand: 's3:PutObject',
  AbortMultipartUploadCommand: 's3:AbortMultipartUpload',
  ListPartsCommand: 's3:ListMultipartUploadParts',
  DeleteObjectCommand: 's3:DeleteObject',
};

const SQS_ACTIONS: Record<string, string> = {
  SendMessageBatchCommand: 'sqs:SendMessage',
  DeleteMessageBatchCommand: 'sqs:DeleteMessage',
  ChangeMessageVisibilityBatchCommand: 'sqs:ChangeMessageVisibility',
};

/** The IAM requests of one SDK call (https://docs.aws.amazon.com/service-authorization/latest/reference/). */
export function callsOf({
  service,
  command,
  input,
  region,
  accountId,
}: {
  service: Service;
  command: string;
  input: Input;
  region: string;
  accountId: string;
}): AwsCall[] {
  const operation = command.replace(/Command$/, '');
  if (service === 's3') {
    const bucket = String(input.Bucket ?? '');
    const object = `arn:aws:s3:::${bucket}/${String(input.Key ?? '')}`;
    const versioned = input.VersionId !== undefined;
    if (command === 'CopyObjectCommand' || command === 'UploadPartCopyCommand') {
      return [
        { action: 's3:PutObject', resource: object, command },
        { action: 's3:GetObject', resource: `arn:aws:s3:::${decodeURIComponent(String(input.CopySource ?? '').split('?')[0] ?? '')}`, command },
      ];
    }
    if (command === 'ListObjectsV2Command' || command === 'ListObjectsCommand')
      return [{ action: 's3:ListBucket', resource: `arn:aws:s3:::${bucket}`, command }];
    let action = S3_ACTIONS[command] ?? `s3:${operation}`;
    if (versioned && (action === 's3:GetObject' || action === 's3:DeleteObject')) action = `${action}Version`;
    return [{ action, resource: input.Key === undefined ? `arn:aws:s3:::${bucket}` : object, command }];
  }
  if (service === 'sqs') {
    const name =
      String(input.QueueUrl ?? '')
        .split('/')
        .at(-1) ?? '';
    return [{ action: SQS_ACTIONS[command] ?? `sqs:${operation}`, resource: `arn:aws:sqs:${region}:${accountId}:${name}`, command }];
  }
  if (service === 'secretsmanager') {
    // Every call we make names one secret (`SecretId`, or `Name` when creating it): an ARN as
    // given, a bare name as the ARN it resolves to (without the 6 characters AWS appends).
    const id = String(input.SecretId ?? input.Name ?? '');
    const resource = id.startsWith('arn:') ? id : `arn:aws:secretsmanager:${region}:${accountId}:secret:${id}`;
    return [{ action: `secretsmanager:${operation}`, resource, command }];
  }
  const table = `arn:aws:dynamodb:${region}:${accountId}:table/${String(input.TableName ?? '')}`;
  const resource = typeof input.IndexName === 'string' ? `${table}/index/${input.IndexName}` : table;
  const leadingKeys = leadingKeysOf({ command, input });
  return [{ action: `dynamodb:${operation}`, resource, command, ...(leadingKeys === undefined ? {} : { context: { 'dynamodb:LeadingKeys': leadingKeys } }) }];
}

/** The partition key value(s) a DynamoDB request touches (`pk` of the key or item; the partition key of a query's key condition). */
function leadingKeysOf({ command, input }: { command: string; input: Input }): string[] | undefined {
  const plain = (value: unknown): string | undefined => {
    if (typeof value === 'string') return value;
    const s = (value as { S?: unknown } | undefined)?.S;
    return typeof s === 'string' ? s : undefined;
  };
  const key = (input.Key ?? input.Item) as Input | undefined;
  if (key !== undefined) {
    const pk = plain(key.pk);
    return pk === undefined ? undefined : [pk];
  }
  // On an index, the condition key is taken as the index's partition key value (`gsi1pk`).
  if (command === 'QueryCommand') {
    const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
    const values = (input.ExpressionAttributeValues ?? {}) as Input;
    const match = /^\s*(#?\w+)\s*=\s*(:\w+)/.exec(String(input.KeyConditionExpression ?? ''));
    if (match === null) return undefined;
    const attribute = match[1]!.startsWith('#') ? names[match[1]!] : match[1];
    const value = plain(values[match[2]!]);
    const partitionKey = input.IndexName === undefined ? 'pk' : 'gsi1pk';
    return attribute === partitionKey && value !== undefined ? [value] : undefined;
  }
  return undefined;
}
