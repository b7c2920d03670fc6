import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { StatefulStack } from '../../../infra/lib/stateful-stack.ts';
import { STAGES } from '../../../infra/stage-settings.ts';
import { TABLE_SCHEMA } from '../../../shared/adapters/aws/dynamo-table.ts';

describe('StatefulStack', () => {
  const template = Template.fromStack(new StatefulStack(new App(), 'test', { settings: STAGES.prod }));

  it('keeps originals versioned, encrypted and private, and aborts stale multipart uploads', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: Match.anyValue(),
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } })]) },
    });
  });

  it('retains data in production', () => {
    const buckets = template.findResources('AWS::S3::Bucket');
    for (const bucket of Object.values(buckets)) expect(bucket.DeletionPolicy).toBe('Retain');
  });

  it('has a table with point-in-time recovery, and a queue whose own redrive is one receive after the adapter dead-letters', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', { PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } });
    template.hasResourceProperties('AWS::SQS::Queue', { RedrivePolicy: { maxReceiveCount: STAGES.prod.maxJobAttempts + 1, deadLetterTargetArn: Match.anyValue() } });
  });

  it('gives the table the keys, index and TTL attribute the DynamoDB adapters use', () => {
    const { partitionKey, sortKey, gsi, ttlAttribute } = TABLE_SCHEMA;
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: partitionKey, KeyType: 'HASH' },
        { AttributeName: sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: gsi.name,
          KeySchema: [
            { AttributeName: gsi.partitionKey, KeyType: 'HASH' },
            { AttributeName: gsi.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      TimeToLiveSpecification: { AttributeName: ttlAttribute, Enabled: true },
    });
  });

  it('matches the per-stage settings snapshot', () => {
    expect(STAGES).toMatchInlineSnapshot(`
      {
        "dev": {
          "abortMultipartAfterDays": 1,
          "api": {
            "memoryMb": 1024,
            "timeoutSeconds": 29,
          },
          "deliveryRetentionDays": 30,
          "ingest": {
            "ephemeralStorageMb": 10240,
            "memoryMb": 1024,
            "timeoutSeconds": 900,
          },
          "jobVisibilitySeconds": 900,
          "logRetentionDays": 14,
          "maxJobAgeSeconds": 1800,
          "maxJobAttempts": 3,
          "retainData": false,
          "worker": {
            "ephemeralStorageMb": 10240,
            "memoryMb": 4096,
            "reservedConcurrency": 10,
            "timeoutSeconds": 900,
          },
        },
        "prod": {
          "abortMultipartAfterDays": 7,
          "api": {
            "memoryMb": 1024,
            "timeoutSeconds": 29,
          },
          "deliveryRetentionDays": 365,
          "ingest": {
            "ephemeralStorageMb": 10240,
            "memoryMb": 2048,
            "timeoutSeconds": 900,
          },
          "jobVisibilitySeconds": 900,
          "logRetentionDays": 90,
          "maxJobAgeSeconds": 900,
          "maxJobAttempts": 3,
          "retainData": true,
          "worker": {
            "ephemeralStorageMb": 10240,
            "memoryMb": 10240,
            "reservedConcurrency": 100,
            "timeoutSeconds": 900,
          },
        },
      }
    `);
  });
});
