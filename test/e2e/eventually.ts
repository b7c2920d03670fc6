/**
 * Retries an assertion until it passes or the time is up (then throws its last failure), for
 * pages that change after requests finish. vitest's `expect` does not wait on its own.
 */
export async function eventually(
  assertion: () => Promise<void> | void,
  { timeout = 15_000, interval = 100 }: { timeout?: number; interval?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, interval));
    }
  }
}
