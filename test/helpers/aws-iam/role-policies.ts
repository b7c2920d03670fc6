import { readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The functions' IAM policies as the synthesized stacks give them, with every reference to a
 * stateful resource resolved to one canonical name per resource, the names the recorded calls are
 * mapped to (`canonicalArn`): buckets `originals`, `derived`, `deliveries`; table `reportage`;
 * queues `jobs`, `dead-jobs`; the signing key secret `signing-key`; account 123456789012 in us-east-1 (the emulators' region).
 *
 * Synthesizing takes tens of seconds, so the resolved policies are kept in
 * test/integration/aws/iam/role-policies.json, written by `npx tsx scripts/iam-report.ts`;
 * test/unit/infra/iam-policies.test.ts synthesizes and fails when that file has drifted.
 */

export const FUNCTION_NAMES = ['api', 'ingest', 'worker', 'dead-letter', 'rotation'] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

export const IAM_ACCOUNT = '123456789012';
export const IAM_REGION = 'us-east-1';

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export type RolePolicies = Record<FunctionName, PolicyStatement[]>;

export const ROLE_POLICIES_FILE = path.resolve(import.meta.dirname, '../../integration/aws/iam/role-policies.json');

/** The function whose CDK logical id starts with each prefix (the constructs' ids in the stateless stack). */
const FUNCTION_PREFIXES: Record<FunctionName, string> = {
  api: 'ApiHandlerFunction',
  ingest: 'IngestHandlerFunction',
  worker: 'WorkerFunction',
  'dead-letter': 'DeadLetterHandlerFunction',
  rotation: 'SigningKeyRotationFunction',
};

/** The stack each function is in: the signing key's rotation function lives beside its secret. */
const STATEFUL_FUNCTIONS: ReadonlySet<FunctionName> = new Set(['rotation']);

type ResourceKind = 'bucket' | 'table' | 'queue' | 'secret' | 'distribution';

/** The canonical id of the watch pages' CloudFront distribution (what its `Ref` resolves to). */
export const PUBLIC_MEDIA_DISTRIBUTION_ID = 'E1PUBLICMEDIA';

/** Stateful logical id prefix → canonical physical name (longest prefixes first: DeadJobs before Jobs). */
const STATEFUL_NAMES: [prefix: string, kind: ResourceKind, name: string][] = [
  ['SigningKeySecret', 'secret', 'signing-key'],
  ['PublicMediaDistribution', 'distribution', PUBLIC_MEDIA_DISTRIBUTION_ID],
  ['Originals', 'bucket', 'originals'],
  ['Derived', 'bucket', 'derived'],
  ['Deliveries', 'bucket', 'deliveries'],
  ['Table', 'table', 'reportage'],
  ['DeadJobs', 'queue', 'dead-jobs'],
  ['Jobs', 'queue', 'jobs'],
];

export function arnOf({ kind, name }: { kind: ResourceKind; name: string }): string {
  if (kind === 'bucket') return `arn:aws:s3:::${name}`;
  if (kind === 'distribution') return `arn:aws:cloudfront::${IAM_ACCOUNT}:distribution/${name}`;
  // A secret's ARN ends in 6 random characters AWS appends to its name; the canonical one has none.
  if (kind === 'secret') return `arn:aws:secretsmanager:${IAM_REGION}:${IAM_ACCOUNT}:secret:${name}`;
  if (kind === 'table') return `arn:aws:dynamodb:${IAM_REGION}:${IAM_ACCOUNT}:table/${name}`;
  return `arn:aws:sqs:${IAM_REGION}:${IAM_ACCOUNT}:${name}`;
}

/**
 * A recorded ARN with the test's resource names (`originals-1a2b3c4d`, `jobs-…`, `reportage-…`,
 * made by test/integration/aws/aws-resources.ts) turned into the canonical ones.
 */
export function canonicalArn(arn: string): string {
  return arn
    .replace(/^(arn:aws:s3:::)(originals|derived|deliveries)-[0-9a-f]{8}(?=\/|$)/, '$1$2')
    .replace(/^(arn:aws:dynamodb:[^:]*:[^:]*:table\/)reportage-[0-9a-f]{8}(?=\/|$)/, '$1reportage')
    .replace(/^(arn:aws:sqs:[^:]*:[^:]*:)(dead-jobs|jobs)-[0-9a-f]{8}$/, '$1$2')
    .replace(/^(arn:aws:secretsmanager:[^:]*:[^:]*:secret:)signing-key-[0-9a-f]{8}-[A-Za-z0-9_-]{6}$/, '$1signing-key');
}

type Template = {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  Outputs?: Record<string, { Value: unknown; Export?: { Name: string } }>;
};

/** Resolves the intrinsic functions a policy uses (Ref, Fn::GetAtt, Fn::ImportValue, Fn::Join, pseudo parameters). */
function resolver({ stateful }: { stateful: Template }) {
  const physical = (logicalId: string) => {
    const found = STATEFUL_NAMES.find(([prefix]) => logicalId.startsWith(prefix) && /^[0-9A-F]{8}$/.test(logicalId.slice(prefix.length)));
    if (found === undefined) throw new Error(`A policy refers to ${logicalId}, which is not a stateful resource the IAM tests know.`);
    return { kind: found[1], name: found[2] };
  };
  const exports = new Map(
    Object.values(stateful.Outputs ?? {}).flatMap((output) => (output.Export === undefined ? [] : [[output.Export.Name, output.Value] as const])),
  );
  const resolve = (value: unknown): unknown => {
    if (typeof value === 'string' || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map(resolve);
    const object = value as Record<string, unknown>;
    if ('Ref' in object) {
      const ref = String(object.Ref);
      const pseudo: Record<string, string> = {
        'AWS::Partition': 'aws',
        'AWS::Region': IAM_REGION,
        'AWS::AccountId': IAM_ACCOUNT,
        'AWS::URLSuffix': 'amazonaws.com',
      };
      if (ref in pseudo) return pseudo[ref];
      const { kind, name } = physical(ref);
      if (kind === 'secret') return arnOf({ kind, name }); // a secret's Ref is its ARN
      return kind === 'queue' ? `https://sqs.${IAM_REGION}.amazonaws.com/${IAM_ACCOUNT}/${name}` : name;
    }
    if ('Fn::GetAtt' in object) {
      const [logicalId, attribute] = object['Fn::GetAtt'] as [string, string];
      if (attribute !== 'Arn') throw new Error(`Unsupported Fn::GetAtt ${logicalId}.${attribute} in a policy.`);
      return arnOf(physical(logicalId));
    }
    if ('Fn::ImportValue' in object) {
      const name = String(resolve(object['Fn::ImportValue']));
      if (!exports.has(name)) throw new Error(`A policy imports ${name}, which the stateful stack does not export.`);
      return resolve(exports.get(name));
    }
    if ('Fn::Join' in object) {
      const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
      return parts.map((part) => String(resolve(part))).join(separator);
    }
    const intrinsic = Object.keys(object).find((key) => key.startsWith('Fn::'));
    if (intrinsic !== undefined) throw new Error(`Unsupported intrinsic ${intrinsic} in a policy: ${JSON.stringify(object).slice(0, 200)}`);
    return Object.fromEntries(Object.entries(object).map(([key, inner]) => [key, resolve(inner)]));
  };
  return resolve;
}

/** Each function's role policy statements, resolved, from the two synthesized templates. */
export function rolePoliciesOf({ stateful, stateless }: { stateful: Template; stateless: Template }): RolePolicies {
  const resolve = resolver({ stateful });
  const policies = {} as RolePolicies;
  for (const fn of FUNCTION_NAMES) {
    const template = STATEFUL_FUNCTIONS.has(fn) ? stateful : stateless;
    const entry = functionResource({ template, fn });
    const roleId = (entry[1].Properties!.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const statements = Object.values(template.Resources)
      .filter(
        (resource) => resource.Type === 'AWS::IAM::Policy' && ((resource.Properties?.Roles ?? []) as { Ref?: string }[]).some((role) => role.Ref === roleId),
      )
      .flatMap((resource) => (resource.Properties!.PolicyDocument as { Statement: PolicyStatement[] }).Statement);
    policies[fn] = statements.map((statement) => resolve(statement) as PolicyStatement);
  }
  return policies;
}

/** A resource policy statement (a bucket policy's): an identity statement with its `Principal`. */
export type ResourcePolicyStatement = PolicyStatement & { Principal: '*' | Record<string, string | string[]> };

/**
 * The bucket policy of one of the stateful stack's buckets, resolved like the role policies (the
 * distribution's `Ref` is `PUBLIC_MEDIA_DISTRIBUTION_ID`).
 */
export function bucketPolicyOf({ stateful, bucket }: { stateful: Template; bucket: 'originals' | 'derived' | 'deliveries' }): ResourcePolicyStatement[] {
  const resolve = resolver({ stateful });
  const policy = Object.values(stateful.Resources).find(
    (resource) => resource.Type === 'AWS::S3::BucketPolicy' && resolve(resource.Properties?.Bucket) === bucket,
  );
  if (policy === undefined) throw new Error(`The stateful template has no bucket policy on ${bucket}.`);
  return (policy.Properties!.PolicyDocument as { Statement: unknown[] }).Statement.map((statement) => resolve(statement) as ResourcePolicyStatement);
}

/** What Lambda enforces on each function, as the stack sets it (the test harness applies it: lambda-test-runtime.ts). */
export interface FunctionLimits {
  timeoutSeconds: number;
  memoryMb: number;
  /** /tmp size. */
  ephemeralStorageMb: number;
  /** The function URL's invoke mode, for the api (BUFFERED caps a response at 6 MB). */
  urlInvokeMode?: 'BUFFERED' | 'RESPONSE_STREAM';
}

export const FUNCTION_LIMITS_FILE = path.resolve(import.meta.dirname, '../../integration/aws/iam/function-limits.json');

export function functionLimitsOf({ stateful, stateless }: { stateful: Template; stateless: Template }): Record<FunctionName, FunctionLimits> {
  const limits = {} as Record<FunctionName, FunctionLimits>;
  for (const fn of FUNCTION_NAMES) {
    const template = STATEFUL_FUNCTIONS.has(fn) ? stateful : stateless;
    const [id, resource] = functionResource({ template, fn });
    const props = resource.Properties ?? {};
    const url = Object.values(template.Resources).find(
      (r) => r.Type === 'AWS::Lambda::Url' && (r.Properties?.TargetFunctionArn as { 'Fn::GetAtt'?: [string, string] })?.['Fn::GetAtt']?.[0] === id,
    );
    limits[fn] = {
      timeoutSeconds: Number(props.Timeout ?? 3),
      memoryMb: Number(props.MemorySize ?? 128),
      ephemeralStorageMb: Number((props.EphemeralStorage as { Size?: number } | undefined)?.Size ?? 512),
      ...(url === undefined ? {} : { urlInvokeMode: (url.Properties?.InvokeMode ?? 'BUFFERED') as 'BUFFERED' | 'RESPONSE_STREAM' }),
    };
  }
  return limits;
}

function functionResource({ template, fn }: { template: Template; fn: FunctionName }): [string, Template['Resources'][string]] {
  const prefix = FUNCTION_PREFIXES[fn];
  const entry = Object.entries(template.Resources).find(
    ([id, resource]) => resource.Type === 'AWS::Lambda::Function' && id.startsWith(prefix) && /^[0-9A-F]{8}$/.test(id.slice(prefix.length)),
  );
  if (entry === undefined) throw new Error(`No Lambda function ${prefix}… in the ${STATEFUL_FUNCTIONS.has(fn) ? 'stateful' : 'stateless'} template.`);
  return entry;
}

/** Synthesizes both stacks of a stage (bundling skipped): the functions' resolved policies, their limits, and the deliveries bucket's policy (the CDN's grant). */
export async function synthesizeFunctions({
  stage = 'prod',
}: {
  stage?: 'dev' | 'prod';
} = {}): Promise<{ policies: RolePolicies; limits: Record<FunctionName, FunctionLimits>; deliveriesBucketPolicy: ResourcePolicyStatement[] }> {
  const { App } = await import('aws-cdk-lib');
  const { StatefulStack } = await import('../../../infra/lib/stateful-stack.ts');
  const { StatelessStack } = await import('../../../infra/lib/stateless-stack.ts');
  const { STAGES } = await import('../../../infra/stage-settings.ts');
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const env = { account: IAM_ACCOUNT, region: IAM_REGION };
  const statefulStack = new StatefulStack(app, 'stateful', { settings: STAGES[stage], env });
  new StatelessStack(app, 'stateless', { settings: STAGES[stage], env, refs: statefulStack });
  const assembly = app.synth();
  const stateless = assembly.getStackByName('stateless').template as Template;
  const stateful = assembly.getStackByName('stateful').template as Template;
  return {
    policies: rolePoliciesOf({ stateful, stateless }),
    limits: functionLimitsOf({ stateful, stateless }),
    deliveriesBucketPolicy: bucketPolicyOf({ stateful, bucket: 'deliveries' }),
  };
}

/** The committed function limits (see FUNCTION_LIMITS_FILE). */
export async function readFunctionLimits(): Promise<Record<FunctionName, FunctionLimits>> {
  return JSON.parse(await readFile(FUNCTION_LIMITS_FILE, 'utf8')) as Record<FunctionName, FunctionLimits>;
}

/** The committed, resolved policies (see the module comment). */
export async function readRolePolicies(): Promise<RolePolicies> {
  return JSON.parse(await readFile(ROLE_POLICIES_FILE, 'utf8')) as RolePolicies;
}
