import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Counters } from '../../shared/ports/counters.ts';

export interface CountersHarness {
  counters: Counters;
  cleanup: () => Promise<void>;
}

/**
 * The `Counters` port's contract (fan-in): SQLite locally, DynamoDB on AWS, run unchanged.
 *
 * @example describeCountersContract({ name: 'SQLite', make: async () => ({ counters, cleanup }) });
 */
export function describeCountersContract({ name, make }: { name: string; make: () => Promise<CountersHarness> }): void {
  describe(`Counters contract: ${name}`, () => {
    let counters: Counters;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ counters, cleanup } = await make());
    });
    afterEach(async () => cleanup());

    it('counts distinct members, and a repeated member (a job delivered twice) once', async () => {
      expect(await counters.read({ name: 'render:r1:segments' })).toBe(0);
      expect(await counters.increment({ name: 'render:r1:segments', member: 'seg-001' })).toEqual({ count: 1, added: true });
      expect(await counters.increment({ name: 'render:r1:segments', member: 'seg-002' })).toEqual({ count: 2, added: true });
      expect(await counters.increment({ name: 'render:r1:segments', member: 'seg-001' })).toEqual({ count: 2, added: false });
      expect(await counters.read({ name: 'render:r1:segments' })).toBe(2);
      expect(await counters.read({ name: 'render:r2:segments' })).toBe(0);
    });

    it('under concurrent increments, exactly one caller adds the last member and sees the total', async () => {
      const members = Array.from({ length: 12 }, (_, i) => `seg-${String(i).padStart(3, '0')}`);
      // Every member twice, all at once: at-least-once delivery with duplicates racing.
      const results = await Promise.all([...members, ...members].map((member) => counters.increment({ name: 'fan-in', member })));
      expect(results.filter((r) => r.added)).toHaveLength(members.length);
      expect(results.filter((r) => r.added && r.count === members.length)).toHaveLength(1);
      expect(await counters.read({ name: 'fan-in' })).toBe(members.length);
    });

    it('forgets a removed counter; removing an unknown one is a no-op', async () => {
      await counters.increment({ name: 'done', member: 'a' });
      await counters.remove({ name: 'done' });
      await counters.remove({ name: 'never' });
      expect(await counters.read({ name: 'done' })).toBe(0);
      expect(await counters.increment({ name: 'done', member: 'a' })).toEqual({ count: 1, added: true });
    });
  });
}
