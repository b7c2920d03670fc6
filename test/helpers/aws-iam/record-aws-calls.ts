import { AsyncLocalStorage } from 'node:async_hooks';
import { installAwsCallRecorder, type AwsCall } from '../../../shared/adapters/aws/index.ts';
import { canonicalArn, IAM_ACCOUNT, type FunctionName } from './role-policies.ts';

/** One IAM request made by one function during a test, with canonical resource names. */
export interface RecordedCall extends AwsCall {
  fn: FunctionName;
}

const running = new AsyncLocalStorage<FunctionName>();

/**
 * Runs `work` as function `fn`: every AWS SDK call made inside it (timers and promises it starts
 * included) is attributed to that function's role. Calls made outside any `asFunction` (the test
 * creating buckets, seeding records, playing the browser) are not recorded.
 *
 * @example await asFunction('worker', () => handler(event));
 */
export function asFunction<T>(fn: FunctionName, work: () => Promise<T>): Promise<T> {
  return running.run(fn, work);
}

/** Starts recording every attributed call; `stop()` removes the recorder. */
export function recordAwsCalls(): { calls: RecordedCall[]; stop(): void } {
  const calls: RecordedCall[] = [];
  const stop = installAwsCallRecorder({
    accountId: IAM_ACCOUNT,
    record(call) {
      const fn = running.getStore();
      if (fn !== undefined) calls.push({ ...call, fn, resource: canonicalArn(call.resource) });
    },
  });
  return { calls, stop };
}
