/**
 * Errors of the media layer.
 *
 * Two families:
 * - the tool failed (`FfmpegNotFoundError`, `FfmpegKilledError`, `FfmpegFailedError`,
 *   `MediaReadError`): an operator problem or a transient one, logged, never blamed on the file;
 * - the file is unusable (`MediaRejectedError`): shown to the contributor, never retried.
 *
 * No message ever contains the path or URL of an input: a presigned URL carries a signature and a
 * playlist's entries are attacker-chosen text. Tool output goes to `details`, scrubbed of inputs.
 */
import { ASSET_KIND_LABELS_VI } from '../domain/asset.ts';
import { ReportageError, type ErrorOptions } from '../domain/errors.ts';

export class MediaError extends ReportageError {
  /** The upload has no bytes (`EMPTY_FILE`). */
  static emptyFile(): MediaRejectedError<'EMPTY_FILE'> {
    return new MediaRejectedError({ code: 'EMPTY_FILE', details: {} });
  }

  /** The upload is a playlist or reference file (`PLAYLIST_REJECTED`); `format` as `sniffMedia` names it. */
  static playlist({ format }: { format: string }): MediaRejectedError<'PLAYLIST_REJECTED'> {
    return new MediaRejectedError({ code: 'PLAYLIST_REJECTED', details: { format } });
  }
}

/** ffmpeg or ffprobe is not installed where the configuration says. Fatal: retrying cannot help. */
export class FfmpegNotFoundError extends MediaError {
  constructor({ tool, path, cause }: { tool: 'ffmpeg' | 'ffprobe'; path: string; cause?: unknown }) {
    super({
      code: 'FFMPEG_NOT_FOUND',
      message:
        `${tool} was not found (looked for "${path}"). Run the setup script (scripts/setup.sh) to install it, ` +
        `or set ${tool === 'ffmpeg' ? 'REPORTAGE_FFMPEG' : 'REPORTAGE_FFPROBE'} to the path of the program.`,
      messageVi: 'Máy chủ chưa cài phần mềm xử lý video (ffmpeg). Hãy báo quản trị viên chạy tập lệnh cài đặt (scripts/setup.sh).',
      details: { tool, path },
      cause,
    });
  }
}

/**
 * `prlimit` (util-linux) is not installed, so ffmpeg's memory could not be bounded: nothing runs.
 * Fatal: an operator problem, stated at start-up (`requireMemoryBound`) before any job is taken.
 */
export class MemoryBoundUnavailableError extends MediaError {
  constructor({ memoryMb }: { memoryMb?: number } = {}) {
    super({
      code: 'MEMORY_BOUND_UNAVAILABLE',
      message:
        'prlimit (util-linux) was not found on PATH, so ffmpeg cannot run under its memory bound' +
        `${memoryMb === undefined ? '' : ` (REPORTAGE_FFMPEG_MEMORY_MB=${memoryMb})`}: an uploaded file could then take all the machine's memory. ` +
        'Install util-linux (Debian/Ubuntu: apt-get install util-linux; scripts/setup.sh does it) and start again.',
      messageVi:
        'Máy chủ thiếu công cụ giới hạn bộ nhớ (prlimit, gói util-linux) nên không xử lý video. Hãy báo quản trị viên cài util-linux rồi khởi động lại.',
      details: { tool: 'prlimit' },
    });
  }
}

export type KillReason = 'timeout' | 'cancelled' | 'signal' | 'out-of-memory';

/** The process was stopped before it finished. Retryable: another attempt may well succeed. */
export class FfmpegKilledError extends MediaError {
  readonly reason: KillReason;

  constructor({
    tool,
    reason,
    timeoutSeconds,
    signal,
    stderrTail = [],
  }: {
    tool: 'ffmpeg' | 'ffprobe';
    reason: KillReason;
    timeoutSeconds?: number;
    signal?: string;
    stderrTail?: string[];
  }) {
    const why: Record<KillReason, string> = {
      timeout: `it ran longer than the limit of ${timeoutSeconds ?? '?'} s`,
      cancelled: 'the job was cancelled',
      signal: `it received ${signal ?? 'a signal'}`,
      'out-of-memory': 'it ran out of memory',
    };
    super({
      code: reason === 'timeout' ? 'FFMPEG_TIMEOUT' : 'FFMPEG_KILLED',
      retryable: true,
      message: `${tool} was stopped because ${why[reason]}; the job can be retried.`,
      messageVi:
        reason === 'timeout'
          ? 'Xử lý tệp mất quá nhiều thời gian nên đã bị dừng; hệ thống sẽ tự thử lại.'
          : 'Quá trình xử lý tệp bị dừng giữa chừng; hệ thống sẽ tự thử lại.',
      details: { tool, reason, ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}), ...(signal ? { signal } : {}), stderrTail },
    });
    this.reason = reason;
  }
}

/** Any other non-zero exit. Fatal; `stderrTail` holds the tool's last meaningful lines (English). */
export class FfmpegFailedError extends MediaError {
  readonly exitCode: number;
  readonly stderrTail: string[];

  constructor({ tool, exitCode, stderrTail }: { tool: 'ffmpeg' | 'ffprobe'; exitCode: number; stderrTail: string[] }) {
    super({
      code: 'FFMPEG_FAILED',
      message: `${tool} exited with code ${exitCode}; its last messages are in the error details.`,
      messageVi: 'Hệ thống không xử lý được tệp này. Lỗi đã được ghi lại để kỹ thuật viên kiểm tra.',
      details: { tool, exitCode, stderrTail },
    });
    this.exitCode = exitCode;
    this.stderrTail = stderrTail;
  }
}

/** The input could not be read (network, store): not the file's fault, so retryable. */
export class MediaReadError extends MediaError {
  constructor({ stderrTail }: { stderrTail: string[] }) {
    super({
      code: 'MEDIA_READ_FAILED',
      retryable: true,
      message: 'The media file could not be read from storage; the job can be retried.',
      messageVi: 'Không đọc được tệp từ kho lưu trữ; hệ thống sẽ tự thử lại.',
      details: { stderrTail },
    });
  }
}

export const MEDIA_REJECTION_CODES = [
  'EMPTY_FILE',
  'NOT_MEDIA',
  'TRUNCATED',
  'PLAYLIST_REJECTED',
  'UNSUPPORTED_CODEC',
  'UNDECODABLE',
  'TOO_SHORT',
  'KIND_MISMATCH',
  'NO_MEDIA_STREAMS',
  'PICTURE_TOO_LARGE',
  'TOO_LONG',
  'TOO_MANY_STREAMS',
] as const;
export type MediaRejectionCode = (typeof MEDIA_REJECTION_CODES)[number];

/** What each rejection may carry; every value here is safe to show (no paths, no file content). */
export interface MediaRejectionDetails {
  EMPTY_FILE: Record<string, never>;
  NOT_MEDIA: { reason?: string };
  TRUNCATED: { reason?: string };
  /** `format`: one of the fixed names of `PLAYLIST_LABELS`, never text from the file. */
  PLAYLIST_REJECTED: { format: string };
  UNSUPPORTED_CODEC: { streamType: 'video' | 'audio'; codec: string };
  UNDECODABLE: { errorLines?: number };
  TOO_SHORT: { durationSeconds: number; minDurationSeconds: number };
  KIND_MISMATCH: { requestedKind: string; found: 'video' | 'audio' | 'photo'; suggestedKind: string };
  NO_MEDIA_STREAMS: Record<string, never>;
  PICTURE_TOO_LARGE: { width: number; height: number; maxPixels: number; still: boolean };
  TOO_LONG: { durationSeconds: number; maxDurationSeconds: number };
  TOO_MANY_STREAMS: { streams: number; maxStreams: number };
}

const PLAYLIST_LABELS: Record<string, { en: string; vi: string }> = {
  hls: { en: 'an HLS playlist', vi: 'danh sách phát HLS' },
  m3u: { en: 'an M3U playlist', vi: 'danh sách phát M3U' },
  pls: { en: 'a PLS playlist', vi: 'danh sách phát PLS' },
  ffconcat: { en: 'an ffconcat list', vi: 'danh sách ghép tệp (ffconcat)' },
  concat: { en: 'an ffconcat list', vi: 'danh sách ghép tệp (ffconcat)' },
  xspf: { en: 'an XSPF playlist', vi: 'danh sách phát XSPF' },
  asx: { en: 'an ASX playlist', vi: 'danh sách phát ASX' },
  smil: { en: 'a SMIL presentation', vi: 'tệp trình chiếu SMIL' },
  dash: { en: 'a DASH manifest', vi: 'tệp mô tả luồng DASH' },
  f4m: { en: 'an HDS manifest', vi: 'tệp mô tả luồng HDS' },
  ism: { en: 'a Smooth Streaming manifest', vi: 'tệp mô tả luồng Smooth Streaming' },
  sdp: { en: 'an SDP stream description', vi: 'tệp mô tả luồng mạng (SDP)' },
  imf: { en: 'an IMF composition playlist', vi: 'danh sách dựng IMF' },
  image2: { en: 'an image sequence pattern', vi: 'mẫu tên chuỗi ảnh' },
};

function playlistLabel(format: string): { en: string; vi: string } {
  return PLAYLIST_LABELS[format] ?? { en: 'a playlist or reference file', vi: 'danh sách phát hoặc tệp tham chiếu' };
}

const FOUND_WORDS: Record<string, { en: string; vi: string }> = {
  video: { en: 'contains video', vi: 'là video' },
  audio: { en: 'contains only sound', vi: 'chỉ có âm thanh' },
  photo: { en: 'is a still photo', vi: 'là một ảnh tĩnh' },
};

const megapixels = (pixels: number) => Number((pixels / 1e6).toPrecision(3)).toString();
/** h:mm:ss, the same in both languages. */
const duration = (value: number) => {
  const total = Math.floor(value);
  return `${Math.floor(total / 3600)}:${String(Math.floor((total % 3600) / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
};
const kindVi = (kind: string) => (ASSET_KIND_LABELS_VI as Record<string, string>)[kind] ?? kind;
const seconds = (value: number) => (Math.round(value * 100) / 100).toString();
/** Vietnamese writes the decimal separator as a comma. */
const secondsVi = (value: number) => seconds(value).replace('.', ',');

function describe<C extends MediaRejectionCode>(code: C, details: MediaRejectionDetails[C]): Pick<ErrorOptions, 'message' | 'messageVi'> {
  const d = details as Record<string, unknown>;
  switch (code) {
    case 'EMPTY_FILE':
      return {
        message: 'Expected a media file, but the file is empty (0 bytes). Upload it again from the original.',
        messageVi: 'Tệp trống (0 byte), không có nội dung. Hãy tải lên lại từ tệp gốc.',
      };
    case 'NOT_MEDIA':
      return {
        message: 'Expected a video, audio or photo file, but this file cannot be read as one. Upload the original file from the camera, phone or recorder.',
        messageVi: 'Cần tệp video, âm thanh hoặc ảnh, nhưng tệp này không đọc được. Hãy tải lên tệp gốc từ máy quay, điện thoại hoặc máy ghi âm.',
      };
    case 'TRUNCATED':
      return {
        message: 'The file is incomplete: it stops before its end (an interrupted copy or upload). Copy the original again and upload it again.',
        messageVi: 'Tệp bị thiếu phần cuối (do sao chép hoặc tải lên bị gián đoạn). Hãy chép lại tệp gốc rồi tải lên lại.',
      };
    case 'PLAYLIST_REJECTED': {
      const label = playlistLabel(String(d.format));
      return {
        message: `Expected a media file, but this is ${label.en}, which only points to other files. Upload the video or audio file itself.`,
        messageVi: `Cần tệp video hoặc âm thanh, nhưng đây là ${label.vi}, chỉ trỏ đến tệp khác. Hãy tải lên chính tệp video hoặc âm thanh.`,
      };
    }
    case 'UNSUPPORTED_CODEC': {
      const video = d.streamType === 'video';
      return {
        message:
          `The ${video ? 'picture' : 'sound'} is encoded as "${String(d.codec)}", which is not accepted. ` +
          (video ? 'Export the file again as H.264 (MP4) or ProRes (MOV).' : 'Export the file again with AAC, MP3 or WAV (PCM) sound.'),
        messageVi:
          `Phần ${video ? 'hình' : 'tiếng'} được mã hoá bằng "${String(d.codec)}", hệ thống không nhận định dạng này. ` +
          (video ? 'Hãy xuất lại tệp sang H.264 (MP4) hoặc ProRes (MOV).' : 'Hãy xuất lại tệp với âm thanh AAC, MP3 hoặc WAV.'),
      };
    }
    case 'UNDECODABLE':
      return {
        message: 'The file is damaged: parts of the picture or sound cannot be decoded. Copy the original again and upload it again.',
        messageVi: 'Tệp bị hỏng: có đoạn hình hoặc tiếng không giải mã được. Hãy chép lại tệp gốc rồi tải lên lại.',
      };
    case 'TOO_SHORT':
      return {
        message: `Expected at least ${seconds(Number(d.minDurationSeconds))} s, but the clip lasts ${seconds(Number(d.durationSeconds))} s. Upload a longer clip.`,
        messageVi: `Cần đoạn dài ít nhất ${secondsVi(Number(d.minDurationSeconds))} giây, nhưng đoạn này chỉ dài ${secondsVi(Number(d.durationSeconds))} giây. Hãy tải lên đoạn dài hơn.`,
      };
    case 'KIND_MISMATCH': {
      const found = FOUND_WORDS[String(d.found)] ?? { en: 'does not match', vi: 'không khớp' };
      const requested = String(d.requestedKind);
      const suggested = String(d.suggestedKind);
      return {
        message: `The file was sent as "${requested}", but it ${found.en}. Choose the kind "${suggested}" or upload the right file.`,
        messageVi: `Tệp được gửi với loại "${kindVi(requested)}", nhưng tệp ${found.vi}. Hãy chọn loại "${kindVi(suggested)}" hoặc tải lên đúng tệp.`,
      };
    }
    case 'NO_MEDIA_STREAMS':
      return {
        message: 'Expected a picture or sound track, but the file has neither. Upload a file with picture or sound.',
        messageVi: 'Tệp không có hình cũng không có tiếng. Hãy tải lên tệp có hình hoặc có tiếng.',
      };
    case 'PICTURE_TOO_LARGE': {
      const size = `${String(d.width)}×${String(d.height)}`;
      const mp = megapixels(Number(d.maxPixels));
      return d.still === true
        ? {
            message: `Expected a photo of at most ${mp} megapixels, but this one is ${size}. Export it again at a smaller size (the programme is 1920×1080).`,
            messageVi: `Ảnh quá lớn (${size}); hệ thống nhận ảnh tối đa ${mp.replace('.', ',')} megapixel. Hãy xuất lại ảnh ở kích thước nhỏ hơn (chương trình là 1920×1080).`,
          }
        : {
            message: `Expected video frames of at most ${mp} megapixels (8K), but this video is ${size}. Export it again at a smaller size.`,
            messageVi: `Khung hình video quá lớn (${size}); hệ thống nhận tối đa ${mp.replace('.', ',')} megapixel (8K). Hãy xuất lại video ở kích thước nhỏ hơn.`,
          };
    }
    case 'TOO_LONG':
      return {
        message: `Expected at most ${duration(Number(d.maxDurationSeconds))}, but the file lasts ${duration(Number(d.durationSeconds))}. Cut it into shorter files and upload those.`,
        messageVi: `Tệp dài ${duration(Number(d.durationSeconds))}, vượt quá độ dài tối đa ${duration(Number(d.maxDurationSeconds))}. Hãy cắt thành các tệp ngắn hơn rồi tải lên.`,
      };
    case 'TOO_MANY_STREAMS':
      return {
        message: `Expected at most ${String(d.maxStreams)} tracks (picture, sound, data), but the file has ${String(d.streams)}. Export it again with only the tracks the programme needs.`,
        messageVi: `Tệp có ${String(d.streams)} luồng dữ liệu (hình, tiếng, dữ liệu), vượt quá mức tối đa ${String(d.maxStreams)}. Hãy xuất lại tệp chỉ với các luồng cần dùng.`,
      };
    default:
      return { message: 'The media file was rejected.', messageVi: 'Tệp bị từ chối.' };
  }
}

/**
 * The file cannot be used. Fatal (never retried); the message is shown to the contributor.
 *
 * @example throw new MediaRejectedError({ code: 'PLAYLIST_REJECTED', details: { format: 'hls' } })
 */
export class MediaRejectedError<C extends MediaRejectionCode = MediaRejectionCode> extends MediaError {
  declare readonly code: C;

  constructor({ code, details, cause }: { code: C; details: MediaRejectionDetails[C]; cause?: unknown }) {
    super({ code, retryable: false, ...describe(code, details), details: { ...details }, cause });
  }
}
