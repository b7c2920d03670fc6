/** QC of an HLS ladder (the `stream` profile): segment lengths, boundaries and keyframes aligned across rungs, durations, sound. */
import type { HlsLadderReading, HlsRungReading } from '../../media/index.ts';
import { check, comma } from './check.ts';
import type { QcCheck, QcTable } from './qc-schema.ts';

/** Seconds two segment boundaries may differ and still be one boundary (float `#EXTINF`s). */
const BOUNDARY_EPSILON_SECONDS = 0.001;

/**
 * Judges a ladder as a player meets it. Fails when, in any rung: a segment is longer than the
 * target plus one frame (the last may be shorter), a segment does not start with a keyframe,
 * the rung's duration is more than one frame off the programme's, the playlist is not a complete
 * VOD playlist, or it has no sound; or when the rungs' segment boundaries (their durations and
 * the PTS of their first frames) are not the same in every rung, so a player could not switch
 * between them at a boundary. One table row per rung.
 *
 * @example ladderCheck({ ladder: reading, programmeFrames: 21_500, fps: 25 }).status // 'pass'
 */
export function ladderCheck({ ladder, programmeFrames, fps }: { ladder: HlsLadderReading; programmeFrames: number; fps: number }): QcCheck {
  const frame = 1 / fps;
  const expectedSeconds = programmeFrames / fps;
  const reasons: { vi: string; en: string }[] = [];
  const [reference] = ladder.rungs;
  const rows = ladder.rungs.map((rung) => {
    const own = rungProblems({ rung, segmentSeconds: ladder.segmentSeconds, expectedSeconds, frame });
    const aligned = reference === undefined || rung === reference || sameBoundaries({ a: reference, b: rung });
    if (!aligned) own.push({ vi: `ranh giới đoạn khác bậc ${reference.name}`, en: `segment boundaries differ from ${reference.name}` });
    reasons.push(...own.map((p) => ({ vi: `${rung.name}: ${p.vi}`, en: `${rung.name}: ${p.en}` })));
    const longest = Math.max(0, ...rung.segments.map((s) => s.durationSeconds));
    return {
      cells: [
        rung.name,
        rung.video ? `${rung.video.width}×${rung.video.height}` : '—',
        String(rung.segments.length),
        `${longest.toFixed(3)} s`,
        `${totalSeconds({ rung }).toFixed(3)} s`,
        rung.segments.every((s) => s.startsWithKeyframe) ? 'Đạt / OK' : 'Không đạt / Fail',
        aligned ? 'Đạt / OK' : 'Không đạt / Fail',
        own.length === 0 ? 'Đạt / OK' : 'Không đạt / Fail',
      ],
      frame: null,
    };
  });
  if (ladder.rungs.length === 0) reasons.push({ vi: 'không có bậc nào', en: 'no rungs' });
  const table: QcTable = {
    columns: [
      { vi: 'Bậc', en: 'Rung' },
      { vi: 'Kích thước', en: 'Size' },
      { vi: 'Số đoạn', en: 'Segments' },
      { vi: 'Đoạn dài nhất', en: 'Longest segment' },
      { vi: 'Tổng thời lượng', en: 'Total duration' },
      { vi: 'Mỗi đoạn mở đầu bằng khung khoá', en: 'Each segment starts on a keyframe' },
      { vi: 'Ranh giới khớp các bậc', en: 'Boundaries aligned' },
      { vi: 'Kết quả', en: 'Result' },
    ],
    rows,
  };
  const values = {
    rungs: ladder.rungs.length,
    segmentSeconds: ladder.segmentSeconds,
    segments: reference?.segments.length ?? 0,
    expectedSeconds,
    problems: reasons.length,
  };
  if (reasons.length > 0) {
    return check({
      id: 'ladder',
      status: 'fail',
      summary: {
        vi: comma(`Bộ HLS có lỗi — ${reasons.map((r) => r.vi).join('; ')}.`),
        en: `The HLS ladder is faulty — ${reasons.map((r) => r.en).join('; ')}.`,
      },
      table,
      values,
    });
  }
  return check({
    id: 'ladder',
    status: 'pass',
    summary: {
      vi: comma(
        `${ladder.rungs.length} bậc, mỗi bậc ${values.segments} đoạn ≤ ${ladder.segmentSeconds} s mở đầu bằng khung khoá, ranh giới khớp nhau, dài đúng ${expectedSeconds.toFixed(2)} s.`,
      ),
      en: `${ladder.rungs.length} rungs of ${values.segments} segments ≤ ${ladder.segmentSeconds} s each, every one starting on a keyframe, boundaries aligned, ${expectedSeconds.toFixed(2)} s long.`,
    },
    table,
    values,
  });
}

/** What is wrong with one rung on its own. */
function rungProblems({
  rung,
  segmentSeconds,
  expectedSeconds,
  frame,
}: {
  rung: HlsRungReading;
  segmentSeconds: number;
  expectedSeconds: number;
  frame: number;
}): { vi: string; en: string }[] {
  const problems: { vi: string; en: string }[] = [];
  if (rung.segments.length === 0) return [{ vi: 'không có đoạn nào', en: 'no segments' }];
  if (!rung.ended) problems.push({ vi: 'danh sách phát chưa kết thúc (thiếu EXT-X-ENDLIST)', en: 'the playlist is not complete (no EXT-X-ENDLIST)' });
  const long = rung.segments.filter((s) => s.durationSeconds > segmentSeconds + frame + BOUNDARY_EPSILON_SECONDS);
  if (long.length > 0)
    problems.push({
      vi: `${long.length} đoạn dài hơn ${segmentSeconds} s (${long[0]!.uri}: ${long[0]!.durationSeconds.toFixed(3)} s)`,
      en: `${long.length} segment(s) longer than ${segmentSeconds} s (${long[0]!.uri}: ${long[0]!.durationSeconds.toFixed(3)} s)`,
    });
  const noKey = rung.segments.filter((s) => !s.startsWithKeyframe);
  if (noKey.length > 0)
    problems.push({
      vi: `${noKey.length} đoạn không mở đầu bằng khung khoá (${noKey[0]!.uri})`,
      en: `${noKey.length} segment(s) not starting on a keyframe (${noKey[0]!.uri})`,
    });
  const total = totalSeconds({ rung });
  if (Math.abs(total - expectedSeconds) > frame + BOUNDARY_EPSILON_SECONDS)
    problems.push({
      vi: `dài ${total.toFixed(3)} s thay vì ${expectedSeconds.toFixed(3)} s`,
      en: `lasts ${total.toFixed(3)} s instead of ${expectedSeconds.toFixed(3)} s`,
    });
  if (!rung.audio) problems.push({ vi: 'không có tiếng', en: 'no sound' });
  return problems;
}

function totalSeconds({ rung }: { rung: HlsRungReading }): number {
  return rung.segments.reduce((sum, s) => sum + s.durationSeconds, 0);
}

/** The same segments in both rungs: as many, as long, their first frames at the same PTS. */
function sameBoundaries({ a, b }: { a: HlsRungReading; b: HlsRungReading }): boolean {
  return (
    a.segments.length === b.segments.length &&
    a.segments.every((s, i) => {
      const other = b.segments[i]!;
      return Math.abs(s.durationSeconds - other.durationSeconds) <= BOUNDARY_EPSILON_SECONDS && s.startPts === other.startPts;
    })
  );
}
