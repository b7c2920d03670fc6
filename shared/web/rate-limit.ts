/**
 * A fixed-window counter per key (client address), in memory: enough to make guessing a 256-bit
 * token pointless and to slow a script down, without a store round trip. Each process keeps its
 * own counts (on Lambda, each instance; the token's entropy is the real protection).
 */
export interface RateLimiter {
  /** Counts one attempt; returns null when allowed, else the seconds until the next is. */
  hit(args: { key: string; now: Date }): number | null;
}

export function createRateLimiter({ max, windowSeconds }: { max: number; windowSeconds: number }): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    hit({ key, now }) {
      const t = now.getTime();
      if (windows.size > 10_000) {
        for (const [k, w] of windows) if (t - w.start >= windowSeconds * 1000) windows.delete(k);
      }
      let window = windows.get(key);
      if (window === undefined || t - window.start >= windowSeconds * 1000) {
        window = { start: t, count: 0 };
        windows.set(key, window);
      }
      window.count += 1;
      if (window.count <= max) return null;
      return Math.max(1, Math.ceil((window.start + windowSeconds * 1000 - t) / 1000));
    },
  };
}
