import type { z } from 'zod';
import { StoreError } from '../../domain/index.ts';
import { DatabaseError, InvalidRecordError } from './errors.ts';

/** A row that keeps a record as JSON beside its query columns. */
export interface RecordRow {
  id: string;
  record: string;
}

/** Runs one statement, turning SQLite failures into `StoreError`s; `onConstraint` may explain a constraint failure. */
export function run<T>({ operation, statement, onConstraint }: { operation: string; statement: () => T; onConstraint?: () => void }): T {
  try {
    return statement();
  } catch (error) {
    if (error instanceof StoreError) throw error;
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT') && onConstraint !== undefined) onConstraint();
    throw new DatabaseError({ operation, cause: error });
  }
}

export function parseIncoming<S extends z.ZodType>({ schema, entity, value }: { schema: S; entity: string; value: unknown }): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const id = String((value as { id?: unknown } | null)?.id ?? '(no id)');
  throw new InvalidRecordError({ entity, id, field: issue?.path.join('.') || entity, problem: issue?.message ?? 'invalid', stored: false });
}

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
