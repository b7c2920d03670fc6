import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { StageSettings } from '../../stage-settings.ts';

/** The stateful resources every function is told about. */
export interface StatefulRefs {
  originals: s3.IBucket;
  derived: s3.IBucket;
  deliveries: s3.IBucket;
  table: dynamodb.ITable;
  jobs: sqs.IQueue;
  deadJobs: sqs.IQueue;
  /** The signing key ring; only the functions that sign or verify are told it (the api). */
  signingKeySecret: secretsmanager.ISecret;
  /** The CDN serving published videos (`https://<CloudFront domain>`); only the api is told it. */
  publicMediaUrl: string;
}

/**
 * The `REPORTAGE_*` variables of `REPORTAGE_BACKEND=aws` (shared/config.ts parses them; the
 * region comes from Lambda's own `AWS_REGION`). Scratch and spool folders live in /tmp.
 */
export function functionEnvironment({ refs, settings }: { refs: StatefulRefs; settings: StageSettings }): Record<string, string> {
  return {
    REPORTAGE_BACKEND: 'aws',
    REPORTAGE_DATA_DIR: '/tmp/reportage',
    REPORTAGE_ORIGINALS_BUCKET: refs.originals.bucketName,
    REPORTAGE_DERIVED_BUCKET: refs.derived.bucketName,
    REPORTAGE_DELIVERIES_BUCKET: refs.deliveries.bucketName,
    REPORTAGE_TABLE: refs.table.tableName,
    REPORTAGE_JOB_QUEUE_URL: refs.jobs.queueUrl,
    REPORTAGE_DEAD_LETTER_QUEUE_URL: refs.deadJobs.queueUrl,
    REPORTAGE_JOB_VISIBILITY_SECONDS: String(settings.jobVisibilitySeconds),
    REPORTAGE_JOB_MAX_ATTEMPTS: String(settings.maxJobAttempts),
  };
}
