import { CfnOutput } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { StageSettings } from '../../stage-settings.ts';
import { functionEnvironment, type StatefulRefs } from './function-environment.ts';
import { listStatement, objectStatement, tableStatements } from './grant-statements.ts';
import { NodeHandler } from './node-handler.ts';

export interface ApiFunctionProps {
  refs: StatefulRefs;
  settings: StageSettings;
}

/**
 * The web app (functions/api.ts: Hono on Lambda) behind a function URL. The app does its own
 * access control (invite links, sessions, CSRF), so the URL's auth type is NONE. Grants: the
 * table; staged uploads (presigned multipart part URLs are signed with this role, so it needs
 * PutObject, AbortMultipartUpload and ListMultipartUploadParts on `uploads/*`, and the size of a
 * completed one); reading derived files and deliveries, only to sign the short-lived GET URLs that browsers download
 * from (S3 serves the bytes: a BUFFERED function URL answers at most 6 MB); sending jobs; reading the signing key secret;
 * publishing: copying a version's stream files from `deliveries/` into the public folder the CDN serves
 * (`public/<token>/…` in the deliveries bucket) and deleting them there when it is unpublished.
 * It never writes an original (the ingest function stores completed uploads) and deletes nothing
 * but a publication's public files.
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
      // Only this function signs and verifies (links, part URLs, CSRF): only it is told the secret.
      // Only it renders the watch pages, whose player fetches published videos from the CDN.
      environment: {
        ...functionEnvironment({ refs, settings }),
        REPORTAGE_SIGNING_KEY_SECRET: refs.signingKeySecret.secretArn,
        REPORTAGE_PUBLIC_MEDIA_URL: refs.publicMediaUrl,
      },
      logRetentionDays: settings.logRetentionDays,
      // The upload page's Uppy and the watch page's hls.js are served from node_modules (shared/web/pages/static-files.ts).
      copyFiles: [
        ...['package.json', 'dist/uppy.min.mjs', 'dist/uppy.min.css'].map((file) => `uppy/${file}`),
        ...['package.json', 'dist/hls.min.js'].map((file) => `hls.js/${file}`),
      ].map((file) => ({ from: `node_modules/${file}`, to: `node_modules/${file}` })),
      // The pages' browser script, built now with the local esbuild (the server cannot build it on
      // Lambda): shared/web/pages/client-bundle.ts serves `client-app.js` from beside its bundle.
      afterBundling: ({ inputDir, outputDir }) =>
        [
          ['main.ts', 'client-app.js'],
          ['watch/main.ts', 'client-watch.js'],
        ].map(
          ([source, out]) =>
            `"${inputDir}/node_modules/.bin/esbuild" "${inputDir}/shared/web/client/${source}" --bundle --format=esm --platform=browser --target=es2022 --minify --charset=utf8 --legal-comments=none "--external:/static/*" --log-level=warning --outfile="${outputDir}/${out}"`,
        ),
    });
    const grants = [
      // The web app's records, all of them (invites, sessions, uploads, reviews, logs); no scan, no batch, no streams.
      ...tableStatements({ sid: 'WebAppRecords', table: refs.table, actions: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query'], index: true }),
      // Presigned part URLs are signed with this role: CreateMultipartUpload, UploadPart and
      // CompleteMultipartUpload are s3:PutObject; resuming lists parts; cancelling aborts.
      objectStatement({
        sid: 'SignBrowserUploads',
        bucket: refs.originals,
        prefixes: ['uploads/'],
        actions: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
      }),
      // The size of a staged upload it completed (HeadObject). No original is read here: the ingest
      // function stores completed uploads, and no route serves an original.
      objectStatement({ sid: 'SizeOfCompletedUploads', bucket: refs.originals, prefixes: ['uploads/'], actions: ['s3:GetObject'] }),
      // Downloads and previews (presigned GETs signed with this role); the small files it serves
      // itself (QC pages, manifests, checksums).
      objectStatement({ sid: 'ReadDerivedForPreviews', bucket: refs.derived, prefixes: ['*'], actions: ['s3:GetObject'] }),
      objectStatement({ sid: 'ReadDeliveriesForDownloads', bucket: refs.deliveries, prefixes: ['deliveries/'], actions: ['s3:GetObject'] }),
      // Publishing: CopyObject from deliveries/ (s3:GetObject on the source, above) into the
      // public folder (s3:PutObject on the target; no ACL, no tagging: the CDN reads with its own grant).
      objectStatement({ sid: 'CopyToPublicFolder', bucket: refs.deliveries, prefixes: ['public/'], actions: ['s3:PutObject'] }),
      // Unpublishing removes the public files (and a publish that fails half-way, those it copied).
      objectStatement({ sid: 'RemoveWithdrawnPublicFiles', bucket: refs.deliveries, prefixes: ['public/'], actions: ['s3:DeleteObject'] }),
      // Unpublishing reads the public folder's own playlists to know which segments to remove
      // (the render's delivery may have expired by then).
      objectStatement({ sid: 'ReadPublicPlaylists', bucket: refs.deliveries, prefixes: ['public/'], actions: ['s3:GetObject'] }),
      listStatement({ sid: 'SeeMissingKeys', buckets: [refs.derived, refs.deliveries] }),
      new iam.PolicyStatement({ sid: 'QueueJobs', actions: ['sqs:SendMessage'], resources: [refs.jobs.queueArn] }),
      // The signing key ring (AWSCURRENT and AWSPREVIOUS), read once per cold start. No DescribeSecret:
      // the previous key's retirement is read from the current version's CreatedDate.
      new iam.PolicyStatement({ sid: 'ReadSigningKeys', actions: ['secretsmanager:GetSecretValue'], resources: [refs.signingKeySecret.secretArn] }),
    ];
    for (const statement of grants) fn.addToRolePolicy(statement);
    this.function = fn;
    this.url = fn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE, invokeMode: lambda.InvokeMode.BUFFERED });
    new CfnOutput(this, 'Url', { value: this.url.url, description: 'The web app (reportage on Lambda).' });
  }
}
