import { JobError, StoreError } from '../domain/errors.ts';

/**
 * Errors of the storage adapters. They extend the domain's `StoreError` / `JobError`, so callers
 * map them by `kind` and `code` and never need to import an adapter. The codes are part of the
 * port contracts (test/contracts/): every backend throws the same ones.
 */

/** A blob key that is not a relative, `/`-separated name of `[A-Za-z0-9._-]` segments, or that escapes the store. */
export class InvalidKeyError extends StoreError {
  constructor({ key, reason }: { key: string; reason: string }) {
    super({
      code: 'INVALID_KEY',
      message: `Invalid blob key ${JSON.stringify(key)}: ${reason}. Keys are relative, "/"-separated, made of segments of letters, digits, ".", "_" and "-", without "." or ".." segments.`,
      messageVi: 'Tên tệp lưu trữ không hợp lệ.',
      details: { key, reason },
    });
  }
}

/** No blob is stored under the key. */
export class BlobNotFoundError extends StoreError {
  constructor({ key }: { key: string }) {
    super({
      code: 'BLOB_NOT_FOUND',
      message: `No blob is stored under "${key}".`,
      messageVi: 'Không tìm thấy tệp trong kho lưu trữ.',
      details: { key },
    });
  }
}

/** A byte range that is not `0 <= start <= end` with integers. */
export class InvalidRangeError extends StoreError {
  constructor({ key, range }: { key: string; range: { start: number; end?: number } }) {
    super({
      code: 'INVALID_RANGE',
      message: `Invalid byte range for "${key}": expected integers with 0 <= start <= end, found start=${range.start}, end=${range.end ?? '(none)'}.`,
      messageVi: 'Khoảng byte yêu cầu không hợp lệ.',
      details: { key, start: range.start, end: range.end ?? null },
    });
  }
}

/** A write to `originals/…` by another door than `putOriginal`: originals are never overwritten. */
export class ReadOnlyKeyError extends StoreError {
  constructor({ key }: { key: string }) {
    super({
      code: 'READ_ONLY_KEY',
      message: `The key "${key}" is under "originals/", which only putOriginal writes (originals are immutable and content-addressed).`,
      messageVi: 'Không được ghi đè tệp gốc.',
      details: { key },
    });
  }
}

/** Reading or writing the underlying storage failed (disk full, permissions, I/O error). */
export class BlobIoError extends StoreError {
  constructor({ key, operation, cause }: { key: string; operation: string; cause: unknown }) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const systemCode = (cause as { code?: unknown } | null)?.code;
    super({
      code: 'BLOB_IO_FAILED',
      // A missing or unreadable source file will not appear by retrying; a full disk or an I/O error may clear.
      retryable: !['ENOENT', 'ENOTDIR', 'EISDIR', 'EACCES', 'EPERM'].includes(String(systemCode)),
      message: `Could not ${operation} the blob "${key}": ${reason}.`,
      messageVi: 'Lỗi đọc/ghi kho lưu trữ. Vui lòng thử lại sau.',
      details: { key, operation, systemCode: typeof systemCode === 'string' ? systemCode : null },
      cause,
    });
  }
}

/** `create` / insert of a record whose id is taken. */
export class AlreadyExistsError extends StoreError {
  constructor({ entity, id }: { entity: string; id: string }) {
    super({
      code: 'ALREADY_EXISTS',
      message: `A ${entity} with id "${id}" already exists.`,
      messageVi: `Mã "${id}" đã được sử dụng.`,
      details: { entity, id },
    });
  }
}

/** A record that does not match its schema, on the way in (a bug in the caller) or out (a damaged row). */
export class InvalidRecordError extends StoreError {
  constructor({ entity, id, field, problem, stored }: { entity: string; id: string; field: string; problem: string; stored: boolean }) {
    super({
      code: stored ? 'CORRUPT_RECORD' : 'INVALID_RECORD',
      message: stored
        ? `The stored ${entity} "${id}" does not match its schema at "${field}": ${problem}. The database was changed outside the application or by a newer version.`
        : `Cannot save ${entity} "${id}": field "${field}" is invalid: ${problem}.`,
      messageVi: stored ? 'Dữ liệu lưu trữ bị hỏng.' : `Trường "${field}" không hợp lệ.`,
      details: { entity, id, field },
    });
  }
}

/** The database is locked by another process for longer than the busy timeout, or unusable. */
export class DatabaseError extends StoreError {
  constructor({ operation, cause }: { operation: string; cause: unknown }) {
    const code = (cause as { code?: unknown } | null)?.code;
    const busy = code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
    super({
      code: busy ? 'DATABASE_BUSY' : 'DATABASE_FAILED',
      retryable: busy,
      message: `Database ${operation} failed: ${cause instanceof Error ? cause.message : String(cause)}.`,
      messageVi: 'Lỗi cơ sở dữ liệu. Vui lòng thử lại sau.',
      details: { operation, sqliteCode: typeof code === 'string' ? code : null },
      cause,
    });
  }
}

/**
 * The receipt is not the job's current one: the job was delivered again to another receiver
 * (its visibility ran out), or it is already done or dead. Thrown by `extend` only — `complete`
 * and `fail` ignore a stale receipt (see sqlite-job-queue.ts) — so a heartbeat tells a worker that
 * it no longer owns the job.
 */
export class StaleReceiptError extends JobError {
  constructor({ jobId }: { jobId: string | null }) {
    super({
      code: 'STALE_RECEIPT',
      message: `The receipt of job ${jobId ?? '(unknown)'} is no longer current: the job was delivered to another receiver or has finished. Stop working on it.`,
      messageVi: 'Tác vụ đã được giao cho tiến trình khác hoặc đã kết thúc.',
      details: { jobId },
    });
  }
}
