import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { StageSettings } from '../stage-settings.ts';
import { PublicMediaDistribution } from './constructs/public-media-distribution.ts';
import { SigningKeySecret } from './constructs/signing-key-secret.ts';

export interface StatefulStackProps extends StackProps {
  settings: StageSettings;
}

/**
 * What holds data: the originals bucket (versioned, encrypted, private, CORS for browser
 * multipart uploads, stale multipart uploads aborted), the derived/cache and deliveries buckets,
 * the single DynamoDB table (point-in-time recovery), the job queue with its dead-letter queue,
 * the signing key secret with its rotation (`SigningKeySecret`), and the CDN of the watch pages in
 * front of the deliveries bucket's public folder (`PublicMediaDistribution`: here because its
 * bucket policy and the distribution name each other).
 */
export class StatefulStack extends Stack {
  readonly originals: s3.Bucket;
  readonly derived: s3.Bucket;
  readonly deliveries: s3.Bucket;
  readonly table: dynamodb.Table;
  readonly jobs: sqs.Queue;
  readonly deadJobs: sqs.Queue;
  /** The signing key ring of links and CSRF tokens (Secrets Manager, rotated every `signingKeyRotationDays`). */
  readonly signingKeySecret: secretsmanager.Secret;
  /** CloudFront in front of `public/` of the deliveries bucket. */
  readonly publicMedia: PublicMediaDistribution;
  /** Its `https://<domain>`: the api's `REPORTAGE_PUBLIC_MEDIA_URL`. */
  readonly publicMediaUrl: string;

  constructor(scope: Construct, id: string, { settings, ...props }: StatefulStackProps) {
    super(scope, id, props);
    const removalPolicy = settings.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const privateBucket = {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      removalPolicy,
      autoDeleteObjects: !settings.retainData,
    };

    this.originals = new s3.Bucket(this, 'Originals', {
      ...privateBucket,
      versioned: true,
      cors: [
        {
          allowedMethods: [s3.HttpMethods.PUT, s3.HttpMethods.GET, s3.HttpMethods.HEAD],
          allowedOrigins: ['*'],
          allowedHeaders: ['*'],
          exposedHeaders: ['ETag'],
          maxAge: 3000,
        },
      ],
      lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(settings.abortMultipartAfterDays) }],
    });
    this.derived = new s3.Bucket(this, 'Derived', {
      ...privateBucket,
      lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(1) }, { prefix: 'scratch/', expiration: Duration.days(2) }],
    });
    // Delivered files expire; a published video's public folder (`public/…`) stays until it is unpublished.
    this.deliveries = new s3.Bucket(this, 'Deliveries', {
      ...privateBucket,
      lifecycleRules: [
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
        { prefix: 'deliveries/', expiration: Duration.days(settings.deliveryRetentionDays) },
      ],
    });
    this.publicMedia = new PublicMediaDistribution(this, 'PublicMedia', { bucket: this.deliveries });
    this.publicMediaUrl = this.publicMedia.url;
    new CfnOutput(this, 'PublicMediaUrl', {
      value: this.publicMediaUrl,
      description: 'REPORTAGE_PUBLIC_MEDIA_URL: the CDN the watch pages play published videos from (docs/aws.md "Watch pages on AWS").',
    });
    // The shape the adapters expect (shared/adapters/aws/dynamo-table.ts TABLE_SCHEMA; a test keeps them equal).
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: 'expiresAt',
      removalPolicy,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: 'gsi1',
      partitionKey: { name: 'gsi1pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'gsi1sk', type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });
    this.deadJobs = new sqs.Queue(this, 'DeadJobs', { retentionPeriod: Duration.days(14), enforceSSL: true });
    this.jobs = new sqs.Queue(this, 'Jobs', {
      visibilityTimeout: Duration.seconds(settings.jobVisibilitySeconds),
      enforceSSL: true,
      // The SQS adapter dead-letters a job itself after maxJobAttempts (keeping its error on the job
      // record); SQS's redrive, one receive later, only catches messages that crash every consumer.
      deadLetterQueue: { queue: this.deadJobs, maxReceiveCount: settings.maxJobAttempts + 1 },
    });
    this.signingKeySecret = new SigningKeySecret(this, 'SigningKey', {
      removalPolicy,
      rotationDays: settings.signingKeyRotationDays,
      logRetentionDays: settings.logRetentionDays,
    }).secret;
    new CfnOutput(this, 'SigningKeySecretArn', {
      value: this.signingKeySecret.secretArn,
      description: 'REPORTAGE_SIGNING_KEY_SECRET: the signing key ring (docs/aws.md).',
    });
  }
}
