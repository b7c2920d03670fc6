import { describe, expect, it } from 'vitest';
import { totalPercent } from '../../../shared/web/client/upload-progress.ts';

const MB = 1024 * 1024;

describe('the upload page total progress', () => {
  it('counts a finished file whole, whatever its last progress event said', () => {
    const files = [
      { size: 24 * MB, progress: { uploadComplete: true, bytesUploaded: 23.5 * MB, bytesTotal: 24 * MB } },
      { size: 8 * MB, progress: { uploadComplete: true, bytesUploaded: 8 * MB, bytesTotal: 8 * MB } },
    ];
    expect(totalPercent({ files })).toBe(100);
  });

  it('is the share of all bytes sent, never 100 % before every file is done', () => {
    const files = [
      { size: 10 * MB, progress: { uploadComplete: true, bytesUploaded: 10 * MB, bytesTotal: 10 * MB } },
      { size: 10 * MB, progress: { uploadComplete: false, bytesUploaded: 10 * MB - 1, bytesTotal: 10 * MB } },
      { size: 20 * MB, progress: { bytesUploaded: false as const, bytesTotal: null } },
    ];
    expect(totalPercent({ files })).toBe(49);
    expect(totalPercent({ files: [] })).toBe(0);
  });
});
