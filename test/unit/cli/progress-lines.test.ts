import { describe, expect, it } from 'vitest';
import { ProgressLines } from '../../../shared/cli/progress-bars.ts';

describe('ProgressLines (progress in a log)', () => {
  it('writes a line when a phase starts, at most one every 10 s while it runs, and always the end', () => {
    const written: string[] = [];
    let now = Date.parse('2026-12-07T08:00:00Z');
    const lines = new ProgressLines({ write: (text: string) => written.push(text) }, () => now);
    lines.add('/tmp/a.mp4', 'a.mp4');
    lines.update('/tmp/a.mp4', 'tải lên', 0.1);
    now += 3_000;
    lines.update('/tmp/a.mp4', 'tải lên', 0.5);
    now += 8_000;
    lines.update('/tmp/a.mp4', 'tải lên', 0.9);
    lines.rename('/tmp/a.mp4', 'asset-1');
    lines.update('asset-1', 'xử lý', 0.2);
    lines.done('asset-1', 'ready');
    expect(written).toEqual([
      '2026-12-07T08:00:00.000Z a.mp4: tải lên 10%\n',
      '2026-12-07T08:00:11.000Z a.mp4: tải lên 90%\n',
      '2026-12-07T08:00:11.000Z a.mp4: xử lý 20%\n',
      '2026-12-07T08:00:11.000Z a.mp4: xong\n',
    ]);
  });
});
