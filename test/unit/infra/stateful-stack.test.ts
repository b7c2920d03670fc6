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

  it('expires delivered files after the retention, never a published video (public/)', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ Prefix: 'deliveries/', ExpirationInDays: STAGES.prod.deliveryRetentionDays })]),
      },
    });
    for (const bucket of Object.values(template.findResources('AWS::S3::Bucket'))) {
      const rules = (bucket.Properties.LifecycleConfiguration?.Rules ?? []) as { ExpirationInDays?: number; Prefix?: string }[];
      for (const rule of rules.filter((r) => r.ExpirationInDays !== undefined)) expect(rule.Prefix, JSON.stringify(rule)).toMatch(/^(deliveries|scratch)\//);
    }
  });

  describe('the CDN of the watch pages', () => {
    const distributions = template.findResources('AWS::CloudFront::Distribution');
    const [distributionId] = Object.keys(distributions);
    const config = distributions[distributionId!]!.Properties.DistributionConfig;
    type Behavior = { PathPattern?: string; CachePolicyId: unknown; Compress?: boolean; ViewerProtocolPolicy: string; AllowedMethods: string[] };
    const behaviors = config.CacheBehaviors as Behavior[];
    const cachePolicy = (behavior: Behavior) => {
      const ref = (behavior.CachePolicyId as { Ref: string }).Ref;
      return template.findResources('AWS::CloudFront::CachePolicy')[ref]!.Properties.CachePolicyConfig;
    };
    const deliveriesPolicy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find(
      (policy) => policy.Properties.Bucket.Ref === Object.keys(template.findResources('AWS::S3::Bucket')).find((id) => id.startsWith('Deliveries')),
    );

    it('is one distribution in front of the deliveries bucket, signed by an origin access control (always, SigV4)', () => {
      expect(Object.keys(distributions)).toHaveLength(1);
      template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
      template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
        OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
      });
      expect(config.Origins).toEqual([
        expect.objectContaining({
          DomainName: { 'Fn::GetAtt': [expect.stringMatching(/^Deliveries/), 'RegionalDomainName'] },
          OriginAccessControlId: { 'Fn::GetAtt': [expect.stringMatching(/^PublicMediaAccessControl/), 'Id'] },
          S3OriginConfig: { OriginAccessIdentity: '' },
        }),
      ]);
      // The bucket stays private: no public access at all.
      template.hasResourceProperties('AWS::S3::Bucket', {
        LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Prefix: 'deliveries/' })]) },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      });
    });

    it('lets CloudFront read public/* of the deliveries bucket only, for this distribution only, and list nothing', () => {
      const statements = deliveriesPolicy!.Properties.PolicyDocument.Statement as { Effect: string; Principal: unknown; Action: unknown }[];
      const allows = statements.filter((s) => s.Effect === 'Allow');
      expect(allows).toEqual([
        {
          Sid: 'CloudFrontReadsPublicFolder',
          Effect: 'Allow',
          Principal: { Service: 'cloudfront.amazonaws.com' },
          Action: 's3:GetObject',
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^Deliveries/), 'Arn'] }, '/public/*']] },
          Condition: {
            StringEquals: {
              'AWS:SourceArn': {
                'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudfront::', { Ref: 'AWS::AccountId' }, ':distribution/', { Ref: distributionId }]],
              },
            },
          },
        },
      ]);
      // CDK's own OAC grant (the whole bucket) is not there; the TLS-only deny still is.
      expect(JSON.stringify(statements)).not.toContain('s3:ListBucket');
      expect(statements.filter((s) => s.Effect === 'Deny')).toHaveLength(1);
    });

    it('serves playlists and captions for at most 10 s at the edge, compressed; segments, poster and MP4 for at most 300 s', () => {
      expect(behaviors.map((b) => b.PathPattern)).toEqual(['public/*.m3u8', 'public/*.vtt', 'public/*']);
      for (const playlist of behaviors.slice(0, 2)) {
        expect(playlist.Compress).toBe(true);
        expect(cachePolicy(playlist)).toMatchObject({
          MinTTL: 0,
          DefaultTTL: 10,
          MaxTTL: 10,
          ParametersInCacheKeyAndForwardedToOrigin: {
            EnableAcceptEncodingGzip: true,
            EnableAcceptEncodingBrotli: true,
            QueryStringsConfig: { QueryStringBehavior: 'none' },
            HeadersConfig: { HeaderBehavior: 'none' },
            CookiesConfig: { CookieBehavior: 'none' },
          },
        });
      }
      expect(cachePolicy(behaviors[2]!)).toMatchObject({ MinTTL: 0, DefaultTTL: 300, MaxTTL: 300 });
      // A withdrawn key (S3: 403 to a caller that may not list) is not remembered longer than a playlist.
      expect(config.CustomErrorResponses).toEqual([
        { ErrorCode: 403, ErrorCachingMinTTL: 10 },
        { ErrorCode: 404, ErrorCachingMinTTL: 10 },
      ]);
    });

    it('answers 404 at the edge to any path outside public/ (the default behaviour never reaches the bucket)', () => {
      const functionRef = config.DefaultCacheBehavior.FunctionAssociations[0].FunctionARN['Fn::GetAtt'][0] as string;
      expect(config.DefaultCacheBehavior.FunctionAssociations).toEqual([
        { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [functionRef, 'FunctionARN'] } },
      ]);
      const code = template.findResources('AWS::CloudFront::Function')[functionRef]!.Properties.FunctionCode as string;
      // The function as CloudFront runs it: whatever the request, a 404 and nothing from the origin.
      const handler = new Function(`${code}; return handler;`)() as (event: unknown) => { statusCode: number };
      for (const uri of ['/deliveries/p/v/master.mxf', '/originals/0f3c', '/', '/public'])
        expect(handler({ request: { method: 'GET', uri, headers: {} } }).statusCode, uri).toBe(404);
    });

    it('is HTTPS only, GET/HEAD only, HTTP/2 and 3, price class 200 (Vietnam included), CORS for any site', () => {
      for (const behavior of [config.DefaultCacheBehavior as Behavior, ...behaviors]) {
        expect(behavior.ViewerProtocolPolicy).toBe('redirect-to-https');
        expect(behavior.AllowedMethods).toEqual(['GET', 'HEAD']);
        expect((behavior as { ResponseHeadersPolicyId?: { Ref: string } }).ResponseHeadersPolicyId?.Ref).toMatch(/^PublicMediaCors/);
      }
      expect(config).toMatchObject({ HttpVersion: 'http2and3', PriceClass: 'PriceClass_200', Enabled: true });
      template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
        ResponseHeadersPolicyConfig: {
          CorsConfig: {
            AccessControlAllowOrigins: { Items: ['*'] },
            AccessControlAllowMethods: { Items: ['GET', 'HEAD'] },
            AccessControlAllowCredentials: false,
            OriginOverride: true,
          },
        },
      });
    });

    it('gives its https URL as an output (REPORTAGE_PUBLIC_MEDIA_URL)', () => {
      template.hasOutput('PublicMediaUrl', { Value: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]] } });
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
