/**
 * Runs the AWS backend's emulators on this machine, for watching the serverless flow without an
 * AWS account: fauxqs (S3 + SQS), dynalite (DynamoDB) and our Secrets Manager emulator
 * (test/helpers/secrets-manager-emulator.ts: none is on npm), all on 127.0.0.1 only, with the
 * buckets, the table, the queues and the signing key secret the stacks would create (its rotation
 * runs the stack's rotation function in-process: `reportage keys rotate`). Prints the environment to export,
 * then runs until Ctrl-C. Data lives in memory: it is gone when this stops. The S3 emulator takes
 * request bodies up to 5 GiB (fauxqs's own limit, 11 MiB, is raised:
 * test/helpers/emulators.ts), so real camera files go through; each object is held in memory.
 *
 *   npx tsx scripts/emulators.ts [--port 4566] [--dynamodb-port 4567] [--secrets-manager-port 4568]
 *   # in other terminals, after pasting the printed exports:
 *   npx reportage serve      # the web app on the aws backend
 *   npx reportage worker     # one or more workers consuming SQS
 *
 * docs/aws.md explains each variable.
 */
import { parseArgs } from 'node:util';
import { CreateBucketCommand, PutBucketCorsCommand } from '@aws-sdk/client-s3';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { handler as rotateSigningKey } from '../functions/rotate-signing-key.ts';
import { createAwsClients, createReportageTable, newSigningKeySecretString } from '../shared/adapters/aws/index.ts';
import { EMULATOR_S3_BODY_LIMIT_BYTES, startEmulators } from '../test/helpers/emulators.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4566' },
    'dynamodb-port': { type: 'string', default: '4567' },
    'secrets-manager-port': { type: 'string', default: '4568' },
  },
});
const emulators = await startEmulators({
  fauxqsPort: Number(values.port),
  dynamodbPort: Number(values['dynamodb-port']),
  secretsManagerPort: Number(values['secrets-manager-port']),
});
const clients = createAwsClients({
  region: emulators.region,
  endpoints: { s3: emulators.s3Endpoint, sqs: emulators.sqsEndpoint, dynamodb: emulators.dynamodbEndpoint, secretsmanager: emulators.secretsManagerEndpoint },
  s3ForcePathStyle: true,
  credentials: emulators.credentials,
});
const buckets = { originals: 'reportage-originals', derived: 'reportage-derived', deliveries: 'reportage-deliveries' };
for (const bucket of Object.values(buckets)) await clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
// The browser PUTs upload parts straight to the bucket and reads their ETag, as on AWS.
await clients.s3
  .send(
    new PutBucketCorsCommand({
      Bucket: buckets.originals,
      CORSConfiguration: { CORSRules: [{ AllowedMethods: ['PUT', 'GET', 'HEAD'], AllowedOrigins: ['*'], AllowedHeaders: ['*'], ExposeHeaders: ['ETag'] }] },
    }),
  )
  .catch(() => {}); // fauxqs answers CORS for every bucket already
const dynamo = new DynamoDBClient({ region: emulators.region, endpoint: emulators.dynamodbEndpoint, credentials: emulators.credentials });
await createReportageTable({ client: dynamo, tableName: 'reportage' });
const { QueueUrl: queueUrl } = await clients.sqs.send(new CreateQueueCommand({ QueueName: 'reportage-jobs', Attributes: { VisibilityTimeout: '900' } }));
const { QueueUrl: deadLetterQueueUrl } = await clients.sqs.send(new CreateQueueCommand({ QueueName: 'reportage-dead-jobs' }));
const { ARN: signingKeySecretArn } = await clients.secrets.send(
  new CreateSecretCommand({ Name: 'reportage-signing-key', SecretString: newSigningKeySecretString() }),
);
// RotateSecret runs the stack's rotation function here, against this emulator.
process.env.REPORTAGE_SECRETSMANAGER_ENDPOINT = emulators.secretsManagerEndpoint;
process.env.AWS_ACCESS_KEY_ID = emulators.credentials.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY = emulators.credentials.secretAccessKey;
emulators.secretsManager.rotationFunction = (event) => rotateSigningKey(event);

const env = {
  REPORTAGE_BACKEND: 'aws',
  REPORTAGE_AWS_REGION: emulators.region,
  REPORTAGE_ORIGINALS_BUCKET: buckets.originals,
  REPORTAGE_DERIVED_BUCKET: buckets.derived,
  REPORTAGE_DELIVERIES_BUCKET: buckets.deliveries,
  REPORTAGE_TABLE: 'reportage',
  REPORTAGE_JOB_QUEUE_URL: queueUrl ?? '',
  REPORTAGE_DEAD_LETTER_QUEUE_URL: deadLetterQueueUrl ?? '',
  REPORTAGE_S3_ENDPOINT: emulators.s3Endpoint,
  REPORTAGE_SQS_ENDPOINT: emulators.sqsEndpoint,
  REPORTAGE_DYNAMODB_ENDPOINT: emulators.dynamodbEndpoint,
  REPORTAGE_SECRETSMANAGER_ENDPOINT: emulators.secretsManagerEndpoint,
  REPORTAGE_SIGNING_KEY_SECRET: signingKeySecretArn ?? '',
  REPORTAGE_S3_PATH_STYLE: 'true',
  AWS_ACCESS_KEY_ID: emulators.credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: emulators.credentials.secretAccessKey,
};
process.stderr.write(
  `emulators: S3/SQS (fauxqs, S3 bodies up to ${Math.round(EMULATOR_S3_BODY_LIMIT_BYTES / 1024 ** 2)} MiB) DynamoDB (dynalite) and Secrets Manager on 127.0.0.1; paste these in the shells that run reportage:\n`,
);
process.stdout.write(
  `${Object.entries(env)
    .map(([name, value]) => `export ${name}=${value}`)
    .join('\n')}\n`,
);

const stop = async () => {
  process.stderr.write('emulators: stopping\n');
  clients.destroy();
  dynamo.destroy();
  await emulators.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
