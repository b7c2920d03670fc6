import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * Explicit grants, one statement per reason (its `sid` names the reason; docs/aws.md lists them
 * per function, generated from the template). CDK's `grantRead`/`grantReadWrite` give wildcard
 * families (`s3:GetObject*`, `s3:List*`, `s3:DeleteObject*`, `dynamodb:Scan`, streams) that no
 * call of ours needs; test/unit/infra/iam-policies.test.ts lists any grant no recorded call uses.
 */

/** `actions` on the objects under each of `prefixes` (`'*'`: every object) of `bucket`. */
export function objectStatement({
  sid,
  bucket,
  prefixes,
  actions,
}: {
  sid: string;
  bucket: s3.IBucket;
  prefixes: string[];
  actions: string[];
}): iam.PolicyStatement {
  return new iam.PolicyStatement({ sid, actions, resources: prefixes.map((prefix) => bucket.arnForObjects(prefix === '*' ? '*' : `${prefix}*`)) });
}

/**
 * `s3:ListBucket` on the buckets: S3 answers a GET or HEAD of a missing key with 404 only to a
 * caller allowed to list the bucket (403 otherwise), and the adapters rely on the 404 (a head
 * before storing an original, a render's cache lookups).
 */
export function listStatement({ sid, buckets }: { sid: string; buckets: s3.IBucket[] }): iam.PolicyStatement {
  return new iam.PolicyStatement({ sid, actions: ['s3:ListBucket'], resources: buckets.map((bucket) => bucket.bucketArn) });
}

/**
 * Item actions on the table, and `Query` on its index `gsi1` when `index` is set. With
 * `leadingKeys`, only items whose partition key (`pk`; on the index, `gsi1pk`) matches one of
 * the patterns: `dynamodb:LeadingKeys` with `ForAllValues:StringLike`.
 */
export function tableStatements({
  sid,
  table,
  actions,
  index = false,
  leadingKeys,
}: {
  sid: string;
  table: dynamodb.ITable;
  actions: string[];
  index?: boolean | { leadingKeys: string[] };
  leadingKeys?: string[];
}): iam.PolicyStatement[] {
  const keys = (patterns: string[] | undefined) =>
    patterns === undefined ? {} : { conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': patterns } } };
  const statements = [new iam.PolicyStatement({ sid, actions: actions.map((a) => `dynamodb:${a}`), resources: [table.tableArn], ...keys(leadingKeys) })];
  if (index !== false) {
    statements.push(
      new iam.PolicyStatement({
        sid: `${sid}Index`,
        actions: ['dynamodb:Query'],
        resources: [`${table.tableArn}/index/gsi1`],
        ...keys(index === true ? undefined : index.leadingKeys),
      }),
    );
  }
  return statements;
}
