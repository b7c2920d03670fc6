import type { Counters } from '../../ports/counters.ts';
import type { Table } from './dynamo-table.ts';

const keyOf = (name: string) => ({ pk: `COUNTER#${name}`, sk: 'COUNTER' });

/**
 * Fan-in counters on DynamoDB: one item per counter holding a string set of members. `increment`
 * is one conditional `UpdateItem` (`ADD members :m` if `NOT contains(members, :member)`), atomic
 * without transactions; a member already there fails the condition and only the count is read.
 * Counters expire with the table's TTL after `retentionDays` (default 7).
 */
export function createDynamoCounters({ table, retentionDays = 7 }: { table: Table; retentionDays?: number }): Counters {
  const read = async (name: string) => {
    const item = await table.get(keyOf(name));
    const members = item?.members;
    return members instanceof Set ? members.size : 0;
  };
  return {
    async increment({ name, member }) {
      const updated = await table.update({
        ...keyOf(name),
        set: 'ADD #members :m SET expiresAt = :ttl',
        condition: 'attribute_not_exists(#members) OR NOT contains(#members, :member)',
        names: { '#members': 'members' },
        values: { ':m': new Set([member]), ':member': member, ':ttl': Math.floor(Date.now() / 1000) + retentionDays * 86_400 },
        returnNew: true,
      });
      if (updated === false) return { count: await read(name), added: false };
      const members = updated?.members;
      return { count: members instanceof Set ? members.size : 0, added: true };
    },
    async read({ name }) {
      return read(name);
    },
    async remove({ name }) {
      await table.delete(keyOf(name));
    },
  };
}
