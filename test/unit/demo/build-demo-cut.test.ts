import { describe, expect, it } from 'vitest';
import { buildDemoCut } from '../../../shared/demo/build-demo-cut.ts';
import { CONGRESS_THEMES, computeShotTimings, validateCut } from '../../../shared/domain/index.ts';
import { makeAsset, project } from '../domain/timeline-fixtures.ts';

const footage = Object.fromEntries(CONGRESS_THEMES.map((theme) => [theme.id, makeAsset({ id: `f-${theme.id}`, kind: 'footage', durationSeconds: 20 })]));
const photos = { 'lich-su-hop-nhat': makeAsset({ id: 'p1', kind: 'photo' }), 'giai-thuong-hoi-thi': makeAsset({ id: 'p2', kind: 'photo' }) };
const interviews = [
  makeAsset({ id: 'i1', kind: 'interview', durationSeconds: 40, speaker: { name: 'Nguyễn Văn Hưởng', position: 'Chủ tịch' } }),
  makeAsset({ id: 'i2', kind: 'interview', durationSeconds: 30, speaker: { name: 'Trần Thị Ngọc Diệp', position: 'Phó Viện trưởng' } }),
];
const narration = makeAsset({ id: 'vo', kind: 'voiceover', durationSeconds: 30 });
const music = makeAsset({ id: 'm', kind: 'music', durationSeconds: 90 });
const assets = Object.fromEntries([...Object.values(footage), ...Object.values(photos), ...interviews, narration, music].map((a) => [a.id, a]));

describe('buildDemoCut', () => {
  it.each([1, 2, 5, 13])('builds a valid %d-minute cut whose length is close to the target', (minutes) => {
    const input = buildDemoCut({ projectId: project.id, minutes, assets: { footage, photos, interviews, narration, music, transcript: null } });
    const cut = validateCut({ cut: input, assets });
    const { durationFrames } = computeShotTimings({ cut });
    expect(Math.abs(durationFrames - minutes * 60 * 25)).toBeLessThanOrEqual(30 * 25);
    expect(cut.narration.length).toBeGreaterThan(0);
    expect(cut.music.length).toBeGreaterThan(0);
  });

  it('makes a 13-minute demo a reportage within 12:00–15:00', () => {
    const input = buildDemoCut({ projectId: project.id, minutes: 13, assets: { footage, photos, interviews, narration, music, transcript: null } });
    const { durationFrames } = computeShotTimings({ cut: validateCut({ cut: input, assets }) });
    expect(input.kind).toBe('reportage');
    expect(durationFrames).toBeGreaterThanOrEqual(12 * 60 * 25);
    expect(durationFrames).toBeLessThanOrEqual(15 * 60 * 25);
  });
});
