import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { RecordedCall } from './record-aws-calls.ts';
import { IAM_ACCOUNT, type FunctionName, type PolicyStatement, type RolePolicies } from './role-policies.ts';

/** A recorded call the function's role would refuse, with the simulator's verdict. */
export interface Denial {
  fn: FunctionName;
  action: string;
  resource: string;
  command: string;
  context?: Record<string, string[]>;
  result: string;
}

/**
 * One denial the IAM tests expect, on purpose, until the code or the stack changes: `resource`
 * is a pattern (`*` any run of characters). Each names why.
 */
export interface ExpectedDenial {
  fn: FunctionName;
  action: string;
  resource: string;
  why: string;
}

const list = (value: string | string[]): string[] => (Array.isArray(value) ? value : [value]);

/** IAM's wildcard match (`*` any run, `?` one character); actions are case-insensitive. */
export function wildcardMatch({ pattern, value, ignoreCase = false }: { pattern: string; value: string; ignoreCase?: boolean }): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

/** Distinct calls (same function, action, resource and context): each is simulated once. */
export function distinctCalls(calls: RecordedCall[]): RecordedCall[] {
  const seen = new Map<string, RecordedCall>();
  for (const call of calls) seen.set(JSON.stringify([call.fn, call.action, call.resource, call.context ?? null]), call);
  return [...seen.values()];
}

/**
 * Evaluates every distinct call against its function's role policies with the IAM simulator
 * (@cloud-copilot/iam-simulate: identity policies, wildcards, conditions such as
 * `dynamodb:LeadingKeys`) and returns the ones it would not allow.
 */
export async function deniedCalls({ calls, policies }: { calls: RecordedCall[]; policies: RolePolicies }): Promise<Denial[]> {
  const denials: Denial[] = [];
  for (const call of distinctCalls(calls)) {
    const result = await runSimulation(
      {
        request: {
          principal: `arn:aws:iam::${IAM_ACCOUNT}:role/reportage-${call.fn}`,
          action: call.action,
          resource: { resource: call.resource, accountId: IAM_ACCOUNT },
          contextVariables: { 'aws:SecureTransport': 'true', ...(call.context ?? {}) },
        },
        identityPolicies: [{ name: `${call.fn}-role`, policy: { Version: '2012-10-17', Statement: policies[call.fn] } }],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
      },
      {},
    );
    const verdict = result.resultType === 'error' ? `simulation error: ${JSON.stringify(result.errors)}` : result.overallResult;
    if (verdict !== 'Allowed')
      denials.push({
        fn: call.fn,
        action: call.action,
        resource: call.resource,
        command: call.command,
        ...(call.context === undefined ? {} : { context: call.context }),
        result: verdict,
      });
  }
  return denials;
}

/** Splits denials into the expected ones (matching an `ExpectedDenial`) and the rest. */
export function sortDenials({ denials, expected }: { denials: Denial[]; expected: ExpectedDenial[] }): {
  unexpected: Denial[];
  expectedSeen: ExpectedDenial[];
} {
  const matches = (denial: Denial, rule: ExpectedDenial) =>
    denial.fn === rule.fn && denial.action === rule.action && wildcardMatch({ pattern: rule.resource, value: denial.resource });
  return {
    unexpected: denials.filter((denial) => !expected.some((rule) => matches(denial, rule))),
    expectedSeen: expected.filter((rule) => denials.some((denial) => matches(denial, rule))),
  };
}

/** A readable list of denials for a failing test's message. */
export function describeDenials(denials: Denial[]): string {
  return denials
    .map((d) => `${d.fn}: ${d.action} on ${d.resource}${d.context === undefined ? '' : ` ${JSON.stringify(d.context)}`} (${d.command}) → ${d.result}`)
    .join('\n');
}

/**
 * What a recorded run used, at the granularity of grants: function, action, resource with an S3
 * key cut to its first segment (`arn:aws:s3:::originals/uploads/*`), and the partition-key
 * prefixes of DynamoDB requests (`JOB#`). Sorted and distinct, so the committed usage files diff well.
 */
export function usageOf(calls: RecordedCall[]): string[] {
  const lines = new Set<string>();
  for (const call of calls) {
    const resource = call.resource.replace(/^(arn:aws:s3:::[^/]+\/[^/]+)\/.*$/, '$1/*');
    const keys = call.context?.['dynamodb:LeadingKeys']?.map((key) => `${key.split('#')[0]}#`);
    lines.add(`${call.fn} ${call.action} ${resource}${keys === undefined ? '' : ` ${[...new Set(keys)].sort().join(',')}`}`);
  }
  return [...lines].sort();
}

/** One grant of a role: one action pattern on one resource pattern of one statement. */
export interface Grant {
  fn: FunctionName;
  action: string;
  resource: string;
  condition?: PolicyStatement['Condition'];
}

export function grantsOf(policies: RolePolicies): Grant[] {
  return (Object.entries(policies) as [FunctionName, PolicyStatement[]][]).flatMap(([fn, statements]) =>
    statements
      .filter((s) => s.Effect === 'Allow')
      .flatMap((s) =>
        list(s.Action).flatMap((action) =>
          list(s.Resource).map((resource) => ({ fn, action, resource, ...(s.Condition === undefined ? {} : { condition: s.Condition }) })),
        ),
      ),
  );
}

/**
 * The grants no usage line matches (same function, action matching the granted pattern, resource
 * matching it: a usage line's `…/prefix/*` matches a grant on `…/*` or `…/prefix/*`).
 */
export function unusedGrants({ policies, usage }: { policies: RolePolicies; usage: string[] }): Grant[] {
  const used = usage.map((line) => {
    const [fn, action, resource] = line.split(' ') as [FunctionName, string, string];
    return { fn, action, resource };
  });
  return grantsOf(policies).filter(
    (grant) =>
      !used.some(
        (u) =>
          u.fn === grant.fn &&
          wildcardMatch({ pattern: grant.action, value: u.action, ignoreCase: true }) &&
          (wildcardMatch({ pattern: grant.resource, value: u.resource }) ||
            wildcardMatch({ pattern: grant.resource, value: u.resource.replace(/\/\*$/, '/x') })),
      ),
  );
}
