import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { anonymousPrincipal, runSimulation, type SimulationRequestPrincipal } from '@cloud-copilot/iam-simulate';
import { beforeAll, describe, expect, it } from 'vitest';
import { unusedGrants, wildcardMatch, type Grant } from '../../helpers/aws-iam/evaluate-calls.ts';
import { AWS_DOC_FILE, currentIamDocTable, iamDocTable } from '../../helpers/aws-iam/iam-doc-table.ts';
import {
  IAM_ACCOUNT,
  PUBLIC_MEDIA_DISTRIBUTION_ID,
  readFunctionLimits,
  readRolePolicies,
  synthesizeFunctions,
  type FunctionName,
  type RolePolicies,
} from '../../helpers/aws-iam/role-policies.ts';
import { USAGE_DIR } from '../../helpers/aws-iam/use-iam-recording.ts';

/**
 * The functions' IAM policies, from the synthesized prod stack (one synth for the file):
 *
 * - the resolved copies the integration tests and docs/aws.md use are current;
 * - every grant is used by a call recorded in the emulator runs
 *   (test/integration/aws/iam/usage/*.json, written by `REPORTAGE_IAM_USAGE=write npx vitest run
 *   test/integration/aws/lambda-*.test.ts test/integration/aws/public-folder.test.ts
 *   test/integration/render-distributed/aws-distributed-render.test.ts`),
 *   or kept below with the call that needs it;
 * - the worker, which parses hostile media, cannot delete originals nor read sessions, invites or keys;
 * - the api writes and deletes only a publication's public files besides its uploads;
 * - the deliveries bucket's policy lets the watch pages' CloudFront distribution read `public/*`, nothing else, and nobody else.
 */

/** Grants no recorded run uses, kept on purpose: each names the call that needs it. `resource` is a pattern. */
const KEPT_GRANTS: (Pick<Grant, 'fn' | 'action' | 'resource'> & { why: string })[] = [
  {
    fn: 'api',
    action: 'dynamodb:DeleteItem',
    resource: '*:table/reportage',
    why: 'sign-out and revoked invites delete sessions; drafts and claims are removed (dynamo-workflow-store.ts)',
  },
  {
    fn: 'api',
    action: 's3:AbortMultipartUpload',
    resource: 'arn:aws:s3:::originals/uploads/*',
    why: 'a cancelled browser upload (DELETE …/uploads/:id) and a refused one',
  },
  {
    fn: 'api',
    action: 's3:ListMultipartUploadParts',
    resource: 'arn:aws:s3:::originals/uploads/*',
    why: 'a browser resuming an upload lists its parts (GET …/uploads/:id/parts)',
  },
  {
    fn: 'api',
    action: 's3:ListBucket',
    resource: 'arn:aws:s3:::derived',
    why: 'a missing proxy or render answers 404, not 403 (S3 needs ListBucket for that)',
  },
  { fn: 'api', action: 's3:ListBucket', resource: 'arn:aws:s3:::deliveries', why: 'a missing delivery answers 404, not 403' },
  {
    fn: 'ingest',
    action: 's3:AbortMultipartUpload',
    resource: 'arn:aws:s3:::originals/originals/*',
    why: 'an original above 5 GiB goes up (or is copied from a completed upload) in parts; a failed one is aborted (s3-blob-store.ts putInParts, copyInParts)',
  },
  // The worker calls ChangeMessageVisibility and DeleteMessage itself (recorded); the dead-letter function does not.
  ...(
    [
      ['worker', ['sqs:ReceiveMessage', 'sqs:GetQueueUrl', 'sqs:GetQueueAttributes']],
      ['dead-letter', ['sqs:ReceiveMessage', 'sqs:GetQueueUrl', 'sqs:GetQueueAttributes', 'sqs:ChangeMessageVisibility', 'sqs:DeleteMessage']],
    ] as const
  ).flatMap(([fn, actions]) =>
    actions.map((action) => ({
      fn,
      action,
      resource: '*',
      why: "Lambda's SQS event source mapping polls and deletes with the function's role (CDK's SqsEventSource grants it)",
    })),
  ),
];

let synthesized: Awaited<ReturnType<typeof synthesizeFunctions>>;
let policies: RolePolicies;
beforeAll(async () => {
  synthesized = await synthesizeFunctions();
  policies = synthesized.policies;
}, 180_000);

async function recordedUsage(): Promise<string[]> {
  const files = (await readdir(USAGE_DIR)).filter((file) => file.endsWith('.json'));
  return (await Promise.all(files.map(async (file) => JSON.parse(await readFile(path.join(USAGE_DIR, file), 'utf8')) as string[]))).flat();
}

async function decide(fn: FunctionName, action: string, resource: string, context: Record<string, string | string[]> = {}): Promise<string> {
  const result = await runSimulation(
    {
      request: {
        principal: `arn:aws:iam::${IAM_ACCOUNT}:role/reportage-${fn}`,
        action,
        resource: { resource, accountId: IAM_ACCOUNT },
        contextVariables: context,
      },
      identityPolicies: [{ name: fn, policy: { Version: '2012-10-17', Statement: policies[fn] } }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  return result.resultType === 'error' ? `error: ${JSON.stringify(result.errors)}` : result.overallResult;
}

const TABLE = `arn:aws:dynamodb:us-east-1:${IAM_ACCOUNT}:table/reportage`;
/** A publication's public token: 22 base64url characters. */
const TOKEN = 'q3Vx0b_Z9kLm2N-4pR7sTu';

describe('IAM policies of the functions', () => {
  it('the resolved policies and limits the integration tests read are those of the stack (else: npx tsx scripts/iam-report.ts)', async () => {
    expect(await readRolePolicies()).toEqual(synthesized.policies);
    expect(await readFunctionLimits()).toEqual(synthesized.limits);
  });

  it("docs/aws.md's IAM table is generated from the stack (else: npx tsx scripts/iam-report.ts)", async () => {
    expect(currentIamDocTable(await readFile(AWS_DOC_FILE, 'utf8'))).toBe(iamDocTable({ policies }));
  });

  it('grants nothing that no recorded call uses, except the grants kept with the call that needs them', async () => {
    const usage = await recordedUsage();
    expect(usage.length).toBeGreaterThan(0);
    const unused = unusedGrants({ policies, usage });
    const kept = (grant: Grant) =>
      KEPT_GRANTS.some((k) => k.fn === grant.fn && k.action === grant.action && wildcardMatch({ pattern: k.resource, value: grant.resource }));
    const unexplained = unused.filter((grant) => !kept(grant)).map((g) => `${g.fn}: ${g.action} on ${g.resource}`);
    expect(unexplained, 'remove these grants, or keep them in KEPT_GRANTS naming the call that needs them').toEqual([]);
    // A kept grant that a recorded call now uses, or that the stack no longer has, leaves the list.
    const stale = KEPT_GRANTS.filter(
      (k) => !unused.some((g) => g.fn === k.fn && g.action === k.action && wildcardMatch({ pattern: k.resource, value: g.resource })),
    ).map((k) => `${k.fn}: ${k.action} on ${k.resource}`);
    expect(stale, 'these KEPT_GRANTS entries are used or gone: remove them').toEqual([]);
  });

  it('the worker (hostile media) cannot delete or overwrite originals, nor delete anything at all', async () => {
    const original = 'arn:aws:s3:::originals/originals/0f3c';
    expect(await decide('worker', 's3:GetObject', original)).toBe('Allowed');
    for (const action of ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:PutObject', 's3:PutObjectVersionTagging', 's3:PutLifecycleConfiguration']) {
      expect(await decide('worker', action, action === 's3:PutLifecycleConfiguration' ? 'arn:aws:s3:::originals' : original), action).not.toBe('Allowed');
    }
    for (const resource of [
      'arn:aws:s3:::derived/cache/segments/1.mp4',
      'arn:aws:s3:::deliveries/deliveries/r/master.mp4',
      'arn:aws:s3:::originals/incoming/a.mp4',
    ]) {
      expect(await decide('worker', 's3:DeleteObject', resource), resource).not.toBe('Allowed');
    }
  });

  it('the worker reads and writes the records jobs use, and cannot read sessions, invites, uploads, reviews or the signing key', async () => {
    for (const pk of ['ASSET#a1', 'RENDER#r1', 'JOB#j1', 'COUNTER#render:r1', 'VERSION#v1', 'PROJECT#dai-hoi-2026']) {
      expect(await decide('worker', 'dynamodb:GetItem', TABLE, { 'dynamodb:LeadingKeys': [pk] }), pk).toBe('Allowed');
    }
    for (const pk of [
      'SESSION#abc',
      'INVITE#i1',
      'INVITETOKEN#hash',
      'SECRET#signing-key',
      'UPLOAD#u1',
      'REVIEW#v1',
      'COMMENT#c1',
      'DECISIONS#v1',
      'AUDIT#dai-hoi-2026',
    ]) {
      expect(await decide('worker', 'dynamodb:GetItem', TABLE, { 'dynamodb:LeadingKeys': [pk] }), pk).not.toBe('Allowed');
      expect(await decide('worker', 'dynamodb:PutItem', TABLE, { 'dynamodb:LeadingKeys': [pk] }), pk).not.toBe('Allowed');
    }
    expect(await decide('worker', 'dynamodb:Query', `${TABLE}/index/gsi1`, { 'dynamodb:LeadingKeys': ['PROJECT#dai-hoi-2026#ASSETS'] })).toBe('Allowed');
    for (const key of ['INVITES#dai-hoi-2026', 'INVITE#i1#SESSIONS', 'PROJECT#dai-hoi-2026#UPLOADS', 'VERSION#v1#COMMENTS']) {
      expect(await decide('worker', 'dynamodb:Query', `${TABLE}/index/gsi1`, { 'dynamodb:LeadingKeys': [key] }), key).not.toBe('Allowed');
    }
    for (const action of ['dynamodb:Scan', 'dynamodb:BatchGetItem', 'dynamodb:ExecuteStatement'])
      expect(await decide('worker', action, TABLE), action).not.toBe('Allowed');
  });

  it('no function deletes an original or a version of one; only the ingest function (its own drops) and the api (public files) delete at all', async () => {
    for (const fn of ['api', 'ingest', 'worker', 'dead-letter'] as const) {
      expect(await decide(fn, 's3:DeleteObject', 'arn:aws:s3:::originals/originals/0f3c'), fn).not.toBe('Allowed');
      expect(await decide(fn, 's3:DeleteObjectVersion', 'arn:aws:s3:::originals/originals/0f3c'), fn).not.toBe('Allowed');
    }
    expect(await decide('ingest', 's3:DeleteObject', 'arn:aws:s3:::originals/incoming/p/a.mp4')).toBe('Allowed');
    // A browser upload's staged object, once the ingest function has copied it into originals/.
    expect(await decide('ingest', 's3:DeleteObject', 'arn:aws:s3:::originals/uploads/9b2e')).toBe('Allowed');
    expect(await decide('api', 's3:DeleteObject', 'arn:aws:s3:::originals/uploads/9b2e')).not.toBe('Allowed');
    expect(await decide('api', 's3:PutObject', 'arn:aws:s3:::originals/originals/0f3c')).not.toBe('Allowed');
    for (const fn of ['ingest', 'worker', 'dead-letter'] as const)
      expect(await decide(fn, 's3:DeleteObject', `arn:aws:s3:::deliveries/public/${TOKEN}/hls/master.m3u8`), fn).not.toBe('Allowed');
  });

  it('the api publishes (CopyObject: reads the source under deliveries/, writes public/) and unpublishes (deletes under public/), nothing wider', async () => {
    const source = 'arn:aws:s3:::deliveries/deliveries/dai-hoi-2026/v1/stream/hls/seg-001.ts';
    expect(await decide('api', 's3:GetObject', source)).toBe('Allowed');
    for (const name of ['hls/master.m3u8', 'hls/720p/seg-001.ts', 'captions/vi.vtt', 'poster.jpg', 'download/dai-hoi.mp4']) {
      const target = `arn:aws:s3:::deliveries/public/${TOKEN}/${name}`;
      expect(await decide('api', 's3:PutObject', target), name).toBe('Allowed');
      expect(await decide('api', 's3:DeleteObject', target), name).toBe('Allowed');
    }
    // Deliveries are neither overwritten nor deleted; no original is written; no ACL or tagging on the copies.
    expect(await decide('api', 's3:DeleteObject', source)).not.toBe('Allowed');
    expect(await decide('api', 's3:PutObject', source)).not.toBe('Allowed');
    expect(await decide('api', 's3:DeleteObject', 'arn:aws:s3:::derived/cache/segments/1.mp4')).not.toBe('Allowed');
    expect(await decide('api', 's3:PutObject', 'arn:aws:s3:::originals/originals/0f3c')).not.toBe('Allowed');
    for (const action of ['s3:PutObjectAcl', 's3:PutObjectTagging', 's3:DeleteObjectVersion']) {
      expect(await decide('api', action, `arn:aws:s3:::deliveries/public/${TOKEN}/hls/master.m3u8`), action).not.toBe('Allowed');
    }
    expect(await decide('api', 's3:PutBucketPolicy', 'arn:aws:s3:::deliveries')).not.toBe('Allowed');
  });
});

describe("the deliveries bucket's policy (the CDN of the watch pages)", () => {
  const THIS_DISTRIBUTION = `arn:aws:cloudfront::${IAM_ACCOUNT}:distribution/${PUBLIC_MEDIA_DISTRIBUTION_ID}`;

  /** The bucket policy's verdict alone (no identity policy), the bucket under Block Public Access as the stack sets it. */
  async function bucketDecides({
    principal,
    action = 's3:GetObject',
    key,
    sourceArn,
    secure = true,
  }: {
    principal: SimulationRequestPrincipal;
    action?: string;
    key: string;
    sourceArn?: string;
    secure?: boolean;
  }): Promise<string> {
    const result = await runSimulation(
      {
        request: {
          principal,
          action,
          resource: { resource: key === '' ? 'arn:aws:s3:::deliveries' : `arn:aws:s3:::deliveries/${key}`, accountId: IAM_ACCOUNT },
          contextVariables: {
            'aws:SecureTransport': String(secure),
            ...(sourceArn === undefined ? {} : { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': IAM_ACCOUNT }),
          },
        },
        identityPolicies: [],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: { Version: '2012-10-17', Statement: synthesized.deliveriesBucketPolicy },
        additionalSettings: { s3: { blockPublicAccess: true } },
      },
      {},
    );
    return result.resultType === 'error' ? `error: ${JSON.stringify(result.errors)}` : result.overallResult;
  }

  it('lets this distribution read the public folder, over TLS', async () => {
    for (const name of ['hls/master.m3u8', 'hls/1080p/seg-042.ts', 'captions/vi.vtt', 'poster.jpg', 'download/dai-hoi.mp4']) {
      expect(await bucketDecides({ principal: 'cloudfront.amazonaws.com', key: `public/${TOKEN}/${name}`, sourceArn: THIS_DISTRIBUTION }), name).toBe(
        'Allowed',
      );
    }
    expect(
      await bucketDecides({ principal: 'cloudfront.amazonaws.com', key: `public/${TOKEN}/poster.jpg`, sourceArn: THIS_DISTRIBUTION, secure: false }),
    ).not.toBe('Allowed');
  });

  it('lets it read nothing else (deliveries, the bucket listing), write nothing, and no other distribution anything', async () => {
    const cloudfront = (key: string, action = 's3:GetObject', sourceArn = THIS_DISTRIBUTION) =>
      bucketDecides({ principal: 'cloudfront.amazonaws.com', action, key, sourceArn });
    expect(await cloudfront('deliveries/dai-hoi-2026/v1/stream/master.mp4')).not.toBe('Allowed');
    expect(await cloudfront('uploads/9b2e')).not.toBe('Allowed');
    expect(await cloudfront('publicity.txt')).not.toBe('Allowed');
    expect(await cloudfront('', 's3:ListBucket')).not.toBe('Allowed');
    expect(await cloudfront(`public/${TOKEN}/hls/master.m3u8`, 's3:PutObject')).not.toBe('Allowed');
    expect(await cloudfront(`public/${TOKEN}/hls/master.m3u8`, 's3:DeleteObject')).not.toBe('Allowed');
    expect(await cloudfront(`public/${TOKEN}/hls/master.m3u8`, 's3:GetObject', `arn:aws:cloudfront::${IAM_ACCOUNT}:distribution/EOTHER`)).not.toBe('Allowed');
    expect(await cloudfront(`public/${TOKEN}/hls/master.m3u8`, 's3:GetObject', 'arn:aws:cloudfront::210987654321:distribution/E1PUBLICMEDIA')).not.toBe(
      'Allowed',
    );
    expect(await bucketDecides({ principal: 'cloudfront.amazonaws.com', key: `public/${TOKEN}/hls/master.m3u8` })).not.toBe('Allowed');
  });

  it('gives an anonymous caller or another account nothing, not even the public folder', async () => {
    for (const principal of [anonymousPrincipal, 'arn:aws:iam::210987654321:root', `arn:aws:iam::${IAM_ACCOUNT}:role/someone`]) {
      for (const [action, key] of [
        ['s3:GetObject', `public/${TOKEN}/hls/master.m3u8`],
        ['s3:GetObject', 'deliveries/dai-hoi-2026/v1/stream/master.mp4'],
        ['s3:ListBucket', ''],
        ['s3:PutObject', `public/${TOKEN}/hls/master.m3u8`],
      ] as const) {
        expect(await bucketDecides({ principal, action, key }), `${JSON.stringify(principal)} ${action} ${key}`).not.toBe('Allowed');
      }
    }
  });
});
