/**
 * Atomic counters for fan-in: each finished part of a fanned-out piece of work (a segment of a
 * render) records itself under the counter's name; the caller that sees the count reach the total
 * starts the next step. A member is counted once however often it is recorded, so a job delivered
 * twice (at-least-once queues) does not count twice. SQLite locally, one DynamoDB item on AWS.
 *
 * @example
 * const { count } = await counters.increment({ name: `render:${renderId}:segments`, member: segmentKey });
 * if (count === plan.segments.length) await queue.enqueue({ body: assembleJob, dedupeKey: `assemble:${renderId}` });
 */
export interface Counters {
  /**
   * Adds `member` to the counter `name` and returns how many distinct members it has now.
   * `added` is false when the member was recorded before (nothing changed).
   */
  increment(args: { name: string; member: string }): Promise<{ count: number; added: boolean }>;
  /** How many distinct members the counter has (0 for a counter never incremented). */
  read(args: { name: string }): Promise<number>;
  /** Forgets a counter (when its work is done); removing an unknown one is a no-op. */
  remove(args: { name: string }): Promise<void>;
}
