import { randomUUID } from 'node:crypto';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { CreateQueueCommand, DeleteQueueCommand } from '@aws-sdk/client-sqs';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import {
  createAwsClients,
  createReportageTable,
  newSigningKeySecretString,
  createTable,
  type AwsClients,
  type BlobBuckets,
  type Table,
} from '../../../shared/adapters/aws/index.ts';
import type { Emulators } from '../../helpers/emulators.ts';

/** The connection settings that point the adapters at the emulators. */
export function emulatorConnection(emulators: Emulators) {
  return {
    region: emulators.region,
    endpoints: { s3: emulators.s3Endpoint, sqs: emulators.sqsEndpoint, dynamodb: emulators.dynamodbEndpoint, secretsmanager: emulators.secretsManagerEndpoint },
    s3ForcePathStyle: true,
    credentials: emulators.credentials,
  };
}

export interface TestResources {
  clients: AwsClients;
  buckets: BlobBuckets;
  table: Table;
  tableName: string;
  queueUrl: string;
  deadLetterQueueUrl: string;
  /** The signing key secret (`signing-key-<id>`), made as the stack makes it: one AWSCURRENT version of 32 random bytes. */
  signingKeySecretArn: string;
  /** Deletes the queues and the table, closes the clients. */
  cleanup(): Promise<void>;
}

/** Fresh buckets, queues, a table and a signing key secret with random names, so every test starts empty. */
export async function makeResources({ emulators }: { emulators: Emulators }): Promise<TestResources> {
  const clients = createAwsClients(emulatorConnection(emulators));
  const id = randomUUID().slice(0, 8);
  const buckets = { originals: `originals-${id}`, derived: `derived-${id}`, deliveries: `deliveries-${id}` };
  for (const bucket of Object.values(buckets)) await clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const tableName = `reportage-${id}`;
  const raw = new DynamoDBClient({ region: emulators.region, endpoint: emulators.dynamodbEndpoint, credentials: emulators.credentials });
  await createReportageTable({ client: raw, tableName });
  const { QueueUrl: queueUrl } = await clients.sqs.send(new CreateQueueCommand({ QueueName: `jobs-${id}` }));
  const { QueueUrl: deadLetterQueueUrl } = await clients.sqs.send(new CreateQueueCommand({ QueueName: `dead-jobs-${id}` }));
  const { ARN: signingKeySecretArn } = await clients.secrets.send(
    new CreateSecretCommand({ Name: `signing-key-${id}`, SecretString: newSigningKeySecretString() }),
  );
  return {
    clients,
    buckets,
    table: createTable({ dynamo: clients.dynamo, tableName }),
    tableName,
    queueUrl: queueUrl!,
    deadLetterQueueUrl: deadLetterQueueUrl!,
    signingKeySecretArn: signingKeySecretArn!,
    async cleanup() {
      await clients.sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl })).catch(() => {});
      await clients.sqs.send(new DeleteQueueCommand({ QueueUrl: deadLetterQueueUrl })).catch(() => {});
      await raw.send(new DeleteTableCommand({ TableName: tableName })).catch(() => {});
      raw.destroy();
      clients.destroy();
    },
  };
}

/**
 * The environment `REPORTAGE_BACKEND=aws` reads, pointing at the emulators and these resources
 * (what scripts/emulators.ts prints for a person). The SDK takes the emulators' dummy credentials
 * from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.
 */
export function emulatorEnv({ emulators, resources, dataDir }: { emulators: Emulators; resources: TestResources; dataDir: string }): Record<string, string> {
  return {
    REPORTAGE_BACKEND: 'aws',
    REPORTAGE_DATA_DIR: dataDir,
    REPORTAGE_AWS_REGION: emulators.region,
    REPORTAGE_ORIGINALS_BUCKET: resources.buckets.originals,
    REPORTAGE_DERIVED_BUCKET: resources.buckets.derived,
    REPORTAGE_DELIVERIES_BUCKET: resources.buckets.deliveries,
    REPORTAGE_TABLE: resources.tableName,
    REPORTAGE_JOB_QUEUE_URL: resources.queueUrl,
    REPORTAGE_DEAD_LETTER_QUEUE_URL: resources.deadLetterQueueUrl,
    REPORTAGE_S3_ENDPOINT: emulators.s3Endpoint,
    REPORTAGE_SQS_ENDPOINT: emulators.sqsEndpoint,
    REPORTAGE_DYNAMODB_ENDPOINT: emulators.dynamodbEndpoint,
    REPORTAGE_SECRETSMANAGER_ENDPOINT: emulators.secretsManagerEndpoint,
    REPORTAGE_SIGNING_KEY_SECRET: resources.signingKeySecretArn,
    REPORTAGE_S3_PATH_STYLE: 'true',
    REPORTAGE_JOB_MAX_ATTEMPTS: '2',
    REPORTAGE_JOB_VISIBILITY_SECONDS: '30',
    AWS_ACCESS_KEY_ID: emulators.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: emulators.credentials.secretAccessKey,
  };
}
