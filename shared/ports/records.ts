/**
 * Records read from and written to a store, checked against their zod schemas: a record that does
 * not parse is an `InvalidRecordError` naming the entity, the id and the field (both backends).
 */
import type { z } from 'zod';
import { InvalidRecordError } from './errors.ts';

/** A row that keeps a record as JSON beside its query columns. */
export interface RecordRow {
  id: string;
  record: string;
}

/** Checks a record before it is written. */
export function parseIncoming<S extends z.ZodType>({ schema, entity, value }: { schema: S; entity: string; value: unknown }): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const id = String((value as { id?: unknown } | null)?.id ?? '(no id)');
  throw new InvalidRecordError({ entity, id, field: issue?.path.join('.') || entity, problem: issue?.message ?? 'invalid', stored: false });
}

/** Parses a record as stored (JSON beside its query columns). */
export function parseStored<S extends z.ZodType>({ schema, entity, row }: { schema: S; entity: string; row: RecordRow }): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(row.record);
  } catch {
    throw new InvalidRecordError({ entity, id: row.id, field: '(json)', problem: 'not valid JSON', stored: true });
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new InvalidRecordError({ entity, id: row.id, field: issue?.path.join('.') || entity, problem: issue?.message ?? 'invalid', stored: true });
}
