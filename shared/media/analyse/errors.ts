import { MediaError } from '../errors.ts';

/**
 * An analysis could not be made or combined. `ANALYSIS_OUTPUT_MISSING`: ffmpeg ran but printed
 * nothing to measure (no picture or sound went through the filters) — internal, the caller decides;
 * `ANALYSIS_PARTS_INVALID`: segment analyses that do not line up (gaps, overlaps, other frame rates).
 */
export class MediaAnalysisError extends MediaError {
  constructor({
    code,
    message,
    messageVi,
    details = {},
  }: {
    code: 'ANALYSIS_OUTPUT_MISSING' | 'ANALYSIS_PARTS_INVALID';
    message: string;
    messageVi: string;
    details?: Record<string, unknown>;
  }) {
    super({ code, retryable: false, message, messageVi, details });
  }
}
