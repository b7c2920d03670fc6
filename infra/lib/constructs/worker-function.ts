import { Duration, Size } from 'aws-cdk-lib';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IgnoreMode } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { StageSettings } from '../../stage-settings.ts';
import { functionEnvironment, type StatefulRefs } from './function-environment.ts';
import { listStatement, objectStatement, tableStatements } from './grant-statements.ts';
import { REPO_ROOT } from './repo-root.ts';

export interface WorkerFunctionProps {
  refs: StatefulRefs;
  settings: StageSettings;
}

/** Partition keys (`pk`) of the records the jobs read and write (shared/adapters/aws/dynamo-store.ts, sqs-job-queue.ts, dynamo-counters.ts). */
export const WORKER_PARTITION_KEYS = [
  'PROJECT#*',
  'ASSET#*',
  'ORIGINAL#*',
  'VERSION#*',
  'VERSIONNUMBER#*',
  'CUTVERSIONS#*',
  'RENDER#*',
  'JOB#*',
  'JOBKEY#*',
  'COUNTER#*',
];
/** Index partitions (`gsi1pk`) the jobs list: projects, a project's assets, versions and renders, jobs by state. */
export const WORKER_INDEX_KEYS = ['PROJECTS', 'PROJECT#*#ASSETS', 'PROJECT#*#VERSIONS', 'PROJECT#*#RENDERS', 'JOBS#*'];

/**
 * The job worker (functions/worker.ts) in the container image of infra/worker/Dockerfile (Debian
 * 12's ffmpeg and fonts-noto-core, as scripts/setup.sh installs locally). The image context is the
 * repository root narrowed to what the build needs; at synth the asset is only staged, Docker runs
 * at deploy. Reserved concurrency bounds the parallel renders (and the bill); the SQS event source
 * takes one job per invocation (a job is minutes of ffmpeg) and reports partial batch failures.
 * Grants (least privilege: this process parses hostile media): reading `originals/*`; reading and
 * writing the derived bucket; writing `deliveries/*`; no delete anywhere; table items only under
 * the partition keys of `WORKER_PARTITION_KEYS` (no invite, session, upload, draft, comment,
 * review or log); no grant on the signing key secret (Secrets Manager); the job queue (fan-out, heartbeat, completion) and sending to the
 * dead-letter queue (the adapter dead-letters with the error). ffmpeg and ffprobe run without the
 * function's credentials in their environment (shared/media/build-tool-command.ts).
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
    // The process that parses hostile media holds the least: it reads originals and never writes or
    // deletes one (nor a version of one); it writes derived files and deliveries and deletes nothing.
    const grants = [
      objectStatement({ sid: 'ReadOriginalsToProbeAndRender', bucket: refs.originals, prefixes: ['originals/'], actions: ['s3:GetObject'] }),
      objectStatement({ sid: 'ReadWriteDerivedFilesAndRenderCache', bucket: refs.derived, prefixes: ['*'], actions: ['s3:GetObject', 's3:PutObject'] }),
      objectStatement({ sid: 'WriteDeliveries', bucket: refs.deliveries, prefixes: ['deliveries/'], actions: ['s3:PutObject'] }),
      listStatement({ sid: 'CacheLookupsSeeMissingKeys', buckets: [refs.derived] }),
      // Only the records jobs work on: never invites, sessions, uploads, drafts, comments, reviews
      // or logs (their partition keys match none of these patterns). The signing key is not in the table.
      ...tableStatements({
        sid: 'JobRecordsOnly',
        table: refs.table,
        actions: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'],
        leadingKeys: WORKER_PARTITION_KEYS,
        index: { leadingKeys: WORKER_INDEX_KEYS },
      }),
      new iam.PolicyStatement({ sid: 'FanOutJobs', actions: ['sqs:SendMessage'], resources: [refs.jobs.queueArn] }),
      // Heartbeat and retry delay (ChangeMessageVisibility), completion (DeleteMessage); the event source mapping adds its own polling grants.
      new iam.PolicyStatement({ sid: 'SettleOwnJobs', actions: ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage'], resources: [refs.jobs.queueArn] }),
      new iam.PolicyStatement({ sid: 'DeadLetterWithError', actions: ['sqs:SendMessage'], resources: [refs.deadJobs.queueArn] }),
    ];
    for (const statement of grants) this.function.addToRolePolicy(statement);
    this.function.addEventSource(
      new SqsEventSource(refs.jobs, { batchSize: 1, reportBatchItemFailures: true, maxConcurrency: Math.max(2, worker.reservedConcurrency) }),
    );
  }
}
