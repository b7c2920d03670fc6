import { ConfigError, JobError, StoreError, type ErrorCode } from '../../domain/errors.ts';
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
      message: `Refusing to hand ffmpeg the URL ${new URL(url).origin}: expected https, or plain http only to a loopback emulator (127.0.0.1, ::1, localhost). Set the S3 endpoint override to an https URL.`,
      messageVi: 'Địa chỉ tệp media không an toàn.',
      details: { origin: new URL(url).origin },
    });
  }
}

/** Why the signing key ring could not be read from Secrets Manager; each has its own stable code. */
export type SigningKeySecretProblem = 'not-found' | 'malformed' | 'denied' | 'unreachable';

const SIGNING_KEY_SECRET_CODES: Record<SigningKeySecretProblem, ErrorCode> = {
  'not-found': 'SIGNING_KEY_SECRET_NOT_FOUND',
  malformed: 'SIGNING_KEY_SECRET_MALFORMED',
  denied: 'SIGNING_KEY_SECRET_DENIED',
  unreachable: 'SIGNING_KEY_SECRET_UNREADABLE',
};

/**
 * The signing key ring in Secrets Manager cannot be used: the secret (or its current version) is
 * missing, its value is not the JSON the rotation function writes, the function's role may not
 * read it, or Secrets Manager could not be reached. A start-up failure: the web app does not run
 * without its key. Only `unreachable` may clear by retrying (throttling, a network fault).
 */
export class SigningKeySecretError extends ConfigError {
  constructor({
    problem,
    secretId,
    stage,
    detail,
    cause,
  }: { problem: SigningKeySecretProblem; secretId: string; stage: string; detail?: string; cause?: unknown }) {
    const awsError = cause === undefined ? null : (errorNameOf(cause) ?? 'Error');
    const messages: Record<SigningKeySecretProblem, { en: string; vi: string }> = {
      'not-found': {
        en: `The signing key secret ${secretId} has no ${stage} version (Secrets Manager: ${awsError ?? 'not found'}). Check REPORTAGE_SIGNING_KEY_SECRET against the stateful stack's output SigningKeySecretArn, or deploy the stateful stack.`,
        vi: `Không tìm thấy khóa ký ${secretId} (phiên bản ${stage}) trong Secrets Manager. Hãy kiểm tra REPORTAGE_SIGNING_KEY_SECRET hoặc triển khai lại stack dữ liệu.`,
      },
      malformed: {
        en: `The signing key secret ${secretId} (${stage}) is not what the rotation function writes: ${detail ?? 'unreadable value'}. Expected a JSON text {"key": "<base64 of at least 32 random bytes>"}. Rotate it (aws secretsmanager rotate-secret --secret-id ${secretId}) to write a good one.`,
        vi: `Giá trị khóa ký ${secretId} (${stage}) không đúng định dạng JSON {"key": "<base64>"}. Hãy xoay vòng khóa (aws secretsmanager rotate-secret) để tạo khóa mới.`,
      },
      denied: {
        en: `This function's role may not read the signing key secret ${secretId} (${awsError ?? 'AccessDenied'}). It needs secretsmanager:GetSecretValue on that secret (and kms:Decrypt if the secret uses a customer-managed key): see docs/aws.md.`,
        vi: `Vai trò của hàm không được phép đọc khóa ký ${secretId} (cần quyền secretsmanager:GetSecretValue). Xem docs/aws.md.`,
      },
      unreachable: {
        en: `Reading the signing key secret ${secretId} (${stage}) failed: ${awsError ?? 'Error'}: ${cause instanceof Error ? cause.message : String(cause)}.`,
        vi: `Không đọc được khóa ký ${secretId} từ Secrets Manager. Vui lòng thử lại sau.`,
      },
    };
    super({
      code: SIGNING_KEY_SECRET_CODES[problem],
      retryable: problem === 'unreachable' && isRetryableAwsError(cause),
      message: messages[problem].en,
      messageVi: messages[problem].vi,
      details: { secretId, stage, awsError, httpStatus: httpStatusOf(cause) ?? null },
      cause,
    });
  }
}
