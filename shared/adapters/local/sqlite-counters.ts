import type { Counters } from '../../ports/counters.ts';
import { run } from './sqlite-records.ts';
import type { SqliteDatabase } from './sqlite.ts';

/**
 * Fan-in counters in the SQLite database (the local twin of the DynamoDB counters): one row per
 * (counter, member); the primary key makes a repeated member a no-op, and the insert and the
 * count run in one IMMEDIATE transaction, so every process sharing the file sees exact counts.
 * The table is created here if missing (it holds nothing that outlives a render).
 *
 * @example const counters = createSqliteCounters({ db });
 */
export function createSqliteCounters({ db }: { db: SqliteDatabase }): Counters {
  db.exec('CREATE TABLE IF NOT EXISTS counters (name TEXT NOT NULL, member TEXT NOT NULL, PRIMARY KEY (name, member)) WITHOUT ROWID');
  const insert = db.prepare('INSERT INTO counters (name, member) VALUES (?, ?) ON CONFLICT DO NOTHING');
  const count = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM counters WHERE name = ?');
  const remove = db.prepare('DELETE FROM counters WHERE name = ?');
  const incrementTx = db.transaction((name: string, member: string) => {
    const added = insert.run(name, member).changes === 1;
    return { count: count.get(name)?.n ?? 0, added };
  });

  return {
    async increment({ name, member }) {
      return run({ operation: 'increment of a counter', statement: () => incrementTx.immediate(name, member) });
    },
    async read({ name }) {
      return run({ operation: 'read of a counter', statement: () => count.get(name)?.n ?? 0 });
    },
    async remove({ name }) {
      run({ operation: 'removal of a counter', statement: () => remove.run(name) });
    },
  };
}
