import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
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
/** Browser uploads joined by S3 (shared/adapters/aws/s3-multipart-uploads.ts). */
export const UPLOADS_PREFIX = 'uploads/';

/**
 * The ingest function (functions/ingest.ts): S3 `ObjectCreated` under `incoming/` in the originals
 * bucket → hashed into `originals/<sha256>`, recorded, its ingest job queued; and S3
 * `ObjectCreated:CompleteMultipartUpload` under `uploads/` (a browser upload the api completed) →
 * the staged object hashed and copied server-side into `originals/<sha256>`, recorded, its upload
 * marked completed, the staged object removed. The notifications are set on the bucket imported
 * by name, so this stack depends on the stateful one and never the other way round.
 *
 * Why this function stores browser uploads (and not the api or the worker): it already writes
 * originals and holds 15 minutes, enough to hash a large upload (the api has seconds and must not
 * hold a write to `originals/`); the worker parses hostile media and must keep neither a write
 * to originals nor a delete nor the upload records. It never runs ffmpeg.
 *
 * Grants: read and delete `incoming/*` and `uploads/*`; read and write `originals/*` (never
 * delete); listing the bucket (a missing original answers 404); table items of assets, originals,
 * jobs and uploads (the record an upload's key leads to); sending jobs.
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
      // A completed browser upload: head and one read to hash it, the source of its server-side copy, then its removal.
      objectStatement({ sid: 'StoreCompletedUploads', bucket: refs.originals, prefixes: [UPLOADS_PREFIX], actions: ['s3:GetObject', 's3:DeleteObject'] }),
      // Head of originals/<sha256> before storing (a duplicate is not sent again); the store itself,
      // in parts above 5 GiB (a failed one is aborted). Never a delete of an original.
      objectStatement({
        sid: 'StoreOriginalsOnce',
        bucket: refs.originals,
        prefixes: ['originals/'],
        actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'],
      }),
      listStatement({ sid: 'SeeMissingOriginals', buckets: [refs.originals] }),
      ...tableStatements({
        sid: 'RecordAssetAndJob',
        table: refs.table,
        actions: ['GetItem', 'PutItem'],
        leadingKeys: ['PROJECT#*', 'ASSET#*', 'ORIGINAL#*', 'JOB#*', 'JOBKEY#*'],
      }),
      // The upload a staged key leads to (`UPLOADKEY#` → `UPLOAD#`), marked completed or failed.
      ...tableStatements({ sid: 'FinishUploads', table: refs.table, actions: ['GetItem', 'PutItem'], leadingKeys: ['UPLOADKEY#*', 'UPLOAD#*'] }),
      new iam.PolicyStatement({ sid: 'QueueIngestJob', actions: ['sqs:SendMessage'], resources: [refs.jobs.queueArn] }),
    ];
    for (const statement of grants) fn.addToRolePolicy(statement);
    const bucket = s3.Bucket.fromBucketName(this, 'Originals', refs.originals.bucketName);
    bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(fn), { prefix: INCOMING_PREFIX });
    bucket.addEventNotification(s3.EventType.OBJECT_CREATED_COMPLETE_MULTIPART_UPLOAD, new s3n.LambdaDestination(fn), { prefix: UPLOADS_PREFIX });
    this.function = fn;
  }
}
