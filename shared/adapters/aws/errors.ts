import { JobError, StoreError } from '../../domain/errors.ts';
import { errorNameOf, httpStatusOf, isRetryableAwsError } from './aws-clients.ts';

/**
 * A call to S3 or DynamoDB failed for a reason that is not part of the port contract (throttling,
 * a network fault, access denied). `retryable` follows the SDK error: throttling, 5xx and network
 * faults clear by retrying; a 4xx (access denied, a missing bucket) does not.
 */
export class AwsStoreError extends StoreError {
  constructor({ service, operation, cause }: { service: 'S3' | 'DynamoDB'; operation: string; cause: unknown }) {
    const name = errorNameOf(cause) ?? 'Error';
    const reason = cause instanceof Error ? cause.message : String(cause);
    super({
      code: service === 'S3' ? 'BLOB_IO_FAILED' : 'DATABASE_FAILED',
      kind: 'internal',
      retryable: isRetryableAwsError(cause),
      message: `${service} ${operation} failed: ${name}: ${reason}.`,
      messageVi: 'Lỗi kết nối kho lưu trữ. Vui lòng thử lại sau.',
      details: { service, operation, awsError: name, httpStatus: httpStatusOf(cause) ?? null },
      cause,
    });
  }
}

/** A call to SQS failed (throttling, a network fault, a missing queue). */
export class AwsQueueError extends JobError {
  constructor({ operation, cause }: { operation: string; cause: unknown }) {
    const name = errorNameOf(cause) ?? 'Error';
    const reason = cause instanceof Error ? cause.message : String(cause);
    super({
      code: 'QUEUE_FAILED',
      kind: 'internal',
      retryable: isRetryableAwsError(cause),
      message: `SQS ${operation} failed: ${name}: ${reason}.`,
      messageVi: 'Lỗi hàng đợi tác vụ. Vui lòng thử lại sau.',
      details: { operation, awsError: name, httpStatus: httpStatusOf(cause) ?? null },
      cause,
    });
  }
}

/** An S3 media URL whose scheme ffmpeg must not be allowed to open. */
export class UnsafeMediaUrlError extends StoreError {
  constructor({ url }: { url: string }) {
    super({
      code: 'UNSAFE_MEDIA_URL',
      kind: 'internal',
      message: `Refusing to hand ffmpeg the URL ${new URL(url).origin}: expected https, or plain http only to a loopback emulator (127.0.0.1, ::1, localhost). Set the S3 endpoint override to an https URL.`,
      messageVi: 'Địa chỉ tệp media không an toàn.',
      details: { origin: new URL(url).origin },
    });
  }
}
