/**
 * Every code a `ReportageError` may carry, with the one HTTP status it answers with wherever it is
 * thrown. A code's status is fixed here, not at the throw site, so a code cannot mean 409 in one
 * route and 403 in another; the error's `kind` (what the CLI and the job runner read) follows from
 * the status. Adding an error means adding its code here: `ErrorOptions.code` accepts nothing else.
 *
 * Codes that are not errors (asset warnings, cut problems, dashboard blockers) have their own lists
 * beside their types.
 */

/** The statuses an error answers with. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 416 | 429 | 500 | 503;

export const ERROR_STATUS = {
  // 400: The request, the file or the document is wrong: the caller can fix it.
  ADMIN_INVITE_FROM_CLI: 400,
  ADMIN_LINK_TOO_LONG: 400,
  ASSET_GONE: 400,
  ASSET_NOT_READY: 400,
  BACKEND_NOT_AVAILABLE: 400,
  COMMENT_OUT_OF_RANGE: 400,
  CUT_ID_MISMATCH: 400,
  CUT_NOT_JSON: 400,
  CUT_NOT_READABLE: 400,
  EMPTY_FILE: 400,
  EMPTY_SUBTITLES: 400,
  FILE_NOT_READABLE: 400,
  FONT_MISSING_GLYPH: 400,
  INVALID_BODY: 400,
  INVALID_CHECKSUM_NAME: 400,
  INVALID_CONFIG: 400,
  INVALID_CONGRESS_DATE: 400,
  INVALID_CUE: 400,
  INVALID_CUT: 400,
  INVALID_DURATION: 400,
  INVALID_JOB: 400,
  INVALID_JOB_BODY: 400,
  INVALID_JSON: 400,
  INVALID_KEY: 400,
  INVALID_METADATA: 400,
  INVALID_PROJECT: 400,
  INVALID_QUERY: 400,
  INVALID_RANGE: 400,
  INVALID_RECORD: 400,
  INVALID_SOURCE_TIME: 400,
  INVALID_TIMECODE: 400,
  INVALID_VERSION_NUMBER: 400,
  JOB_TYPE_NOT_HANDLED: 400,
  KIND_MISMATCH: 400,
  LAYOUT_NEEDS_CHANNELS: 400,
  MALFORMED_SUBTITLES: 400,
  MISSING_CONFIG: 400,
  NOT_A_PROGRAMME: 400,
  NOT_MEDIA: 400,
  NOT_SUBTITLES: 400,
  NO_MEDIA_STREAMS: 400,
  ONE_PROGRAMME_AT_A_TIME: 400,
  PICTURE_TOO_LARGE: 400,
  PLAN_MISMATCH: 400,
  PLAYLIST_REJECTED: 400,
  PROGRAMME_NEEDS_CUT: 400,
  READ_ONLY_KEY: 400,
  RENDER_INTERRUPTED: 400,
  RENDER_JOB_DEAD_LETTERED: 400,
  SUBTITLES_TOO_LARGE: 400,
  SUBTITLE_LEGACY_ENCODING: 400,
  TIMECODE_OUT_OF_RANGE: 400,
  TIMELINE_FORMAT_UNKNOWN: 400,
  TIMELINE_FRAME_RATE: 400,
  TIMELINE_MALFORMED: 400,
  TIMELINE_NOT_READABLE: 400,
  TIMELINE_TOO_MANY_EVENTS: 400,
  TOOLCHAIN_MISMATCH: 400,
  TOO_LONG: 400,
  TOO_MANY_STREAMS: 400,
  TOO_SHORT: 400,
  TRUNCATED: 400,
  UNDECODABLE: 400,
  UNDECODABLE_SUBTITLES: 400,
  UNKNOWN_PARENT_COMMENT: 400,
  UNKNOWN_STAGE: 400,
  UNKNOWN_THEME: 400,
  UNSUPPORTED_CODEC: 400,
  UPLOAD_KIND_NOT_ALLOWED: 400,
  UPLOAD_PART_INVALID: 400,
  UPLOAD_PART_MISMATCH: 400,
  UPLOAD_PART_TOO_SMALL: 400,
  UPLOAD_STAGED_MISSING: 400,
  // 401: No valid sign-in.
  INVITE_EXPIRED: 401,
  INVITE_REVOKED: 401,
  INVITE_UNKNOWN: 401,
  UNAUTHENTICATED: 401,
  // 403: Signed in, but not allowed to do this.
  APPROVAL_SKIP_FORBIDDEN: 403,
  BAD_ORIGIN: 403,
  CSRF_FAILED: 403,
  FORBIDDEN_ROLE: 403,
  QC_OVERRIDE_NOT_ALLOWED: 403,
  SIGNATURE_INVALID: 403,
  WRONG_PROJECT: 403,
  WRONG_STAGE: 403,
  // 404: Nothing there (or nothing this user may see).
  BLOB_NOT_FOUND: 404,
  NOT_FOUND: 404,
  PROFILE_NOT_FOUND: 404,
  PUBLICATION_NOT_FOUND: 404,
  RENDER_NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  UPLOAD_NOT_FOUND: 404,
  VERSION_NOT_FOUND: 404,
  // 409: The state of the thing does not allow it now (someone else's change, the approval chain, a duplicate).
  ALREADY_EXISTS: 409,
  CONFLICT: 409,
  DEDUPE_CONTENDED: 409,
  DUPLICATE_ORIGINAL: 409,
  NOT_APPROVED: 409,
  TOO_LONG_FOR_PLATFORM: 409,
  NOT_LATEST_VERSION: 409,
  NOT_SENT_TO_REVIEW: 409,
  ORIGINAL_BUSY: 409,
  QC_BLOCKS_APPROVAL: 409,
  SLUG_TAKEN: 409,
  STAGE_OUT_OF_ORDER: 409,
  STALE_RECEIPT: 409,
  STREAM_RENDER_MISSING: 409,
  VERSION_ALREADY_APPROVED: 409,
  WEB_RENDER_MISSING: 409,
  // 410: A link that has expired.
  LINK_EXPIRED: 410,
  // 413: Too large.
  BODY_TOO_LARGE: 413,
  TIMELINE_FILE_TOO_LARGE: 413,
  UPLOAD_QUOTA_EXCEEDED: 413,
  UPLOAD_TOO_LARGE: 413,
  // 416: A byte range outside the file.
  RANGE_NOT_SATISFIABLE: 416,
  // 429: Too many requests: try again later (Retry-After).
  RATE_LIMITED: 429,
  // 500: Our fault or the machine's: logged, never shown in detail.
  ANALYSIS_OUTPUT_MISSING: 500,
  ANALYSIS_PARTS_INVALID: 500,
  BLOB_IO_FAILED: 500,
  CORRUPT_RECORD: 500,
  DATABASE_BUSY: 500,
  DATABASE_FAILED: 500,
  DATABASE_TOO_NEW: 500,
  FFMPEG_FAILED: 500,
  FFMPEG_KILLED: 500,
  FFMPEG_NOT_FOUND: 500,
  FFMPEG_TIMEOUT: 500,
  FONT_NOT_FOUND: 500,
  FONT_UNREADABLE: 500,
  FRAME_COUNT_MISMATCH: 500,
  INTERNAL: 500,
  INVALID_RENDER_INPUT: 500,
  LOUDNESS_UNREACHABLE: 500,
  MEDIA_READ_FAILED: 500,
  MEMORY_BOUND_UNAVAILABLE: 500,
  QUEUE_CLOSED: 500,
  QUEUE_FAILED: 500,
  SIGNING_KEY_ROTATION_NOT_ENABLED: 500,
  SIGNING_KEY_ROTATION_NOT_PENDING: 500,
  SIGNING_KEY_ROTATION_SAME_KEY: 500,
  SIGNING_KEY_ROTATION_UNKNOWN_VERSION: 500,
  SIGNING_KEY_SECRET_DENIED: 500,
  SIGNING_KEY_SECRET_MALFORMED: 500,
  SIGNING_KEY_SECRET_NOT_FOUND: 500,
  SIGNING_KEY_SECRET_UNREADABLE: 500,
  SIGNING_KEY_TOO_SHORT: 500,
  SIGNING_KEY_UNREADABLE: 500,
  STORE_CLOSED: 500,
  UNSAFE_MEDIA_URL: 500,
  // 503: A part of the service is not running: try again later.
  RENDER_UNAVAILABLE: 503,
} as const satisfies Record<string, ErrorStatus>;

/** A registered error code. */
export type ErrorCode = keyof typeof ERROR_STATUS;

/** How a caller should treat an error, derived from its status (see `ErrorKind`). */
export type ErrorKind = 'invalid' | 'not-found' | 'conflict' | 'forbidden' | 'unauthorized' | 'internal';

const KIND_BY_STATUS: Record<ErrorStatus, ErrorKind> = {
  400: 'invalid',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  410: 'forbidden',
  413: 'invalid',
  416: 'invalid',
  429: 'forbidden',
  500: 'internal',
  503: 'internal',
};

/** The HTTP status of a code (500 for a code that is not registered, which the types prevent). */
export function statusOfCode(code: string): ErrorStatus {
  return Object.hasOwn(ERROR_STATUS, code) ? ERROR_STATUS[code as ErrorCode] : 500;
}

/** The kind of a code: `invalid`, `not-found`, … `internal`. */
export function kindOfCode(code: string): ErrorKind {
  return KIND_BY_STATUS[statusOfCode(code)];
}
