import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import { Construct } from 'constructs';
import type { StageSettings } from '../../stage-settings.ts';
import { functionEnvironment, type StatefulRefs } from './function-environment.ts';
import { listStatement, objectStatement, tableStatements } from './grant-statements.ts';
import { NodeHandler } from './node-handler.ts';

export interface IngestFunctionProps {
  refs: StatefulRefs;
  settings: StageSettings;
}

/** The originals bucket's drop box (shared/adapters/aws/s3-inbox.ts). */
export const INCOMING_PREFIX = 'incoming/';

/**
 * The ingest function (functions/ingest.ts): S3 `ObjectCreated` under `incoming/` in the originals
 * bucket → hashed into `originals/<sha256>`, recorded, its ingest job queued. The notification is
 * set on the bucket imported by name, so this stack depends on the stateful one and never the
 * other way round. Grants: read and delete `incoming/*`; read and write `originals/*` (never
 * delete); listing the bucket (a missing original answers 404); table items of assets, originals
 * and jobs; sending jobs.
 */
export class IngestFunction extends Construct {
  readonly function: lambda.IFunction;

  constructor(scope: Construct, id: string, { refs, settings }: IngestFunctionProps) {
    super(scope, id);
    const { function: fn } = new NodeHandler(this, 'Handler', {
      entry: 'functions/ingest.ts',
      memoryMb: settings.ingest.memoryMb,
      timeoutSeconds: settings.ingest.timeoutSeconds,
      ephemeralStorageMb: settings.ingest.ephemeralStorageMb,
      environment: functionEnvironment({ refs, settings }),
      logRetentionDays: settings.logRetentionDays,
    });
    const grants = [
      objectStatement({ sid: 'ReadDroppedFiles', bucket: refs.originals, prefixes: [INCOMING_PREFIX], actions: ['s3:GetObject'] }),
      objectStatement({ sid: 'RemoveIngestedDrops', bucket: refs.originals, prefixes: [INCOMING_PREFIX], actions: ['s3:DeleteObject'] }),
      // Head of originals/<sha256> before storing (a duplicate is not sent again); the store itself,
      // in parts above 5 GiB (a failed one is aborted). Never a delete of an original.
      objectStatement({ sid: 'StoreOriginalsOnce', bucket: refs.originals, prefixes: ['originals/'], actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'] }),
      listStatement({ sid: 'SeeMissingOriginals', buckets: [refs.originals] }),
      ...tableStatements({ sid: 'RecordAssetAndJob', table: refs.table, actions: ['GetItem', 'PutItem'], leadingKeys: ['PROJECT#*', 'ASSET#*', 'ORIGINAL#*', 'JOB#*', 'JOBKEY#*'] }),
      new iam.PolicyStatement({ sid: 'QueueIngestJob', actions: ['sqs:SendMessage'], resources: [refs.jobs.queueArn] }),
    ];
    for (const statement of grants) fn.addToRolePolicy(statement);
    const bucket = s3.Bucket.fromBucketName(this, 'Originals', refs.originals.bucketName);
    bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(fn), { prefix: INCOMING_PREFIX });
    this.function = fn;
  }
}
