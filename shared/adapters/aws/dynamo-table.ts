import { gunzipSync, gzipSync } from 'node:zlib';
import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { z } from 'zod';
import { ConflictError } from '../../domain/errors.ts';
import { parseIncoming, parseStored } from '../../ports/records.ts';
import { errorNameOf } from './aws-clients.ts';
import { AwsStoreError } from './errors.ts';

/**
 * The single table's shape, shared by the adapters, the emulator set-up and (by a test) the CDK
 * stateful stack: string keys `pk`/`sk`, one global secondary index `gsi1` on `gsi1pk`/`gsi1sk`
 * (every "list … of a project", projects, jobs), and the TTL attribute `expiresAt`
 * (epoch seconds; finished job records expire).
 */
export const TABLE_SCHEMA = {
  partitionKey: 'pk',
  sortKey: 'sk',
  gsi: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  ttlAttribute: 'expiresAt',
} as const;

/** Creates the table as the stateful stack defines it (for the emulators; on AWS, CDK does it). */
export async function createReportageTable({ client, tableName }: { client: DynamoDBClient; tableName: string }): Promise<void> {
  const { partitionKey, sortKey, gsi } = TABLE_SCHEMA;
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [partitionKey, sortKey, gsi.partitionKey, gsi.sortKey].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: partitionKey, KeyType: 'HASH' },
        { AttributeName: sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: gsi.name,
          KeySchema: [
            { AttributeName: gsi.partitionKey, KeyType: 'HASH' },
            { AttributeName: gsi.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    }),
  );
}

/** Records above this many bytes of JSON are stored gzipped (an item's limit is 400 KB). */
const GZIP_ABOVE_BYTES = 200_000;

export type Item = Record<string, unknown>;

/** Thin helpers over the document client that speak the store's errors. */
export interface Table {
  name: string;
  get(args: { pk: string; sk: string }): Promise<Item | null>;
  /** `condition` fails → returns false (the caller decides what that means). */
  put(args: { item: Item; condition?: string; names?: Record<string, string>; values?: Record<string, unknown> }): Promise<boolean>;
  update(args: {
    pk: string;
    sk: string;
    set: string;
    condition?: string;
    names?: Record<string, string>;
    values?: Record<string, unknown>;
    returnNew?: boolean;
  }): Promise<Item | null | false>;
  delete(args: { pk: string; sk: string; condition?: string; names?: Record<string, string>; values?: Record<string, unknown> }): Promise<boolean>;
  /** Items of one table partition (`pk`), strongly consistent, in `sk` order (newest first with `descending`). */
  queryPartition(args: { pk: string; descending?: boolean; limit?: number }): Promise<Item[]>;
  /** Every item of one `gsi1` partition, in sort-key order (newest first with `descending`). */
  queryIndex(args: {
    pk: string;
    skPrefix?: string;
    descending?: boolean;
    limit?: number;
    filter?: string;
    names?: Record<string, string>;
    values?: Record<string, unknown>;
  }): Promise<Item[]>;
}

export function createTable({ dynamo, tableName }: { dynamo: DynamoDBDocumentClient; tableName: string }): Table {
  const fail = (operation: string, error: unknown): never => {
    throw new AwsStoreError({ service: 'DynamoDB', operation, cause: error });
  };
  const conditional = (names?: Record<string, string>, values?: Record<string, unknown>) => ({
    ...(names === undefined ? {} : { ExpressionAttributeNames: names }),
    ...(values === undefined ? {} : { ExpressionAttributeValues: values }),
  });

  return {
    name: tableName,
    async get({ pk, sk }) {
      try {
        const { Item } = await dynamo.send(new GetCommand({ TableName: tableName, Key: { pk, sk }, ConsistentRead: true }));
        return Item ?? null;
      } catch (error) {
        return fail(`read of ${pk}`, error);
      }
    },
    async put({ item, condition, names, values }) {
      try {
        await dynamo.send(
          new PutCommand({
            TableName: tableName,
            Item: item,
            ...(condition === undefined ? {} : { ConditionExpression: condition }),
            ...conditional(names, values),
          }),
        );
        return true;
      } catch (error) {
        if (errorNameOf(error) === 'ConditionalCheckFailedException') return false;
        return fail(`write of ${String(item.pk)}`, error);
      }
    },
    async update({ pk, sk, set, condition, names, values, returnNew = false }) {
      try {
        const { Attributes } = await dynamo.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk, sk },
            UpdateExpression: set,
            ...(condition === undefined ? {} : { ConditionExpression: condition }),
            ...conditional(names, values),
            ReturnValues: returnNew ? 'ALL_NEW' : 'NONE',
          }),
        );
        return Attributes ?? null;
      } catch (error) {
        if (errorNameOf(error) === 'ConditionalCheckFailedException') return false;
        return fail(`update of ${pk}`, error);
      }
    },
    async delete({ pk, sk, condition, names, values }) {
      try {
        await dynamo.send(
          new DeleteCommand({
            TableName: tableName,
            Key: { pk, sk },
            ...(condition === undefined ? {} : { ConditionExpression: condition }),
            ...conditional(names, values),
          }),
        );
        return true;
      } catch (error) {
        if (errorNameOf(error) === 'ConditionalCheckFailedException') return false;
        return fail(`delete of ${pk}`, error);
      }
    },
    async queryPartition({ pk, descending = false, limit }) {
      const items: Item[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        try {
          const page = await dynamo.send(
            new QueryCommand({
              TableName: tableName,
              KeyConditionExpression: '#pk = :pk',
              ExpressionAttributeNames: { '#pk': 'pk' },
              ExpressionAttributeValues: { ':pk': pk },
              ScanIndexForward: !descending,
              ConsistentRead: true,
              ...(limit === undefined ? {} : { Limit: limit }),
              ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
            }),
          );
          items.push(...(page.Items ?? []));
          startKey = page.LastEvaluatedKey;
        } catch (error) {
          return fail(`query of ${pk}`, error);
        }
      } while (startKey !== undefined && (limit === undefined || items.length < limit));
      return limit === undefined ? items : items.slice(0, limit);
    },
    async queryIndex({ pk, skPrefix, descending = false, limit, filter, names = {}, values = {} }) {
      const items: Item[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const input: QueryCommandInput = {
          TableName: tableName,
          IndexName: TABLE_SCHEMA.gsi.name,
          KeyConditionExpression: skPrefix === undefined ? '#gpk = :gpk' : '#gpk = :gpk AND begins_with(#gsk, :gsk)',
          ExpressionAttributeNames: { ...names, '#gpk': 'gsi1pk', ...(skPrefix === undefined ? {} : { '#gsk': 'gsi1sk' }) },
          ExpressionAttributeValues: { ...values, ':gpk': pk, ...(skPrefix === undefined ? {} : { ':gsk': skPrefix }) },
          ScanIndexForward: !descending,
          ...(filter === undefined ? {} : { FilterExpression: filter }),
          ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
        };
        try {
          const page = await dynamo.send(new QueryCommand(input));
          items.push(...(page.Items ?? []));
          startKey = page.LastEvaluatedKey;
        } catch (error) {
          return fail(`query of ${pk}`, error);
        }
      } while (startKey !== undefined && (limit === undefined || items.length < limit));
      return limit === undefined ? items : items.slice(0, limit);
    },
  };
}

/** The record's attributes: JSON text, or gzipped JSON when large. */
export function encodeRecord(value: unknown): Item {
  const json = JSON.stringify(value);
  if (Buffer.byteLength(json) <= GZIP_ABOVE_BYTES) return { record: json };
  return { recordGz: new Uint8Array(gzipSync(json)) };
}

/** Parses a stored item's record with the domain schema (a damaged item is `CORRUPT_RECORD`). */
export function decodeRecord<S extends z.ZodType>({ schema, entity, item }: { schema: S; entity: string; item: Item }): z.output<S> {
  const gz = item.recordGz;
  const record = gz instanceof Uint8Array ? gunzipSync(gz).toString('utf8') : String(item.record ?? '');
  return parseStored({ schema, entity, row: { id: String(item.id ?? item.pk), record } });
}

export { parseIncoming };

/** The ConflictError of an optimistic write that lost, naming the revision found (null: no record). */
export async function conflictFor({
  table,
  entity,
  id,
  pk,
  sk,
  expected,
}: {
  table: Table;
  entity: string;
  id: string;
  pk: string;
  sk: string;
  expected: number;
}): Promise<ConflictError> {
  const found = await table.get({ pk, sk });
  return new ConflictError({ entity, id, expected, found: typeof found?.revision === 'number' ? found.revision : null });
}
