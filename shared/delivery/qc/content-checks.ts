/** Checks along the programme: black, silence and freeze spans, flashes, subtitle rules. */
import { clipSpans, rectInside, type PictureAnalysis, type Span, type TextBox, type TextRect } from '../../media/index.ts';
import type { SubtitleRuleName, SubtitleViolation } from '../../subtitles/index.ts';
import { check, type Context } from './check.ts';
import { SEVERITY } from './qc-rules.ts';
import type { Bilingual, QcCheck, QcSpan, QcStatus } from './qc-schema.ts';

const SUBTITLE_RULE_LABELS: Record<SubtitleRuleName, Bilingual> = {
  'line-length': { vi: 'Dòng quá dài', en: 'Line too long' },
  'line-count': { vi: 'Quá nhiều dòng', en: 'Too many lines' },
  'reading-speed': { vi: 'Tốc độ đọc quá nhanh', en: 'Reading speed too high' },
  'min-duration': { vi: 'Hiển thị quá ngắn', en: 'Shown too briefly' },
  'max-duration': { vi: 'Hiển thị quá lâu', en: 'Shown too long' },
  'min-gap': { vi: 'Khoảng cách quá ngắn', en: 'Gap too short' },
  overlap: { vi: 'Chồng lên nhau', en: 'Overlap' },
};

const SPAN_WORDS: Record<'black' | 'silence' | 'freeze', { none: Bilingual; some: (count: number) => Bilingual }> = {
  black: {
    none: { vi: 'Không có đoạn hình đen từ 2 giây trở lên trong chương trình.', en: 'No black picture of 2 s or more inside the programme.' },
    some: (n) => ({ vi: `${n} đoạn hình đen từ 2 giây trở lên trong chương trình.`, en: `${n} black run(s) of 2 s or more inside the programme.` }),
  },
  silence: {
    none: { vi: 'Không có đoạn mất tiếng (dưới −60 dB) từ 2 giây trở lên.', en: 'No silence (below −60 dB) of 2 s or more inside the programme.' },
    some: (n) => ({ vi: `${n} đoạn mất tiếng (dưới −60 dB) từ 2 giây trở lên.`, en: `${n} silence(s) below −60 dB of 2 s or more inside the programme.` }),
  },
  freeze: {
    none: { vi: 'Không có đoạn hình đứng từ 2 giây trở lên (ngoài hình đen).', en: 'No frozen picture of 2 s or more (black excluded).' },
    some: (n) => ({
      vi: `${n} đoạn hình đứng từ 2 giây trở lên (ngoài hình đen); hãy xem lại, có thể là ảnh tĩnh hoặc tít được giữ có chủ ý.`,
      en: `${n} frozen run(s) of 2 s or more (black excluded); check them: a held still or title may be intended.`,
    }),
  },
};

const SPAN_COLUMNS: Bilingual[] = [
  { vi: 'Bắt đầu', en: 'Start' },
  { vi: 'Kết thúc', en: 'End' },
  { vi: 'Thời lượng', en: 'Duration' },
];

function toQcSpan({ span, context }: { span: Span; context: Context }): QcSpan {
  const frames = span.end - span.start;
  return {
    startFrame: span.start,
    endFrame: span.end,
    frames,
    seconds: Math.round((frames / context.fps) * 1000) / 1000,
    startTimecode: context.tc(span.start),
    endTimecode: context.tc(span.end),
  };
}

export function spanCheck({
  id,
  spans,
  severity,
  context,
}: {
  id: 'black' | 'silence' | 'freeze';
  spans: readonly Span[];
  severity: QcStatus;
  context: Context;
}): QcCheck {
  const inside = clipSpans({ spans, start: context.programme.start, end: context.programme.end });
  const flagged = inside.filter((span) => span.end - span.start >= context.minFrames).map((span) => toQcSpan({ span, context }));
  return check({
    id,
    status: flagged.length > 0 ? severity : 'pass',
    summary: flagged.length > 0 ? SPAN_WORDS[id].some(flagged.length) : SPAN_WORDS[id].none,
    table:
      flagged.length > 0
        ? {
            columns: SPAN_COLUMNS,
            rows: flagged.map((span) => ({ cells: [span.startTimecode, span.endTimecode, `${span.seconds.toFixed(2)} s`], frame: span.startFrame })),
          }
        : null,
    spans: flagged,
    values: { count: flagged.length, totalSeconds: Math.round(flagged.reduce((sum, span) => sum + span.seconds, 0) * 1000) / 1000 },
  });
}

export function flashCheck({ picture, context }: { picture: PictureAnalysis; context: Context }): QcCheck {
  const risks = picture.flashRisk
    .map((risk) => ({ risk, span: clipSpans({ spans: [risk], start: context.programme.start, end: context.programme.end })[0] }))
    .filter((entry): entry is { risk: (typeof picture.flashRisk)[number]; span: Span } => entry.span !== undefined);
  const spans = risks.map(({ span }) => toQcSpan({ span, context }));
  const worst = risks.reduce((max, { risk }) => Math.max(max, risk.maxFlashesPerSecond), 0);
  const disclaimer = {
    vi: 'Đây là sàng lọc hỗ trợ, không phải phép thử Harding được chứng nhận.',
    en: 'A screening aid, not a certified Harding test.',
  };
  return check({
    id: 'flashes',
    status: risks.length > 0 ? SEVERITY.flashes : 'pass',
    summary:
      risks.length > 0
        ? {
            vi: `${risks.length} đoạn có hơn 3 lần nháy sáng mạnh trong một giây (nhiều nhất ${worst} lần/giây): có thể gây nguy cơ cho người nhạy cảm với ánh sáng. ${disclaimer.vi}`,
            en: `${risks.length} stretch(es) with more than 3 large luminance flashes in one second (up to ${worst} a second): a possible photosensitivity risk. ${disclaimer.en}`,
          }
        : {
            vi: `Không có quá 3 lần nháy sáng mạnh trong một giây. ${disclaimer.vi}`,
            en: `No more than 3 large luminance flashes in any second. ${disclaimer.en}`,
          },
    table:
      risks.length > 0
        ? {
            columns: [...SPAN_COLUMNS, { vi: 'Số lần nháy/giây (tối đa)', en: 'Flashes per second (max)' }],
            rows: risks.map(({ risk }, index) => {
              const span = spans[index]!;
              return {
                cells: [span.startTimecode, span.endTimecode, `${span.seconds.toFixed(2)} s`, String(risk.maxFlashesPerSecond)],
                frame: span.startFrame,
              };
            }),
          }
        : null,
    spans,
    values: {
      count: risks.length,
      maxFlashesPerSecond: worst,
      flashes: picture.flashes.filter((f) => f.frame >= context.programme.start && f.frame < context.programme.end).length,
    },
  });
}

export function subtitleCheck({ violations }: { violations: readonly SubtitleViolation[] }): QcCheck {
  const cues = [...new Set(violations.map((v) => v.cue))].sort((a, b) => a - b);
  return check({
    id: 'subtitles',
    status: violations.length > 0 ? SEVERITY.subtitles : 'pass',
    summary:
      violations.length > 0
        ? {
            vi: `${violations.length} lỗi quy tắc phụ đề ở các phụ đề số ${cues.join(', ')}.`,
            en: `${violations.length} subtitle rule violation(s), in cue(s) ${cues.join(', ')}.`,
          }
        : { vi: 'Phụ đề đúng mọi quy tắc (hoặc bản này không có phụ đề).', en: 'Subtitles follow every rule (or this file has none).' },
    table:
      violations.length > 0
        ? {
            columns: [
              { vi: 'Phụ đề số', en: 'Cue' },
              { vi: 'Quy tắc', en: 'Rule' },
              { vi: 'Mô tả', en: 'Description (vi)' },
              { vi: 'Mô tả (tiếng Anh)', en: 'Description' },
            ],
            rows: violations.map((v) => ({
              cells: [String(v.cue), `${SUBTITLE_RULE_LABELS[v.rule].vi} / ${SUBTITLE_RULE_LABELS[v.rule].en}`, v.messageVi, v.message],
              frame: null,
            })),
          }
        : null,
    values: { count: violations.length, cues: cues.join(',') || null },
  });
}

const TEXT_KIND_LABELS: Record<TextBox['kind'], Bilingual> = {
  subtitle: { vi: 'Phụ đề', en: 'Subtitle' },
  'lower-third': { vi: 'Tên người nói', en: 'Lower third' },
  title: { vi: 'Tít', en: 'Title card' },
};

/**
 * Every piece of text the renderer laid out (`planTextBoxes`: subtitles, lower thirds, title
 * cards) against the platform's safe area: one outside it fails, since the platform's buttons
 * and captions would cover it. Boxes are in programme frames; `context` turns them into file timecodes.
 */
export function safeAreaCheck({ platform, area, boxes, context }: { platform: string; area: TextRect; boxes: readonly TextBox[]; context: Context }): QcCheck {
  const outside = boxes.filter((box) => !rectInside({ inner: box.box, outer: area }));
  const rect = (r: TextRect) => `x ${r.left}–${r.right}, y ${r.top}–${r.bottom}`;
  return check({
    id: 'safe-area',
    status: outside.length > 0 ? 'fail' : 'pass',
    summary:
      outside.length > 0
        ? {
            vi: `${outside.length}/${boxes.length} khối chữ ra ngoài vùng an toàn của ${platform} (${rect(area)}): nút bấm và chú thích của nền tảng sẽ che mất.`,
            en: `${outside.length} of ${boxes.length} text box(es) leave ${platform}'s safe area (${rect(area)}): the platform's buttons and captions would cover them.`,
          }
        : {
            vi: `Cả ${boxes.length} khối chữ (phụ đề, tên người nói, tít) nằm trong vùng an toàn của ${platform} (${rect(area)}).`,
            en: `All ${boxes.length} text box(es) (subtitles, lower thirds, titles) lie inside ${platform}'s safe area (${rect(area)}).`,
          },
    table:
      outside.length > 0
        ? {
            columns: [
              { vi: 'Bắt đầu', en: 'Start' },
              { vi: 'Loại', en: 'Kind' },
              { vi: 'Khối chữ', en: 'Text box' },
            ],
            rows: outside.map((box) => {
              const frame = context.programme.start + box.startFrame;
              return { cells: [context.tc(frame), `${TEXT_KIND_LABELS[box.kind].vi} / ${TEXT_KIND_LABELS[box.kind].en}`, rect(box.box)], frame };
            }),
          }
        : null,
    values: { boxes: boxes.length, outside: outside.length, left: area.left, top: area.top, right: area.right, bottom: area.bottom },
  });
}
