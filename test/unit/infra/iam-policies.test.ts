import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { beforeAll, describe, expect, it } from 'vitest';
import { unusedGrants, wildcardMatch, type Grant } from '../../helpers/aws-iam/evaluate-calls.ts';
import { AWS_DOC_FILE, currentIamDocTable, iamDocTable } from '../../helpers/aws-iam/iam-doc-table.ts';
import {
  IAM_ACCOUNT,
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
 *   test/integration/aws/lambda-*.test.ts test/integration/render-distributed/aws-distributed-render.test.ts`),
 *   or kept below with the call that needs it;
 * - the worker, which parses hostile media, cannot delete originals nor read sessions, invites or keys.
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
  { fn: 'api', action: 's3:GetObject', resource: 'arn:aws:s3:::deliveries/deliveries/*', why: 'delivery downloads: presigned GETs signed by the api' },
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

  it('no function deletes an original or a version of one; only the ingest function deletes at all (its own drops)', async () => {
    for (const fn of ['api', 'ingest', 'worker', 'dead-letter'] as const) {
      expect(await decide(fn, 's3:DeleteObject', 'arn:aws:s3:::originals/originals/0f3c'), fn).not.toBe('Allowed');
      expect(await decide(fn, 's3:DeleteObjectVersion', 'arn:aws:s3:::originals/originals/0f3c'), fn).not.toBe('Allowed');
    }
    expect(await decide('ingest', 's3:DeleteObject', 'arn:aws:s3:::originals/incoming/p/a.mp4')).toBe('Allowed');
    // A browser upload's staged object, once the ingest function has copied it into originals/.
    expect(await decide('ingest', 's3:DeleteObject', 'arn:aws:s3:::originals/uploads/9b2e')).toBe('Allowed');
    expect(await decide('api', 's3:DeleteObject', 'arn:aws:s3:::originals/uploads/9b2e')).not.toBe('Allowed');
    expect(await decide('api', 's3:PutObject', 'arn:aws:s3:::originals/originals/0f3c')).not.toBe('Allowed');
  });
});
