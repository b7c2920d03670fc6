import { StoreError } from '../../domain/index.ts';
import { DatabaseError } from '../../ports/errors.ts';

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
