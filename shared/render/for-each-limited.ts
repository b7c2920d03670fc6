/**
 * Runs `run` on every item, at most `limit` at a time (at least one), in order of start.
 *
 * @example await forEachLimited({ items: plan.segments, limit: deps.concurrency, run: (segment) => renderOne(segment) })
 */
export async function forEachLimited<T>({
  items,
  limit,
  run,
}: {
  items: readonly T[];
  limit: number;
  run: (item: T, index: number) => Promise<void>;
}): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const index = next++;
      await run(items[index] as T, index);
    }
  });
  await Promise.all(lanes);
}
