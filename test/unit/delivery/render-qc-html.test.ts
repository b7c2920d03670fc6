import { describe, expect, it } from 'vitest';
import { renderLoudnessSvg, renderQcHtml } from '../../../shared/delivery/index.ts';
import { cleanAudio, cleanPicture, report } from './qc-inputs.ts';

describe('renderQcHtml', () => {
  const failing = report({
    file: { name: 'Phóng sự <Đại hội> & "v3".mp4', sizeBytes: 1234, sha256: 'b'.repeat(64) },
    picture: { ...cleanPicture(), black: [{ start: 50, end: 125 }] },
    audio: { ...cleanAudio(), loudness: { integratedLufs: -21.7, loudnessRangeLu: 8.2, truePeakDbtp: -0.4 } },
    subtitleViolations: [{ cue: 7, rule: 'line-length', message: 'Cue 7: line 1 has 45 characters <b>', messageVi: 'Phụ đề số 7: dòng 1 có 45 ký tự <b>' }],
  });
  const html = renderQcHtml({ report: failing, thumbnails: [{ frame: 50, path: 'thumbs/thumb 000002000ms.jpg' }] });

  it('is one Vietnamese page with the overall result and the key numbers', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('Không đạt');
    expect(html).toContain('-21.7 LUFS');
    expect(html).toContain('8.2 LU');
    expect(html).toContain('-0.4 dBTP');
    expect(html).toContain('10:00:02:00');
    expect(html).toContain('10:00:05:00');
    expect(html).toContain('3.00 s');
    expect(html).toContain('10:00:00:00 – 10:13:00:00');
  });

  it('puts Vietnamese before English', () => {
    expect(html.indexOf('Hình đen')).toBeGreaterThan(0);
    expect(html.indexOf('Hình đen')).toBeLessThan(html.indexOf('Black picture'));
    expect(html.indexOf('Tóm tắt')).toBeLessThan(html.indexOf('Summary'));
  });

  it('has a section and a table per check, and the subtitle cue number', () => {
    for (const check of failing.checks) expect(html).toContain(`id="check-${check.id}"`);
    expect(html).toMatch(/<td>7<\/td>/);
  });

  it('escapes every text from the report', () => {
    expect(html).toContain('Phóng sự &lt;Đại hội&gt; &amp; &quot;v3&quot;.mp4');
    expect(html).toContain('45 ký tự &lt;b&gt;');
    expect(html).not.toContain('<Đại hội>');
    expect(html).not.toContain('45 characters <b>');
  });

  it('draws the loudness plot inline with the target line, and loads nothing from elsewhere', () => {
    expect(html).toContain('<svg class="loudness-plot"');
    expect(html).toContain('class="target"');
    expect(html).toContain('Target -23 LUFS');
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script|<link|@import|url\(/i);
  });

  it('shows thumbnails at flagged timecodes by relative path, and drops absolute or remote ones', () => {
    expect(html).toContain('<img class="thumb" src="thumbs/thumb%20000002000ms.jpg" alt="10:00:02:00"');
    for (const path of ['/etc/passwd.jpg', 'https://example.com/x.jpg', '../outside.jpg', 'file:x.jpg']) {
      expect(renderQcHtml({ report: failing, thumbnails: [{ frame: 50, path }] })).not.toContain('<img');
    }
  });
});

describe('renderLoudnessSvg', () => {
  it('draws the curve, the target and the tolerance band, clamping readings off the scale', () => {
    const svg = renderLoudnessSvg({
      points: [
        { t: 3, lufs: -23 },
        { t: 4, lufs: -120 },
        { t: 5, lufs: 0 },
      ],
      targetLufs: -23,
      toleranceLu: 0.5,
    });
    const points = /points="([^"]+)"/
      .exec(svg)![1]!
      .split(' ')
      .map((pair) => Number(pair.split(',')[1]));
    // -120 lands on the bottom edge, 0 on the top edge, inside the 260 px picture.
    expect(points[1]).toBeCloseTo(226, 0);
    expect(points[2]).toBeCloseTo(14, 0);
    expect(svg).toContain('stroke-dasharray');
  });

  it('says there is no data when there are no points', () => {
    expect(renderLoudnessSvg({ points: [], targetLufs: -16, toleranceLu: 0.5 })).toContain('Không có dữ liệu / No data');
  });
});
