import { describe, expect, it } from 'vitest';
import { ChecksumNameError, ManifestSchema, buildManifest, formatChecksumLines, DEFAULT_PROFILES } from '../../../shared/delivery/index.ts';

const master = { name: 'hai-phong-v3-broadcast.mp4', sha256: 'a'.repeat(64), md5: 'b'.repeat(32), sizeBytes: 10 };
const srt = { name: 'subtitles/hai-phong-v3.srt', sha256: 'c'.repeat(64), md5: 'd'.repeat(32), sizeBytes: 2 };

describe('formatChecksumLines', () => {
  it('writes `<hex>  <name>` lines as sha256sum and md5sum print them', () => {
    expect(formatChecksumLines({ entries: [master, srt], algorithm: 'sha256' })).toBe(
      `${'a'.repeat(64)}  hai-phong-v3-broadcast.mp4\n${'c'.repeat(64)}  subtitles/hai-phong-v3.srt\n`,
    );
    expect(formatChecksumLines({ entries: [master], algorithm: 'md5' })).toBe(`${'b'.repeat(32)}  hai-phong-v3-broadcast.mp4\n`);
  });

  it('keeps Vietnamese names and spaces as they are', () => {
    expect(formatChecksumLines({ entries: [{ ...master, name: 'Phóng sự Đại hội.mp4' }], algorithm: 'md5' })).toBe(`${'b'.repeat(32)}  Phóng sự Đại hội.mp4\n`);
  });

  it('refuses names coreutils would escape or that leave the folder', () => {
    for (const name of ['a\nb.mp4', 'a\\b.mp4', '/abs.mp4', '../up.mp4', 'x//y.mp4', '']) {
      expect(() => formatChecksumLines({ entries: [{ ...master, name }], algorithm: 'sha256' })).toThrow(ChecksumNameError);
    }
  });
});

describe('buildManifest', () => {
  it('lists the files with sizes and hashes, the version, the profile and the QC result', () => {
    const manifest = buildManifest({
      title: 'Đại hội Liên hiệp các Hội KH&KT Hải Phòng',
      version: { number: 3, hash: 'sha256:1f2e' },
      profile: DEFAULT_PROFILES.broadcast,
      files: [
        { ...master, role: 'programme' },
        { ...srt, role: 'srt' },
      ],
      qc: { status: 'warn', report: 'qc/report.html' },
      createdAt: new Date('2026-05-04T08:00:00Z'),
    });
    expect(manifest).toEqual({
      manifestVersion: 1,
      title: 'Đại hội Liên hiệp các Hội KH&KT Hải Phòng',
      version: { number: 3, hash: 'sha256:1f2e' },
      profile: { id: 'broadcast', label: { vi: 'Phát sóng (MP4)', en: 'Broadcast (MP4)' } },
      files: [
        { name: master.name, role: 'programme', sizeBytes: 10, sha256: master.sha256, md5: master.md5 },
        { name: srt.name, role: 'srt', sizeBytes: 2, sha256: srt.sha256, md5: srt.md5 },
      ],
      qc: { status: 'warn', failed: [], report: 'qc/report.html' },
      createdAt: '2026-05-04T08:00:00.000Z',
    });
    expect(ManifestSchema.parse(JSON.parse(JSON.stringify(manifest)))).toEqual(manifest);
  });

  it('refuses a file without a proper hash', () => {
    expect(() =>
      buildManifest({
        title: 't',
        version: { number: 1, hash: 'h' },
        profile: DEFAULT_PROFILES.web,
        files: [{ ...master, sha256: 'nope', role: 'programme' }],
        qc: { status: 'pass' },
        createdAt: new Date(),
      }),
    ).toThrow();
  });
});
