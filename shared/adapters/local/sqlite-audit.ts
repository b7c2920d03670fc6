import { AuditEntrySchema, type AuditEntry } from '../../domain/index.ts';
import { parseIncoming } from '../../ports/records.ts';
import { run } from './sqlite-records.ts';
import type { SqliteDatabase } from './sqlite.ts';

/**
 * Changes with their audit entry in one SQLite transaction: `write(audit, change)` runs the
 * change and appends the entry (validated first) in the same transaction, so either both are
 * stored or, when the change throws (a conflict, a taken id), neither. Shared by the workflow
 * store and the pipeline store (project edits), which use one database.
 */
export function createAuditedWrites({ db }: { db: SqliteDatabase }) {
  // Prepared on first use: a store opened on a schema without the log (a migration test) still opens.
  let insert: ReturnType<SqliteDatabase['prepare']> | undefined;
  const append = (entry: AuditEntry) => {
    const valid = parseIncoming({ schema: AuditEntrySchema, entity: 'audit entry', value: entry });
    insert ??= db.prepare('INSERT INTO audit_log (id, project_id, record) VALUES (@id, @projectId, @record)');
    const statement = insert;
    run({ operation: 'append to the audit log', statement: () => statement.run({ id: valid.id, projectId: valid.projectId, record: JSON.stringify(valid) }) });
  };
  return {
    append,
    /** Runs `change`, then appends `audit` (when given and `shouldAudit` says the change did something), all in one transaction. */
    write<T>({ audit, change, shouldAudit = () => true }: { audit: AuditEntry | undefined; change: () => T; shouldAudit?: (result: T) => boolean }): T {
      if (audit !== undefined) parseIncoming({ schema: AuditEntrySchema, entity: 'audit entry', value: audit });
      return db.transaction(() => {
        const result = change();
        if (audit !== undefined && shouldAudit(result)) append(audit);
        return result;
      })();
    },
  };
}
