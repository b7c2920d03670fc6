import type { Context } from 'hono';
import { z } from 'zod';
import { ReportageError, type ErrorRecord } from '../domain/index.ts';
import type { Logger } from '../ports/index.ts';
import type { WebEnv } from './session.ts';

/** What a 5xx body says, whatever failed: the detail is in the log under the request id. */
const INTERNAL: ErrorRecord = {
  code: 'INTERNAL',
  message: 'An internal error occurred; it has been logged. Try again later, or quote the request id to the organiser.',
  messageVi: 'Đã xảy ra lỗi hệ thống; lỗi đã được ghi lại. Vui lòng thử lại sau, hoặc báo mã yêu cầu cho ban tổ chức.',
};

/** A 4xx whose message turned out to carry internals (SQL, a stack) says only this. */
const REFUSED: Omit<ErrorRecord, 'code'> = {
  message: 'The request could not be completed. Quote the request id to the organiser if this persists.',
  messageVi: 'Không thực hiện được yêu cầu. Nếu lỗi lặp lại, hãy báo mã yêu cầu cho ban tổ chức.',
};

/** Filesystem paths under the usual roots, Windows paths, `file:` URLs, AWS ARNs: replaced by `…`. */
const INTERNAL_NAMES = [
  /(?:file:\/\/)?(?<![\w./-])\/(?:home|tmp|var|srv|usr|opt|etc|root|mnt|media|data|private|Users|work|app|run|proc|dev|snap|nix)\/[^\s"'`<>)]*(?<![.,;:])/g,
  /\b[A-Za-z]:\\[^\s"'`<>)]*(?<![.,;:])/g,
  /\barn:aws[\w-]*:[^\s"'`<>)]*(?<![.,;:])/g,
];

/** Text that means the message is an internal one passed through: SQL, SQLite's own words, a stack trace. */
const INTERNAL_TEXT = new RegExp(
  [
    /\bSQLITE_[A-Z_]+|\bSqliteError\b|\bno such (?:table|column)\b|\bconstraint failed\b/.source,
    /\b(?:SELECT|INSERT INTO|UPDATE|DELETE FROM|CREATE TABLE)\b/.source,
    /\n\s+at\s/.source,
  ].join('|'),
);

/**
 * The error record a client may see: paths and ARNs cut out, and a message that carries SQL or a
 * stack replaced whole. `hidden` says something was taken out (the log then keeps the original).
 */
export function publicErrorRecord(record: ErrorRecord): { record: ErrorRecord; hidden: boolean } {
  if (INTERNAL_TEXT.test(record.message) || INTERNAL_TEXT.test(record.messageVi)) return { record: { code: record.code, ...REFUSED }, hidden: true };
  const scrub = (text: string) => INTERNAL_NAMES.reduce((out, pattern) => out.replace(pattern, '…'), text);
  const message = scrub(record.message);
  const messageVi = scrub(record.messageVi);
  return { record: { code: record.code, message, messageVi }, hidden: message !== record.message || messageVi !== record.messageVi };
}

/**
 * Maps anything a route threw to its HTTP answer, once (`app.onError`). Every body carries the
 * request's id. A 4xx shows its message to the user, with internals cut out; a 5xx shows a
 * generic text and its error goes to the log under the same id.
 */
export function answerError({ error, c, log }: { error: unknown; c: Context<WebEnv>; log: Logger }): Response {
  const requestId = c.var.requestId ?? 'none';
  const where = { requestId, method: c.req.method, path: c.req.path };
  if (error instanceof z.ZodError) {
    // A use case re-parsing its input (the route already did): still the caller's mistake.
    const field = error.issues[0]?.path.join('.') || 'body';
    const message = `Field "${field}" is invalid: ${error.issues[0]?.message ?? 'invalid value'}.`;
    return c.json({ error: { code: 'INVALID_BODY', message, messageVi: `Trường "${field}" không hợp lệ.`, requestId } }, 400);
  }
  // A code's status is fixed by the registry (shared/domain/error-codes.ts); a 500 says nothing more.
  if (error instanceof ReportageError && error.status !== 500) {
    const status = error.status;
    if (status === 429) c.header('Retry-After', String(error.details.retryAfterSeconds ?? 60));
    const { record, hidden } = publicErrorRecord(error.toJSON());
    const problems = error.details.problems;
    const showProblems = Array.isArray(problems) && !hidden && !publicErrorRecord({ code: '', message: JSON.stringify(problems), messageVi: '' }).hidden;
    if (hidden) log.warn('request refused; internal detail kept out of the answer', { ...where, status, error });
    else log.debug('request refused', { ...where, status, code: error.code });
    return c.json({ error: { ...record, ...(showProblems ? { problems } : {}), requestId } }, status);
  }
  log.error('request failed', { ...where, error });
  return c.json({ error: { ...INTERNAL, requestId } }, 500);
}
