/**
 * The error model shared by every layer.
 *
 * Each area has one base class (`ProjectError`, `AssetError`, `MediaError`, `SubtitleError`, …);
 * subclasses carry a stable `code` that scripts and the web app rely on. `message` is English
 * (logs, CLI); `messageVi` is the plain Vietnamese sentence shown to people on pages.
 * `kind` tells the HTTP layer how to map the error; `retryable` tells a worker whether another
 * attempt can succeed (a killed ffmpeg, a throttled store) or not (bad media, an invalid spec).
 */
import { kindOfCode, statusOfCode, type ErrorCode, type ErrorKind, type ErrorStatus } from './error-codes.ts';

export type { ErrorCode, ErrorKind, ErrorStatus } from './error-codes.ts';

export interface ErrorOptions {
  code: ErrorCode;
  message: string;
  messageVi: string;
  retryable?: boolean;
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class ReportageError extends Error {
  readonly code: ErrorCode;
  readonly messageVi: string;
  readonly retryable: boolean;
  readonly details: Record<string, unknown>;

  constructor({ code, message, messageVi, retryable = false, details = {}, cause }: ErrorOptions) {
    super(message, { cause });
    this.name = new.target.name;
    this.code = code;
    this.messageVi = messageVi;
    this.retryable = retryable;
    this.details = details;
  }

  /** The HTTP status the code answers with (shared/domain/error-codes.ts). */
  get status(): ErrorStatus {
    return statusOfCode(this.code);
  }

  /** How callers treat it, following from the status: `internal` is a fault, the rest a refusal. */
  get kind(): ErrorKind {
    return kindOfCode(this.code);
  }

  /** The shape written to JSON outputs (CLI `--json`, API error bodies, job records). */
  toJSON(): ErrorRecord {
    return { code: this.code, message: this.message, messageVi: this.messageVi };
  }
}

export interface ErrorRecord {
  code: string;
  message: string;
  messageVi: string;
}

/** Turns anything thrown into an `ErrorRecord`, hiding internals of unexpected errors. */
export function toErrorRecord(error: unknown): ErrorRecord {
  if (error instanceof ReportageError) return error.toJSON();
  return {
    code: 'INTERNAL',
    message: 'An internal error occurred; it has been logged.',
    messageVi: 'Đã xảy ra lỗi hệ thống; lỗi đã được ghi lại. Vui lòng thử lại sau.',
  };
}

export class ConfigError extends ReportageError {}
export class ProjectError extends ReportageError {}
export class AssetError extends ReportageError {}
export class StoreError extends ReportageError {}
export class JobError extends ReportageError {}
/** Base class of every error about a cut, its timeline, its timecodes and its versions. */
export class TimelineError extends ReportageError {}

export class NotFoundError extends StoreError {
  constructor({ entity, id }: { entity: string; id: string }) {
    super({
      code: 'NOT_FOUND',
      message: `No ${entity} with id "${id}".`,
      messageVi: `Không tìm thấy ${entityVi(entity)} "${id}".`,
      details: { entity, id },
    });
  }
}

/** Optimistic concurrency: somebody else saved the record first. */
export class ConflictError extends StoreError {
  constructor({ entity, id, expected, found }: { entity: string; id: string; expected: number; found: number | null }) {
    super({
      code: 'CONFLICT',
      message: `The ${entity} "${id}" was changed by someone else (expected revision ${expected}, found ${found ?? 'none'}). Reload and try again.`,
      messageVi: `${capitalise(entityVi(entity))} "${id}" vừa được người khác thay đổi. Hãy tải lại trang rồi thử lại.`,
      details: { entity, id, expected, found },
    });
  }
}

function entityVi(entity: string): string {
  const words: Record<string, string> = { project: 'dự án', asset: 'tư liệu', job: 'tác vụ' };
  return words[entity] ?? entity;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
