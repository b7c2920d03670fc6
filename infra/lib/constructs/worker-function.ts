import { Duration, Size } from 'aws-cdk-lib';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IgnoreMode } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { StageSettings } from '../../stage-settings.ts';
import { functionEnvironment, type StatefulRefs } from './function-environment.ts';
import { REPO_ROOT } from './repo-root.ts';

export interface WorkerFunctionProps {
  refs: StatefulRefs;
  settings: StageSettings;
}

/**
 * The job worker (functions/worker.ts) in the container image of infra/worker/Dockerfile (Debian
 * 12's ffmpeg and fonts-noto-core, as scripts/setup.sh installs locally). The image context is the
 * repository root narrowed to what the build needs; at synth the asset is only staged, Docker runs
 * at deploy. Reserved concurrency bounds the parallel renders (and the bill); the SQS event source
 * takes one job per invocation (a job is minutes of ffmpeg) and reports partial batch failures.
 * Grants: every bucket read/write (derivatives, segments, deliveries), the table, consuming the
 * job queue and sending to it (fan-out), sending to the dead-letter queue (the adapter
 * dead-letters with the error).
 */
export class WorkerFunction extends Construct {
  readonly function: lambda.DockerImageFunction;

  constructor(scope: Construct, id: string, { refs, settings }: WorkerFunctionProps) {
    super(scope, id);
    const { worker } = settings;
    this.function = new lambda.DockerImageFunction(this, 'Function', {
      code: lambda.DockerImageCode.fromImageAsset(REPO_ROOT, {
        file: 'infra/worker/Dockerfile',
        platform: Platform.LINUX_AMD64,
        ignoreMode: IgnoreMode.DOCKER,
        exclude: ['**', '!package.json', '!package-lock.json', '!tsconfig.json', '!shared/**', '!functions/**', '!infra/worker/**'],
      }),
      architecture: lambda.Architecture.X86_64,
      memorySize: worker.memoryMb,
      ephemeralStorageSize: Size.mebibytes(worker.ephemeralStorageMb),
      timeout: Duration.seconds(worker.timeoutSeconds),
      reservedConcurrentExecutions: worker.reservedConcurrency,
      logGroup: new logs.LogGroup(this, 'Logs', { retention: settings.logRetentionDays as logs.RetentionDays }),
      environment: {
        ...functionEnvironment({ refs, settings }),
        // ffmpeg gets the function's memory minus what Node needs, and stops before Lambda would kill it.
        REPORTAGE_FFMPEG_MEMORY_MB: String(worker.memoryMb - 512),
        REPORTAGE_FFMPEG_TIMEOUT_SECONDS: String(worker.timeoutSeconds - 30),
        REPORTAGE_WORKERS: '1',
      },
    });
    for (const bucket of [refs.originals, refs.derived, refs.deliveries]) bucket.grantReadWrite(this.function);
    refs.table.grantReadWriteData(this.function);
    refs.jobs.grantConsumeMessages(this.function);
    refs.jobs.grantSendMessages(this.function);
    refs.deadJobs.grantSendMessages(this.function);
    this.function.addEventSource(
      new SqsEventSource(refs.jobs, { batchSize: 1, reportBatchItemFailures: true, maxConcurrency: Math.max(2, worker.reservedConcurrency) }),
    );
  }
}
