import { CfnOutput } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { StageSettings } from '../../stage-settings.ts';
import { functionEnvironment, type StatefulRefs } from './function-environment.ts';
import { NodeHandler } from './node-handler.ts';

export interface ApiFunctionProps {
  refs: StatefulRefs;
  settings: StageSettings;
}

/**
 * The web app (functions/api.ts: Hono on Lambda) behind a function URL. The app does its own
 * access control (invite links, sessions, CSRF), so the URL's auth type is NONE. Grants: the
 * table; staged uploads (presigned multipart part URLs are signed with this role, so it needs
 * PutObject, AbortMultipartUpload and ListMultipartUploadParts on `uploads/*`); reading originals,
 * derived files and deliveries (downloads); sending jobs.
 */
export class ApiFunction extends Construct {
  readonly function: lambda.IFunction;
  readonly url: lambda.FunctionUrl;

  constructor(scope: Construct, id: string, { refs, settings }: ApiFunctionProps) {
    super(scope, id);
    const { function: fn } = new NodeHandler(this, 'Handler', {
      entry: 'functions/api.ts',
      memoryMb: settings.api.memoryMb,
      timeoutSeconds: settings.api.timeoutSeconds,
      environment: functionEnvironment({ refs, settings }),
      logRetentionDays: settings.logRetentionDays,
      // The upload page's Uppy is served from node_modules (shared/web/pages/static-files.ts).
      copyFiles: ['package.json', 'dist/uppy.min.mjs', 'dist/uppy.min.css'].map((file) => ({ from: `node_modules/uppy/${file}`, to: `node_modules/uppy/${file}` })),
      // The pages' browser script, built now with the local esbuild (the server cannot build it on
      // Lambda): shared/web/pages/client-bundle.ts serves `client-app.js` from beside its bundle.
      afterBundling: ({ inputDir, outputDir }) => [
        `"${inputDir}/node_modules/.bin/esbuild" "${inputDir}/shared/web/client/main.ts" --bundle --format=esm --platform=browser --target=es2022 --minify --charset=utf8 --legal-comments=none "--external:/static/*" --log-level=warning --outfile="${outputDir}/client-app.js"`,
      ],
    });
    refs.table.grantReadWriteData(fn);
    refs.originals.grantPut(fn, 'uploads/*');
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:AbortMultipartUpload', 's3:ListMultipartUploadParts'], resources: [refs.originals.arnForObjects('uploads/*')] }));
    refs.originals.grantRead(fn);
    refs.derived.grantRead(fn);
    refs.deliveries.grantRead(fn);
    refs.jobs.grantSendMessages(fn);
    this.function = fn;
    this.url = fn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE, invokeMode: lambda.InvokeMode.BUFFERED });
    new CfnOutput(this, 'Url', { value: this.url.url, description: 'The web app (reportage on Lambda).' });
  }
}
