import { ReportageError } from '../domain/errors.ts';

/** Errors of the delivery area: QC report, packaging, checksums, manifest. */
export class DeliveryError extends ReportageError {}

/**
 * A file cannot be listed in a checksum file under this name: coreutils would escape it (a newline
 * or backslash) or it would point outside the package (absolute, `..`).
 */
export class ChecksumNameError extends DeliveryError {
  constructor({ name }: { name: string }) {
    super({
      code: 'INVALID_CHECKSUM_NAME',
      message: `A delivered file must be named by a plain relative path (no newline, backslash, leading "/" or ".."); "${JSON.stringify(name)}" is not one. Rename the file.`,
      messageVi: `Tên tệp giao phải là đường dẫn tương đối đơn giản (không xuống dòng, không dấu "\\", không bắt đầu bằng "/" hay chứa ".."). Hãy đổi tên tệp.`,
      details: { name },
    });
  }
}
