import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import { Construct } from 'constructs';
import type { StageSettings } from '../../stage-settings.ts';
import { functionEnvironment, type StatefulRefs } from './function-environment.ts';
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
 * other way round. Grants: read `incoming/*` and `originals/*`, write `originals/*`, delete
 * `incoming/*`; the table; sending jobs.
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
    refs.originals.grantRead(fn, `${INCOMING_PREFIX}*`);
    refs.originals.grantRead(fn, 'originals/*');
    refs.originals.grantPut(fn, 'originals/*');
    refs.originals.grantDelete(fn, `${INCOMING_PREFIX}*`);
    refs.table.grantReadWriteData(fn);
    refs.jobs.grantSendMessages(fn);
    const bucket = s3.Bucket.fromBucketName(this, 'Originals', refs.originals.bucketName);
    bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(fn), { prefix: INCOMING_PREFIX });
    this.function = fn;
  }
}
