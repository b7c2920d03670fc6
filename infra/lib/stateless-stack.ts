import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { StageSettings } from '../stage-settings.ts';
import { ApiFunction } from './constructs/api-function.ts';
import { DeadLetterFunction } from './constructs/dead-letter-function.ts';
import type { StatefulRefs } from './constructs/function-environment.ts';
import { IngestFunction } from './constructs/ingest-function.ts';
import { JobAlarms } from './constructs/job-alarms.ts';
import { WorkerFunction } from './constructs/worker-function.ts';

export interface StatelessStackProps extends StackProps {
  settings: StageSettings;
  /** The stateful stack's resources (this stack depends on it, never the other way round). */
  refs: StatefulRefs;
}

/**
 * What holds no data and can be redeployed at will: the API function (the web app) behind a
 * function URL, the ingest function on the originals bucket's drop box, the worker on the job
 * queue, the dead-letter function on the dead-letter queue, and the alarms. One construct per concern; each grants its function only what it uses.
 */
export class StatelessStack extends Stack {
  readonly api: ApiFunction;
  readonly ingest: IngestFunction;
  readonly worker: WorkerFunction;
  readonly deadLetters: DeadLetterFunction;
  readonly alarms: JobAlarms;

  constructor(scope: Construct, id: string, { settings, refs, ...props }: StatelessStackProps) {
    super(scope, id, props);
    this.api = new ApiFunction(this, 'Api', { refs, settings });
    this.ingest = new IngestFunction(this, 'Ingest', { refs, settings });
    this.worker = new WorkerFunction(this, 'Worker', { refs, settings });
    this.deadLetters = new DeadLetterFunction(this, 'DeadLetter', { refs, settings });
    this.alarms = new JobAlarms(this, 'Alarms', {
      jobs: refs.jobs,
      deadJobs: refs.deadJobs,
      worker: this.worker.function,
      maxJobAgeSeconds: settings.maxJobAgeSeconds,
    });
    // What `reportage` needs to run against this deployment from a workstation (docs/aws.md).
    const outputs: Record<string, string> = {
      OriginalsBucket: refs.originals.bucketName,
      DerivedBucket: refs.derived.bucketName,
      DeliveriesBucket: refs.deliveries.bucketName,
      Table: refs.table.tableName,
      JobQueueUrl: refs.jobs.queueUrl,
      DeadLetterQueueUrl: refs.deadJobs.queueUrl,
      SigningKeySecretArn: refs.signingKeySecret.secretArn,
      PublicMediaUrl: refs.publicMediaUrl,
    };
    for (const [name, value] of Object.entries(outputs)) new CfnOutput(this, name, { value });
  }
}
