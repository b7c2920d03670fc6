import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Construct } from 'constructs';
import type { StageSettings } from '../../stage-settings.ts';
import { functionEnvironment, type StatefulRefs } from './function-environment.ts';
import { tableStatements } from './grant-statements.ts';
import { NodeHandler } from './node-handler.ts';

export interface DeadLetterFunctionProps {
  refs: StatefulRefs;
  settings: StageSettings;
}

/**
 * Small and quick: reads a job record and updates a render record. The timeout stays under the
 * dead-letter queue's visibility timeout (30 s, the default), as Lambda requires.
 */
const MEMORY_MB = 256;
const TIMEOUT_SECONDS = 20;

/**
 * The dead-letter function (functions/dead-letter.ts) on the dead-letter queue: each dead job is
 * logged, and a render whose job was dead-lettered is marked failed (`RENDER_JOB_DEAD_LETTERED`)
 * instead of staying "running". Messages come in batches of up to 10; one it cannot report is
 * left on the queue (partial batch failures). Grants, and nothing else: consuming the dead-letter
 * queue (the event source adds it), reading items (job and render records) and writing items
 * (the render record, a conditional put) in the table, under `JOB#` and `RENDER#` only. No
 * bucket, no job queue.
 */
export class DeadLetterFunction extends Construct {
  readonly function: lambda.IFunction;

  constructor(scope: Construct, id: string, { refs, settings }: DeadLetterFunctionProps) {
    super(scope, id);
    const { function: fn } = new NodeHandler(this, 'Handler', {
      entry: 'functions/dead-letter.ts',
      memoryMb: MEMORY_MB,
      timeoutSeconds: TIMEOUT_SECONDS,
      environment: functionEnvironment({ refs, settings }),
      logRetentionDays: settings.logRetentionDays,
    });
    for (const statement of tableStatements({
      sid: 'ReadJobFailRender',
      table: refs.table,
      actions: ['GetItem', 'PutItem'],
      leadingKeys: ['JOB#*', 'RENDER#*'],
    }))
      fn.addToRolePolicy(statement);
    fn.addEventSource(new SqsEventSource(refs.deadJobs, { batchSize: 10, maxBatchingWindow: Duration.seconds(5), reportBatchItemFailures: true }));
    this.function = fn;
  }
}
