import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { StatefulStack } from '../../../infra/lib/stateful-stack.ts';
import { STAGES } from '../../../infra/stage-settings.ts';
import { TABLE_SCHEMA } from '../../../shared/adapters/aws/dynamo-table.ts';

describe('StatefulStack', () => {
  // Bundling skipped: the rotation function's bundle is not what is checked here.
  const template = Template.fromStack(new StatefulStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'test', { settings: STAGES.prod }));

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
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { maxReceiveCount: STAGES.prod.maxJobAttempts + 1, deadLetterTargetArn: Match.anyValue() },
    });
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

  it('makes the signing key secret with a generated first version (no key in the template), kept in production', () => {
    const secrets = template.findResources('AWS::SecretsManager::Secret');
    expect(Object.keys(secrets)).toHaveLength(1);
    const [secret] = Object.values(secrets);
    expect(secret?.DeletionPolicy).toBe('Retain');
    expect(secret?.Properties?.SecretString).toBeUndefined();
    expect(secret?.Properties?.GenerateSecretString).toMatchObject({
      GenerateStringKey: 'key',
      SecretStringTemplate: '{}',
      PasswordLength: 64,
      ExcludePunctuation: true,
    });
    template.hasOutput('SigningKeySecretArn', { Value: { Ref: Match.stringLikeRegexp('^SigningKeySecret') } });
  });

  it('rotates it every 30 days with its own function, which only Secrets Manager invokes and which reaches only that secret', () => {
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      SecretId: { Ref: Match.stringLikeRegexp('^SigningKeySecret') },
      RotationLambdaARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SigningKeyRotationFunction'), 'Arn'] },
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
      RotateImmediatelyOnUpdate: true,
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'secretsmanager.amazonaws.com',
      Action: 'lambda:InvokeFunction',
      SourceArn: { Ref: Match.stringLikeRegexp('^SigningKeySecret') },
    });
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (policy) => (policy.Properties.PolicyDocument as { Statement: { Sid?: string; Action: string[]; Resource: unknown }[] }).Statement,
    );
    expect(statements).toEqual([
      {
        Sid: 'RotateSigningKey',
        Effect: 'Allow',
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'],
        Resource: { Ref: expect.stringMatching(/^SigningKeySecret/) },
      },
    ]);
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
          "signingKeyRotationDays": 30,
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
          "signingKeyRotationDays": 30,
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
