import type { LoudnessPoint } from '../media/index.ts';
import { escapeHtml } from './escape-html.ts';
import { formatTimecode } from '../domain/timecode.ts';
import { FPS } from '../domain/project.ts';

const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];

/**
 * An inline SVG plot of short-term loudness over time: the curve, the target as a dashed line and
 * the tolerance as a band. The scale runs from 28 LU under the target to 12 LU over it; quieter or
 * louder readings are drawn at the edge. Time labels are timecodes (HH:MM:SS) from `startTimecode`.
 * Self-contained: no script, font or stylesheet from outside.
 *
 * @example renderLoudnessSvg({ points: [{ t: 0, lufs: -23 }, { t: 1, lufs: -22.5 }], targetLufs: -23, toleranceLu: 0.5 })
 */
export function renderLoudnessSvg({
  points,
  targetLufs,
  toleranceLu,
  fps = FPS,
  startTimecode = '00:00:00:00',
  width = 900,
  height = 260,
}: {
  points: readonly LoudnessPoint[];
  targetLufs: number;
  toleranceLu: number;
  fps?: number;
  startTimecode?: string;
  width?: number;
  height?: number;
}): string {
  const margin = { left: 56, right: 16, top: 14, bottom: 34 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const top = Math.ceil(targetLufs + 12);
  const bottom = Math.floor(targetLufs - 28);
  const lastT = points.reduce((max, point) => Math.max(max, point.t), 0);
  const duration = Math.max(lastT, 1);
  const x = (t: number) => margin.left + (t / duration) * plotWidth;
  const y = (lufs: number) => margin.top + ((top - Math.min(top, Math.max(bottom, lufs))) / (top - bottom)) * plotHeight;
  const n = (value: number) => (Math.round(value * 10) / 10).toString();

  const parts: string[] = [];
  parts.push(
    `<svg class="loudness-plot" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="loudness-title">`,
    `<title id="loudness-title">Độ lớn ngắn hạn theo thời gian / Short-term loudness over time (mục tiêu / target ${n(targetLufs)} LUFS)</title>`,
    `<rect x="${margin.left}" y="${margin.top}" width="${plotWidth}" height="${plotHeight}" fill="#fafafa" stroke="#ccc"/>`,
    `<rect x="${margin.left}" y="${n(y(targetLufs + toleranceLu))}" width="${plotWidth}" height="${n(Math.max(1, y(targetLufs - toleranceLu) - y(targetLufs + toleranceLu)))}" fill="#d9f2dd"/>`,
  );
  for (let level = Math.ceil(bottom / 5) * 5; level <= top; level += 5) {
    parts.push(
      `<line x1="${margin.left}" x2="${margin.left + plotWidth}" y1="${n(y(level))}" y2="${n(y(level))}" stroke="#e3e3e3"/>`,
      `<text x="${margin.left - 6}" y="${n(y(level) + 4)}" text-anchor="end" font-size="11" fill="#555">${level}</text>`,
    );
  }
  const step = TIME_STEPS.find((candidate) => duration / candidate <= 8) ?? 3600;
  for (let t = 0; t <= duration + 1e-9; t += step) {
    const label = formatTimecode({ frame: Math.round(t * fps), start: startTimecode }).slice(0, 8);
    parts.push(
      `<line x1="${n(x(t))}" x2="${n(x(t))}" y1="${margin.top + plotHeight}" y2="${margin.top + plotHeight + 4}" stroke="#888"/>`,
      `<text x="${n(x(t))}" y="${margin.top + plotHeight + 17}" text-anchor="middle" font-size="11" fill="#555">${escapeHtml({ text: label })}</text>`,
    );
  }
  parts.push(
    `<line class="target" x1="${margin.left}" x2="${margin.left + plotWidth}" y1="${n(y(targetLufs))}" y2="${n(y(targetLufs))}" stroke="#c0392b" stroke-width="1.5" stroke-dasharray="6 4"/>`,
    `<text x="${margin.left + plotWidth - 4}" y="${n(y(targetLufs) - 5)}" text-anchor="end" font-size="11" fill="#c0392b">Mục tiêu / Target ${n(targetLufs)} LUFS</text>`,
    `<text x="14" y="${margin.top + plotHeight / 2}" transform="rotate(-90 14 ${margin.top + plotHeight / 2})" text-anchor="middle" font-size="11" fill="#555">LUFS (S, 3 s)</text>`,
  );
  if (points.length > 0) {
    const path = points.map((point) => `${n(x(point.t))},${n(y(point.lufs))}`).join(' ');
    parts.push(`<polyline class="short-term" points="${path}" fill="none" stroke="#1f5fa8" stroke-width="1.5" stroke-linejoin="round"/>`);
  } else {
    parts.push(
      `<text x="${margin.left + plotWidth / 2}" y="${margin.top + plotHeight / 2}" text-anchor="middle" font-size="13" fill="#777">Không có dữ liệu / No data</text>`,
    );
  }
  parts.push('</svg>');
  return parts.join('\n');
}
