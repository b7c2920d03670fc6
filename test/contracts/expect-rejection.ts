import { expect } from 'vitest';
import { ReportageError } from '../../shared/domain/index.ts';

/**
 * Asserts that calling `call` returns a promise that rejects (a port method never throws
 * synchronously) with a `ReportageError` of the given `code` — and, when named, `kind` and class.
 * Returns the error for further checks.
 */
export async function expectRejection({
  call,
  code,
  kind,
  type = ReportageError,
}: {
  call: () => Promise<unknown>;
  code: string;
  kind?: ReportageError['kind'];
  type?: abstract new (...args: never[]) => ReportageError;
}): Promise<ReportageError> {
  let promise: Promise<unknown>;
  try {
    promise = call();
  } catch (error) {
    throw new Error(`expected a rejected promise, but the call threw synchronously: ${String(error)}`);
  }
  const outcome = await promise.then(
    (value) => ({ rejected: false as const, value }),
    (error: unknown) => ({ rejected: true as const, error }),
  );
  if (!outcome.rejected) throw new Error(`expected a rejection with code ${code}, but it resolved with ${JSON.stringify(outcome.value)}`);
  const error = outcome.error;
  expect(error).toBeInstanceOf(type);
  const typed = error as ReportageError;
  expect(typed.code).toBe(code);
  if (kind !== undefined) expect(typed.kind).toBe(kind);
  return typed;
}
