import { AuditEntrySchema, type AuditEntry } from '../../domain/index.ts';
import { encodeRecord, parseIncoming, type Item, type Table } from './dynamo-table.ts';

type Keys = { pk: string; sk: string };

/** The audit log's item of an entry: one partition per project, sorted by time. */
export function auditItem(entry: AuditEntry): Item {
  return { pk: `AUDIT#${entry.projectId ?? '-'}`, sk: `${entry.at}#${entry.id}`, id: entry.id, ...encodeRecord(entry) };
}

/**
 * Changes with their audit entry on DynamoDB, as one conditional write (an outbox in the item).
 *
 * The entry rides in the changed item itself (`pendingAudit`, `pendingAuditId`), so the change and
 * its entry are stored by the same conditional PutItem: both or neither. Then it is copied to the
 * project's audit partition (an idempotent put: same key, same content) and cleared from the item.
 * If the process stops between the two, the entry is not lost: it stays in the item, and every
 * write of that item first drains a pending entry (every write here carries the condition
 * `attribute_not_exists(pendingAuditId)`; on failure, a pending entry is copied and the write is
 * tried once more). TransactWriteItems would do the same in one call; the emulator the contract
 * tests run against (dynalite) does not implement it, and this needs nothing the table lacks.
 */
export function createAuditedWrites({ table }: { table: Table }) {
  const promote = async ({ keys, entry }: { keys: Keys; entry: AuditEntry }) => {
    await table.put({ item: auditItem(entry) });
    await table.update({ ...keys, set: 'REMOVE pendingAudit, pendingAuditId', condition: 'pendingAuditId = :id', values: { ':id': entry.id } });
  };
  /** Copies an item's pending entry to the log; false when it carries none. */
  const drain = async ({ keys }: { keys: Keys }): Promise<boolean> => {
    const item = await table.get(keys);
    if (typeof item?.pendingAudit !== 'string') return false;
    await promote({ keys, entry: AuditEntrySchema.parse(JSON.parse(item.pendingAudit)) });
    return true;
  };

  return {
    /** Appends an entry that goes with no change (a failed sign-in, a refused upload). */
    async append(entry: AuditEntry): Promise<void> {
      await table.put({ item: auditItem(parseIncoming({ schema: AuditEntrySchema, entity: 'audit entry', value: entry })) });
    },
    drain,
    /**
     * Copies the pending entries of listed items written more than a minute ago (a writer stopped
     * before copying): append-only items (decisions, comments) are never written again to drain them.
     */
    async settle(items: Item[]): Promise<void> {
      for (const item of items) {
        if (typeof item.pendingAudit !== 'string') continue;
        const entry = AuditEntrySchema.parse(JSON.parse(item.pendingAudit));
        if (Date.now() - Date.parse(entry.at) > 60_000) await promote({ keys: { pk: String(item.pk), sk: String(item.sk) }, entry });
      }
    },
    /**
     * Writes `item` under `condition` with `audit` inside it; false when the condition failed (then
     * nothing was written). With `deferPromotion`, the caller promotes (after its own checks; it may
     * instead delete the item, entry and all).
     */
    async put({
      keys,
      item,
      condition,
      names,
      values,
      audit,
      deferPromotion = false,
    }: {
      keys: Keys;
      item: Item;
      condition?: string;
      names?: Record<string, string>;
      values?: Record<string, unknown>;
      audit: AuditEntry | undefined;
      deferPromotion?: boolean;
    }): Promise<{ written: boolean; promote: () => Promise<void> }> {
      const entry = audit === undefined ? undefined : parseIncoming({ schema: AuditEntrySchema, entity: 'audit entry', value: audit });
      const guarded = condition === undefined ? 'attribute_not_exists(pendingAuditId)' : `(${condition}) AND attribute_not_exists(pendingAuditId)`;
      // A copy of a read item may carry an entry drained since: only this write's entry goes in.
      const { pendingAudit: _entry, pendingAuditId: _id, ...fresh } = item;
      const full = entry === undefined ? fresh : { ...fresh, pendingAuditId: entry.id, pendingAudit: JSON.stringify(entry) };
      const done = async () => {
        if (entry !== undefined) await promote({ keys, entry });
      };
      for (let attempt = 0; ; attempt += 1) {
        const written = await table.put({
          item: full,
          condition: guarded,
          ...(names === undefined ? {} : { names }),
          ...(values === undefined ? {} : { values }),
        });
        if (written) {
          if (!deferPromotion) await done();
          return { written: true, promote: done };
        }
        if (attempt > 0 || !(await drain({ keys }))) return { written: false, promote: async () => undefined };
      }
    },
  };
}
