/**
 * Writes what the IAM checks and docs/aws.md read from the synthesized stacks (prod stage):
 *
 * - test/integration/aws/iam/role-policies.json: each function's role policies, resolved to
 *   canonical resource names (test/helpers/aws-iam/role-policies.ts);
 * - test/integration/aws/iam/function-limits.json: each function's timeout, memory, /tmp size and
 *   function URL invoke mode (the Lambda test harness enforces them);
 * - the table "IAM actions per function" in docs/aws.md, between its markers.
 *
 *   npx tsx scripts/iam-report.ts            # after changing a construct's grants
 *
 * test/unit/infra/iam-policies.test.ts fails when either is stale.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { iamDocTable, replaceIamDocTable, AWS_DOC_FILE } from '../test/helpers/aws-iam/iam-doc-table.ts';
import { FUNCTION_LIMITS_FILE, ROLE_POLICIES_FILE, synthesizeFunctions } from '../test/helpers/aws-iam/role-policies.ts';

const { policies, limits } = await synthesizeFunctions();
await writeFile(ROLE_POLICIES_FILE, `${JSON.stringify(policies, null, 2)}\n`);
await writeFile(FUNCTION_LIMITS_FILE, `${JSON.stringify(limits, null, 2)}\n`);
const doc = await readFile(AWS_DOC_FILE, 'utf8');
await writeFile(AWS_DOC_FILE, replaceIamDocTable({ doc, table: iamDocTable({ policies }) }));
process.stderr.write(`wrote ${ROLE_POLICIES_FILE}, ${FUNCTION_LIMITS_FILE} and the IAM table of ${AWS_DOC_FILE}\n`);
