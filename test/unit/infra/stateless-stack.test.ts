import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { StatefulStack } from '../../../infra/lib/stateful-stack.ts';
import { StatelessStack } from '../../../infra/lib/stateless-stack.ts';
import { STAGES } from '../../../infra/stage-settings.ts';

/**
 * One synth for the file. Bundling is skipped (`aws:cdk:bundling-stacks: []`): these tests read
 * the templates, and `npx cdk synth` bundles with the local esbuild for real.
 */
const settings = STAGES.prod;
const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
const stateful = new StatefulStack(app, 'stateful', { settings });
const stateless = new StatelessStack(app, 'stateless', { settings, refs: stateful });
const template = Template.fromStack(stateless);

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };
/** The IAM statements attached to the role of the function whose logical id starts with `prefix`. */
function statementsOf(prefix: string): Statement[] {
  const functions = template.findResources('AWS::Lambda::Function');
  const fnId = Object.keys(functions).find((id) => id.startsWith(prefix) && functions[id]?.Properties?.Role !== undefined);
  const roleRef = (functions[fnId!]!.Properties!.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
    (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleRef),
  );
  return policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
}
const actionsOf = (statements: Statement[]) => statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));

describe('StatelessStack', () => {
  it('runs the worker as a container image with reserved concurrency, /tmp and the stage memory', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      PackageType: 'Image',
      ReservedConcurrentExecutions: settings.worker.reservedConcurrency,
      MemorySize: settings.worker.memoryMb,
      EphemeralStorage: { Size: settings.worker.ephemeralStorageMb },
      Timeout: settings.worker.timeoutSeconds,
      Environment: {
        Variables: Match.objectLike({
          REPORTAGE_BACKEND: 'aws',
          REPORTAGE_JOB_MAX_ATTEMPTS: String(settings.maxJobAttempts),
          REPORTAGE_TABLE: Match.anyValue(),
        }),
      },
    });
  });

  it('feeds the worker from the job queue one job at a time, reporting partial batch failures', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: settings.worker.reservedConcurrency },
    });
  });

  it('keeps the queue visibility at least the worker timeout (Lambda refuses less)', () => {
    expect(settings.jobVisibilitySeconds).toBeGreaterThanOrEqual(settings.worker.timeoutSeconds);
  });

  it('runs the API and ingest functions on Node.js 24 (arm64), the API behind a function URL', () => {
    const nodeFunctions = template.findResources('AWS::Lambda::Function', { Properties: { Runtime: 'nodejs24.x' } });
    expect(Object.keys(nodeFunctions).filter((id) => id.startsWith('Api') || id.startsWith('Ingest'))).toHaveLength(2);
    for (const fn of Object.values(nodeFunctions)) expect(fn.Properties.Architectures).toEqual(['arm64']);
    template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'NONE' });
  });

  it('notifies the ingest function of objects created under incoming/ and of browser uploads S3 joined under uploads/, only', () => {
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          Match.objectLike({ Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'incoming/' }] } } }),
          Match.objectLike({ Events: ['s3:ObjectCreated:CompleteMultipartUpload'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'uploads/' }] } } }),
        ],
      },
    });
  });

  it('alarms on dead letters, on job age and on worker errors', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 3);
    // The dead-letter function drains the dead-letter queue: the alarm counts what reaches it.
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'NumberOfMessagesReceived',
      Namespace: 'AWS/SQS',
      Statistic: 'Sum',
      Threshold: 1,
      AlarmActions: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateAgeOfOldestMessage', Threshold: settings.maxJobAgeSeconds });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Errors', Namespace: 'AWS/Lambda' });
  });

  it('grants no wildcard action, and deletes objects only where each function must', () => {
    const everything = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
    expect(actionsOf(everything)).not.toContain('*');
    expect(actionsOf(everything).filter((action) => action.endsWith(':*'))).toEqual([]);

    // The api deletes only a withdrawn publication's public files.
    const api = statementsOf('Api');
    const apiDeletes = api.filter((s) => actionsOf([s]).some((action) => action.startsWith('s3:DeleteObject')));
    expect(actionsOf(apiDeletes)).toEqual(['s3:DeleteObject']);
    const deleted = JSON.stringify(apiDeletes.map((s) => s.Resource));
    expect(deleted).toContain('Deliveries');
    expect(deleted.match(/"\/[^"]*\*"/g)).toEqual(['"/public/*"']);
    expect(actionsOf(api)).toContain('sqs:SendMessage');
    expect(actionsOf(api)).not.toContain('sqs:ReceiveMessage');

    const ingest = statementsOf('Ingest');
    const deletes = ingest.filter((s) => actionsOf([s]).some((action) => action.startsWith('s3:DeleteObject')));
    expect(JSON.stringify(deletes.map((s) => s.Resource))).toContain('/incoming/*');
    expect(JSON.stringify(deletes.map((s) => s.Resource))).not.toContain('/originals/*');
  });

  it('runs the dead-letter function on the dead-letter queue, with table items and that queue only', () => {
    const [deadLetterId] = Object.keys(template.findResources('AWS::Lambda::Function', { Properties: { Handler: 'index.handler' } })).filter((id) =>
      id.startsWith('DeadLetter'),
    );
    expect(deadLetterId).toBeDefined();
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping', { Properties: { FunctionName: { Ref: deadLetterId } } }));
    expect(mappings).toHaveLength(1);
    expect(mappings[0]!.Properties).toMatchObject({ BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    expect(JSON.stringify(mappings[0]!.Properties.EventSourceArn)).toContain('DeadJobs');
    const statements = statementsOf('DeadLetter');
    const actions = actionsOf(statements);
    // Consuming the dead-letter queue, reading and putting items: no bucket, no job queue, no scan or delete.
    expect(actions.filter((a) => a.startsWith('s3:'))).toEqual([]);
    expect(actions).not.toContain('sqs:SendMessage');
    expect(actions).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'dynamodb:GetItem', 'dynamodb:PutItem']));
    expect(actions.filter((a) => a.startsWith('dynamodb:')).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
    const queueResources = JSON.stringify(statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('sqs:'))).map((s) => s.Resource));
    expect(queueResources).toContain('DeadJobs');
    expect(queueResources).not.toMatch(/"Jobs[0-9A-F]/);
    // The queue's visibility must cover the function's timeout (Lambda refuses less); 30 s is the default.
    const fn = template.findResources('AWS::Lambda::Function')[deadLetterId!]!;
    expect(fn.Properties.Timeout).toBeLessThanOrEqual(30);
  });

  it('lets the worker consume jobs and dead-letter them itself', () => {
    const worker = actionsOf(statementsOf('Worker'));
    expect(worker).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:SendMessage']));
  });

  it('tells only the api where the CDN of the watch pages is (the distribution of the stateful stack)', () => {
    const functions = template.findResources('AWS::Lambda::Function');
    for (const [id, fn] of Object.entries(functions)) {
      const variables = (fn.Properties?.Environment?.Variables ?? {}) as Record<string, unknown>;
      if (id.startsWith('Api'))
        expect(variables.REPORTAGE_PUBLIC_MEDIA_URL, id).toEqual({
          'Fn::Join': ['', ['https://', { 'Fn::ImportValue': expect.stringMatching(/PublicMediaDistribution[0-9A-F]{8}DomainName/) }]],
        });
      else expect(variables.REPORTAGE_PUBLIC_MEDIA_URL, id).toBeUndefined();
    }
    template.hasOutput('PublicMediaUrl', Match.anyValue());
  });

  it('tells only the api the signing key secret, and grants only it GetSecretValue on that secret', () => {
    const functions = template.findResources('AWS::Lambda::Function');
    for (const [id, fn] of Object.entries(functions)) {
      const variables = (fn.Properties?.Environment?.Variables ?? {}) as Record<string, unknown>;
      if (id.startsWith('Api')) expect(JSON.stringify(variables.REPORTAGE_SIGNING_KEY_SECRET), id).toContain('SigningKeySecret');
      else expect(variables.REPORTAGE_SIGNING_KEY_SECRET, id).toBeUndefined();
    }
    const api = statementsOf('Api').filter((s) => actionsOf([s]).some((a) => a.startsWith('secretsmanager:')));
    expect(api).toHaveLength(1);
    expect(api[0]!.Action).toBe('secretsmanager:GetSecretValue');
    expect(JSON.stringify(api[0]!.Resource)).toContain('SigningKeySecret');
    for (const prefix of ['Worker', 'Ingest', 'DeadLetter']) {
      expect(
        actionsOf(statementsOf(prefix)).filter((a) => a.startsWith('secretsmanager:')),
        prefix,
      ).toEqual([]);
    }
  });
});
