import { escapeHtml } from './escape-html.ts';
import { formatDurationTimecode } from '../domain/timecode.ts';
import { QC_STATUS_LABELS, type Bilingual, type QcCheck, type QcReport, type QcStatus } from './qc/index.ts';
import { renderLoudnessSvg } from './render-loudness-svg.ts';

/** A thumbnail of a flagged frame: `path` relative to the report's own location. */
export interface QcThumbnail {
  frame: number;
  path: string;
}

const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: system-ui, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; margin: 0 auto; max-width: 1040px; padding: 24px; color: #1d1d1f; line-height: 1.45; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.2rem; margin: 32px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
.en { color: #666; font-weight: normal; font-size: 0.9em; }
p.en, div.en { margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 0.92rem; }
th, td { border: 1px solid #ddd; padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: #f3f4f6; }
th .en { display: block; font-size: 0.85em; }
td.mono, .tc { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; white-space: nowrap; }
.badge { display: inline-block; border-radius: 4px; padding: 1px 8px; font-weight: 600; font-size: 0.9rem; white-space: nowrap; }
.badge.pass { background: #dff3e4; color: #14632b; }
.badge.warn { background: #fff1cc; color: #7a5200; }
.badge.fail { background: #fde2e1; color: #9b1c1c; }
.overall { font-size: 1.3rem; margin: 12px 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 12px 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; word-break: break-all; }
img.thumb { width: 160px; height: auto; border: 1px solid #ccc; display: block; }
.loudness-plot { max-width: 100%; height: auto; }
footer { margin-top: 40px; font-size: 0.85rem; color: #666; }
@media print { body { padding: 0; } h2 { break-after: avoid; } table { break-inside: auto; } }
`;

/**
 * The QC report as one self-contained HTML page (no script, font, stylesheet or picture from
 * elsewhere; thumbnails are files beside the report, by relative path): the overall result, a
 * summary of every check, the loudness-over-time plot with the target line, one section and table
 * per check with thumbnails at flagged timecodes, and the profile settings the file was made with.
 * Vietnamese first, English second. Every text from the report is escaped.
 *
 * Thumbnails with an absolute path or a URL are left out: the page must not reach outside its folder.
 *
 * @example
 * await writeFile('qc/report.html', renderQcHtml({ report, thumbnails: [{ frame: 1250, path: 'thumbs/thumb-000050000ms.jpg' }] }));
 */
export function renderQcHtml({ report, thumbnails = [] }: { report: QcReport; thumbnails?: readonly QcThumbnail[] }): string {
  const pictures = new Map<number, string>();
  for (const thumbnail of thumbnails) {
    if (isRelativePath(thumbnail.path)) pictures.set(thumbnail.frame, thumbnail.path);
  }
  const title = `Báo cáo QC / QC report — ${report.file.name}`;
  const body = [
    header({ report }),
    summary({ report }),
    loudnessSection({ report }),
    ...report.checks.map((check) => checkSection({ check, pictures })),
    settingsSection({ report }),
    `<footer><p>Báo cáo tạo tự động lúc ${text(report.createdAt)}. Sàng lọc nháy sáng chỉ mang tính hỗ trợ, không thay thế phép thử Harding được chứng nhận.</p>` +
      `<p class="en">Generated automatically at ${text(report.createdAt)}. The flash screen is an aid, not a certified Harding test.</p></footer>`,
  ].join('\n');
  return [
    '<!DOCTYPE html>',
    '<html lang="vi">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${text(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function text(value: string): string {
  return escapeHtml({ text: value });
}

function badge(status: QcStatus): string {
  const label = QC_STATUS_LABELS[status];
  return `<span class="badge ${status}">${text(label.vi)} · ${text(label.en)}</span>`;
}

/** Vietnamese on top, English below it. */
function both(label: Bilingual, tag: 'p' | 'div' = 'p'): string {
  return `<${tag} lang="vi">${text(label.vi)}</${tag}><${tag} class="en" lang="en">${text(label.en)}</${tag}>`;
}

function heading(label: Bilingual): string {
  return `${text(label.vi)} <span class="en" lang="en">/ ${text(label.en)}</span>`;
}

function header({ report }: { report: QcReport }): string {
  const facts: [Bilingual, string][] = [
    [{ vi: 'Tệp', en: 'File' }, report.file.name],
    [{ vi: 'Cấu hình xuất', en: 'Profile' }, `${report.profile.label.vi} / ${report.profile.label.en} (${report.profile.id})`],
    [
      { vi: 'Chương trình', en: 'Programme' },
      `${report.programme.startTimecode} – ${report.programme.endTimecode} (${formatDurationTimecode({ frames: report.programme.frames })}, ${report.programme.frames} khung hình / frames @ ${report.fps} fps)`,
    ],
    [{ vi: 'Mã thời gian đầu tệp', en: 'File start timecode' }, report.startTimecode],
  ];
  if (report.file.sizeBytes !== null) facts.push([{ vi: 'Kích thước', en: 'Size' }, `${report.file.sizeBytes.toLocaleString('en-US')} bytes`]);
  if (report.file.sha256 !== null) facts.push([{ vi: 'SHA-256', en: 'SHA-256' }, report.file.sha256]);
  facts.push([{ vi: 'Thời điểm kiểm tra', en: 'Checked at' }, report.createdAt]);
  const list = facts.map(([label, value]) => `<dt>${text(label.vi)} <span class="en">/ ${text(label.en)}</span></dt><dd>${text(value)}</dd>`).join('\n');
  return [
    '<header>',
    `<h1>Báo cáo kiểm tra kỹ thuật (QC) <span class="en" lang="en">/ Technical QC report</span></h1>`,
    `<p class="overall">Kết quả chung <span class="en">/ Overall</span>: ${badge(report.status)}</p>`,
    `<dl class="facts">${list}</dl>`,
    '</header>',
  ].join('\n');
}

function summary({ report }: { report: QcReport }): string {
  const rows = report.checks
    .map(
      (check) =>
        `<tr><td><a href="#check-${check.id}">${heading(check.label)}</a></td><td>${badge(check.status)}</td><td>${both(check.details.summary, 'div')}</td></tr>`,
    )
    .join('\n');
  return [
    `<section id="summary"><h2>${heading({ vi: 'Tóm tắt', en: 'Summary' })}</h2>`,
    '<table><thead><tr>',
    `<th>Mục kiểm tra<span class="en">Check</span></th><th>Kết quả<span class="en">Result</span></th><th>Chi tiết<span class="en">Details</span></th>`,
    `</tr></thead><tbody>${rows}</tbody></table></section>`,
  ].join('\n');
}

function loudnessSection({ report }: { report: QcReport }): string {
  const { measured, targetLufs, toleranceLu, maxTruePeakDbtp, shortTerm } = report.loudness;
  const numbers = measured
    ? `I ${measured.integratedLufs.toFixed(1)} LUFS · LRA ${measured.loudnessRangeLu.toFixed(1)} LU · TP ${measured.truePeakDbtp.toFixed(1)} dBTP`
    : '—';
  const svg = renderLoudnessSvg({ points: shortTerm, targetLufs, toleranceLu, fps: report.fps, startTimecode: report.startTimecode });
  return [
    `<section id="loudness-plot"><h2>${heading({ vi: 'Độ lớn âm thanh theo thời gian', en: 'Loudness over time' })}</h2>`,
    `<p>Đo được / Measured: <strong class="tc">${text(numbers)}</strong> — mục tiêu / target ${targetLufs.toFixed(1)} LUFS ± ${toleranceLu.toFixed(1)} LU, TP ≤ ${maxTruePeakDbtp.toFixed(1)} dBTP</p>`,
    svg,
    '</section>',
  ].join('\n');
}

function checkSection({ check, pictures }: { check: QcCheck; pictures: ReadonlyMap<number, string> }): string {
  const table = check.details.table;
  let tableHtml = '';
  if (table && table.rows.length > 0) {
    const withPictures = table.rows.some((row) => row.frame !== null && pictures.has(row.frame));
    const head = [...table.columns, ...(withPictures ? [{ vi: 'Hình ảnh', en: 'Picture' }] : [])]
      .map((column) => `<th>${text(column.vi)}<span class="en">${text(column.en)}</span></th>`)
      .join('');
    const rows = table.rows
      .map((row) => {
        const cells = row.cells.map((cell) => `<td${/^\d{2}:\d{2}:\d{2}:\d{2}$/.test(cell) ? ' class="mono"' : ''}>${text(cell)}</td>`).join('');
        const picture = row.frame !== null ? pictures.get(row.frame) : undefined;
        const pictureCell = withPictures
          ? `<td>${picture ? `<img class="thumb" src="${text(encodePath(picture))}" alt="${text(row.cells[0] ?? '')}" loading="lazy">` : ''}</td>`
          : '';
        return `<tr>${cells}${pictureCell}</tr>`;
      })
      .join('\n');
    tableHtml = `<table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
  }
  return [`<section id="check-${check.id}"><h2>${heading(check.label)} ${badge(check.status)}</h2>`, both(check.details.summary), tableHtml, '</section>'].join(
    '\n',
  );
}

function settingsSection({ report }: { report: QcReport }): string {
  const rows = report.profile.settings
    .map((s) => `<tr><th>${text(s.label.vi)}<span class="en">${text(s.label.en)}</span></th><td>${text(s.value)}</td></tr>`)
    .join('\n');
  return `<section id="settings"><h2>${heading({ vi: 'Thông số cấu hình xuất', en: 'Profile settings' })}</h2><table><tbody>${rows}</tbody></table></section>`;
}

/** A path the page may point at: relative, inside its folder, no scheme. */
function isRelativePath(value: string): boolean {
  return value.length > 0 && !/^[a-z][a-z0-9+.-]*:/i.test(value) && !value.startsWith('/') && !value.startsWith('\\') && !value.split(/[\\/]/).includes('..');
}

function encodePath(value: string): string {
  return value
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}
