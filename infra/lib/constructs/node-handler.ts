import path from 'node:path';
import { Duration, Size } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { REPO_ROOT } from './repo-root.ts';

export interface NodeHandlerProps {
  /** The handler's entry file, relative to the repository root (e.g. `functions/api.ts`). */
  entry: string;
  /** More shell commands after bundling (run at synth on the deploying machine, in the repository root). */
  afterBundling?: (dirs: { inputDir: string; outputDir: string }) => string[];
  memoryMb: number;
  timeoutSeconds: number;
  /** /tmp size in MiB (default 512, Lambda's free amount). */
  ephemeralStorageMb?: number;
  environment: Record<string, string>;
  logRetentionDays: number;
  /** Files copied next to the bundle, as `from` (relative to the repository root) → `to` (relative to the bundle). */
  copyFiles?: { from: string; to: string }[];
}

/**
 * One Node.js function of the product: Node.js 24 on arm64, ESM bundled by the local esbuild
 * (no Docker at synth), source maps on, the AWS SDK bundled at the version the lock file pins
 * (not the runtime's), better-sqlite3 left out (the local backend never runs on Lambda), files
 * the code reads at run time copied next to the bundle, its own log group with the stage's retention.
 */
export class NodeHandler extends Construct {
  readonly function: nodejs.NodejsFunction;

  constructor(scope: Construct, id: string, props: NodeHandlerProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetentionDays as logs.RetentionDays });
    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: path.join(REPO_ROOT, props.entry),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memoryMb,
      timeout: Duration.seconds(props.timeoutSeconds),
      ephemeralStorageSize: Size.mebibytes(props.ephemeralStorageMb ?? 512),
      environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
      logGroup,
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      bundling: {
        forceDockerBundling: false,
        format: nodejs.OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        // ESM output: CommonJS dependencies still call require().
        banner: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
        sourceMap: true,
        // better-sqlite3: the local backend never runs on Lambda. esbuild: only imported to build the
        // web pages' client script at run time, which the Lambda bundle cannot do (docs/aws.md).
        externalModules: ['better-sqlite3', 'esbuild'],
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir: string, outputDir: string) => [
            ...(props.copyFiles ?? []).map(
              ({ from, to }) => `mkdir -p "${path.posix.dirname(`${outputDir}/${to}`)}" && cp "${inputDir}/${from}" "${outputDir}/${to}"`,
            ),
            ...(props.afterBundling?.({ inputDir, outputDir }) ?? []),
          ],
        },
      },
    });
  }
}
