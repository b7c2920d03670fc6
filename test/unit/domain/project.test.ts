import { describe, expect, it } from 'vitest';
import { CONGRESS_THEMES, ProjectError, createProject, deliveryDeadline, toDisplayName } from '../../../shared/domain/index.ts';

const now = new Date('2026-11-29T08:00:00Z');

describe('createProject', () => {
  it('seeds the twelve themes of the congress propaganda plan and the three-stage approval chain', () => {
    const project = createProject({ now });
    expect(project.themes).toHaveLength(12);
    expect(project.themes.map((t) => t.id)).toContain('hop-tac-quoc-te');
    expect(project.approvalChain.map((s) => s.id)).toEqual(['tong-bien-tap', 'tieu-ban-tuyen-truyen', 'ban-thuong-vu']);
  });

  it('targets 12:00–15:00 at 25 fps, 1920×1080, 48 kHz', () => {
    const project = createProject({ now });
    expect(project.targetLength).toEqual({ minFrames: 18_000, maxFrames: 22_500 });
    expect(project.format).toEqual({ width: 1920, height: 1080, fps: 25, sampleRate: 48_000 });
  });

  it('stores every theme label in NFC', () => {
    for (const theme of CONGRESS_THEMES) expect(theme.label.vi).toBe(theme.label.vi.normalize('NFC'));
  });

  it('normalises a title typed in NFD to NFC', () => {
    const nfd = 'Phóng sự Hải Phòng'.normalize('NFD');
    expect(createProject({ now, title: nfd }).title).toBe('Phóng sự Hải Phòng'.normalize('NFC'));
  });

  it('refuses an id that is not a slug, naming the field', () => {
    expect(() => createProject({ now, id: 'Dự án/1' })).toThrow(ProjectError);
    expect(() => createProject({ now, id: 'Dự án/1' })).toThrow(/"id"/);
  });

  it('refuses a congress date that is not a calendar date', () => {
    expect(() => createProject({ now, congressDate: '2026-02-31x' })).toThrow(ProjectError);
  });
});

describe('deliveryDeadline', () => {
  it('is the congress date minus two days, across a month boundary', () => {
    expect(deliveryDeadline({ congressDate: '2026-12-01' })).toBe('2026-11-29');
  });

  it('is null while no congress date is set', () => {
    expect(deliveryDeadline({ congressDate: null })).toBeNull();
  });
});

describe('toDisplayName', () => {
  it('keeps only the last part of a path, so a name can never act as one', () => {
    expect(toDisplayName('../../etc/passwd')).toBe('passwd');
    expect(toDisplayName('C:\\Users\\me\\Phỏng vấn.mp4')).toBe('Phỏng vấn.mp4');
  });

  it('turns an NFD Vietnamese name into NFC and drops control characters', () => {
    const name = 'Lễ hợp nhất\u0007.mp4'.normalize('NFD');
    expect(toDisplayName(name)).toBe('Lễ hợp nhất.mp4'.normalize('NFC'));
  });

  it('gives a placeholder for an empty name', () => {
    expect(toDisplayName('/')).toBe('untitled');
  });
});
