import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { deniedCalls, describeDenials, sortDenials, usageOf, type ExpectedDenial } from './evaluate-calls.ts';
import { KNOWN_DENIALS } from './known-denials.ts';
import { recordAwsCalls, type RecordedCall } from './record-aws-calls.ts';
import { readRolePolicies } from './role-policies.ts';

export const USAGE_DIR = path.resolve(import.meta.dirname, '../../integration/aws/iam/usage');

export interface IamRecording {
  /** Every call attributed to a function so far in this file (`asFunction`). */
  calls: RecordedCall[];
}

/**
 * Records, for the whole test file, every AWS call made inside `asFunction(…)`, and registers a
 * last test that evaluates each against its function's role policies (the synthesized stack,
 * test/integration/aws/iam/role-policies.json) with the IAM simulator: it fails listing every
 * call the role would deny, except the known denials (known-denials.ts), each of which it lists.
 * Call it at the end of the file, after the other tests, so that its test runs last.
 *
 * With `REPORTAGE_IAM_USAGE=write` the file's usage (usageOf) is written to
 * test/integration/aws/iam/usage/<file>.json, which test/unit/infra/iam-policies.test.ts reads
 * to list grants no recorded call uses.
 */
export function checkIamOfRecordedCalls({ file, expected = KNOWN_DENIALS }: { file: string; expected?: ExpectedDenial[] }): IamRecording {
  const recording: IamRecording = { calls: [] };
  let stop = () => {};
  beforeAll(() => {
    const started = recordAwsCalls();
    recording.calls = started.calls;
    stop = started.stop;
  });
  afterAll(async () => {
    stop();
    if (process.env.REPORTAGE_IAM_USAGE === 'write') {
      await writeFile(path.join(USAGE_DIR, `${path.basename(file, '.test.ts')}.json`), `${JSON.stringify(usageOf(recording.calls), null, 1)}\n`);
    }
  });
  it('every AWS call each function made in these tests is allowed by its role (IAM simulator on the synthesized policies)', async () => {
    expect(recording.calls.length).toBeGreaterThan(0);
    const denials = await deniedCalls({ calls: recording.calls, policies: await readRolePolicies() });
    const { unexpected, expectedSeen } = sortDenials({ denials, expected });
    if (expectedSeen.length > 0) {
      console.warn(
        `Known IAM denials (known-denials.ts):\n${expectedSeen.map((rule) => `${rule.fn}: ${rule.action} on ${rule.resource}: ${rule.why}`).join('\n')}`,
      );
    }
    expect(unexpected, `calls the roles would deny:\n${describeDenials(unexpected)}`).toEqual([]);
  });
  return recording;
}
