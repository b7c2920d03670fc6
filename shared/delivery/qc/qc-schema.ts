/** The QC report's shape (JSON on disk, zod-checked when read back), its check ids and labels in both languages. */
import { z } from 'zod';
import { LoudnessSchema } from '../../domain/media-facts.ts';
import { LoudnessPointSchema } from '../../media/index.ts';

export const QcStatusSchema = z.enum(['pass', 'warn', 'fail']);
export type QcStatus = z.infer<typeof QcStatusSchema>;

export const BilingualSchema = z.object({ vi: z.string(), en: z.string() });
export type Bilingual = z.infer<typeof BilingualSchema>;

export const QC_CHECK_IDS = [
  'decode',
  'conformance',
  'programme-length',
  'av-duration',
  'loudness',
  'line-up',
  'black',
  'silence',
  'freeze',
  'flashes',
  'subtitles',
  'safe-area',
  'ladder',
] as const;
export const QcCheckIdSchema = z.enum(QC_CHECK_IDS);
export type QcCheckId = z.infer<typeof QcCheckIdSchema>;

/** The name of each check on the page, Vietnamese first. */
export const QC_CHECK_LABELS: Record<QcCheckId, Bilingual> = {
  decode: { vi: 'Giải mã toàn bộ tệp', en: 'Full decode test' },
  conformance: { vi: 'Đúng quy cách kỹ thuật', en: 'Conformance to the profile' },
  'programme-length': { vi: 'Thời lượng chương trình', en: 'Programme length' },
  'av-duration': { vi: 'Độ dài hình và tiếng', en: 'Audio and video durations' },
  loudness: { vi: 'Độ lớn âm thanh (EBU R128)', en: 'Loudness (EBU R128)' },
  'line-up': { vi: 'Tín hiệu chuẩn đầu băng (sọc màu, tone, slate, đen)', en: 'Line-up (bars, tone, slate, black)' },
  black: { vi: 'Hình đen', en: 'Black picture' },
  silence: { vi: 'Mất tiếng', en: 'Silence' },
  freeze: { vi: 'Hình đứng', en: 'Frozen picture' },
  flashes: { vi: 'Nháy sáng (nguy cơ động kinh do ánh sáng)', en: 'Flashes (photosensitivity screen)' },
  subtitles: { vi: 'Quy tắc phụ đề', en: 'Subtitle rules' },
  'safe-area': { vi: 'Chữ trong vùng an toàn của nền tảng', en: "Text inside the platform's safe area" },
  ladder: { vi: 'Bộ HLS nhiều mức chất lượng', en: 'HLS ladder' },
};

/** What each status is called on the page. */
export const QC_STATUS_LABELS: Record<QcStatus, Bilingual> = {
  pass: { vi: 'Đạt', en: 'Pass' },
  warn: { vi: 'Cảnh báo', en: 'Warning' },
  fail: { vi: 'Không đạt', en: 'Fail' },
};

export const QcTableSchema = z.object({
  columns: z.array(BilingualSchema),
  rows: z.array(z.object({ cells: z.array(z.string()), frame: z.number().int().nonnegative().nullable() })),
});
export type QcTable = z.infer<typeof QcTableSchema>;

/** A flagged run, in file frames and in timecode (`endTimecode`: the first frame after it). */
export const QcSpanSchema = z.object({
  startFrame: z.number().int().nonnegative(),
  endFrame: z.number().int().nonnegative(),
  frames: z.number().int().positive(),
  seconds: z.number().positive(),
  startTimecode: z.string(),
  endTimecode: z.string(),
});
export type QcSpan = z.infer<typeof QcSpanSchema>;

export const QcCheckSchema = z.object({
  id: QcCheckIdSchema,
  label: BilingualSchema,
  status: QcStatusSchema,
  details: z.object({
    /** One sentence: what was found. */
    summary: BilingualSchema,
    table: QcTableSchema.nullable(),
    /** Flagged runs (black, silence, freeze, flashes). */
    spans: z.array(QcSpanSchema),
    /** The key numbers, for scripts. */
    values: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  }),
});
export type QcCheck = z.infer<typeof QcCheckSchema>;

/** The QC report of one delivered file: written as JSON beside the file, and rendered as HTML. */
export const QcReportSchema = z.object({
  schemaVersion: z.literal(1),
  file: z.object({
    name: z.string(),
    sizeBytes: z.number().int().nonnegative().nullable(),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .nullable(),
  }),
  profile: z.object({
    id: z.string(),
    label: BilingualSchema,
    /** The settings the file was made with (SPECS: shown in the QC report, since they are editable). */
    settings: z.array(z.object({ label: BilingualSchema, value: z.string() })),
  }),
  fps: z.number().int().positive(),
  /** Timecode of the file's first frame. */
  startTimecode: z.string(),
  programme: z.object({
    startFrame: z.number().int().nonnegative(),
    frames: z.number().int().nonnegative(),
    startTimecode: z.string(),
    endTimecode: z.string(),
  }),
  status: QcStatusSchema,
  checks: z.array(QcCheckSchema),
  loudness: z.object({
    targetLufs: z.number(),
    toleranceLu: z.number(),
    maxTruePeakDbtp: z.number(),
    measured: LoudnessSchema.nullable(),
    /** Short-term loudness once a second, `t` in seconds from the file's start. */
    shortTerm: z.array(LoudnessPointSchema),
  }),
  /** Frames worth a thumbnail: the start of every flagged run, in order. */
  flagged: z.array(z.object({ frame: z.number().int().nonnegative(), timecode: z.string(), check: QcCheckIdSchema })),
  createdAt: z.iso.datetime(),
});
export type QcReport = z.infer<typeof QcReportSchema>;

export interface QcDurations {
  /** Frames of the programme (the version's exact length). */
  programmeFrames: number;
  /** Duration of the file's picture and sound streams as probed; null when the stream is missing. */
  videoSeconds: number | null;
  audioSeconds: number | null;
  /** The cut kind's length limits (a reportage: 12:00–15:00). */
  limits: { minFrames: number; maxFrames: number };
}
