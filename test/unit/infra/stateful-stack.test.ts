import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { StatefulStack } from '../../../infra/lib/stateful-stack.ts';
import { STAGES } from '../../../infra/stage-settings.ts';

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

  it('has a table with point-in-time recovery and a job queue that dead-letters after 3 receives', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', { PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } });
    template.hasResourceProperties('AWS::SQS::Queue', { RedrivePolicy: { maxReceiveCount: 3, deadLetterTargetArn: Match.anyValue() } });
  });

  it('matches the per-stage settings snapshot', () => {
    expect(STAGES).toMatchInlineSnapshot(`
      {
        "dev": {
          "abortMultipartAfterDays": 1,
          "deliveryRetentionDays": 30,
          "jobVisibilitySeconds": 900,
          "maxJobAttempts": 3,
          "retainData": false,
        },
        "prod": {
          "abortMultipartAfterDays": 7,
          "deliveryRetentionDays": 365,
          "jobVisibilitySeconds": 900,
          "maxJobAttempts": 3,
          "retainData": true,
        },
      }
    `);
  });
});
