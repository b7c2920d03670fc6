import { describe, expect, it } from 'vitest';
import { createProject, cutDueDate, kindRules, ProjectSchema } from '../../../shared/domain/project.ts';
import { cutLengthLimits } from '../../../shared/domain/cut/index.ts';

const project = createProject({ congressDate: '2026-12-20', now: new Date('2026-12-01T00:00:00Z') });

describe('cut kinds and their rules', () => {
  it('has the editor-in-chief alone sign a news item, and the whole chain a reportage', () => {
    expect(kindRules({ project, kind: 'news' }).chain.map((stage) => stage.id)).toEqual(['tong-bien-tap']);
    expect(kindRules({ project, kind: 'reportage' }).chain.map((stage) => stage.id)).toEqual(['tong-bien-tap', 'tieu-ban-tuyen-truyen', 'ban-thuong-vu']);
    expect(kindRules({ project, kind: 'news' }).label.vi).toBe('Tin');
  });

  it("takes a project's overrides per kind, and keeps the project's chain order whatever order the kind names its stages in", () => {
    const edited = {
      ...project,
      cutKinds: { news: { stages: ['ban-thuong-vu', 'tong-bien-tap'], maxFrames: 2 * 60 * 25 }, teaser: { dueDays: 3 } },
    };
    expect(kindRules({ project: edited, kind: 'news' }).chain.map((stage) => stage.id)).toEqual(['tong-bien-tap', 'ban-thuong-vu']);
    expect(cutLengthLimits({ kind: 'news', project: edited })).toEqual({ minFrames: 1500, maxFrames: 3000 });
    expect(cutDueDate({ project: edited, kind: 'teaser', startedAt: '2026-12-07T03:00:00Z' })).toBe('2026-12-10');
  });

  it("falls back to the chain's first stage when the project has none of the kind's stages", () => {
    const renamed = {
      ...project,
      approvalChain: [
        { id: 'chu-tich', label: { vi: 'Chủ tịch', en: 'President' } },
        { id: 'hoi-dong', label: { vi: 'Hội đồng', en: 'Council' } },
      ],
    };
    expect(kindRules({ project: renamed, kind: 'news' }).chain.map((stage) => stage.id)).toEqual(['chu-tich']);
  });

  it('makes a news item due the day it was started in Hai Phong, and a reportage by the delivery deadline', () => {
    expect(cutDueDate({ project, kind: 'news', startedAt: '2026-12-07T09:00:00Z' })).toBe('2026-12-07');
    // 20:00 UTC is 03:00 the next morning in Vietnam.
    expect(cutDueDate({ project, kind: 'news', startedAt: '2026-12-07T20:00:00Z' })).toBe('2026-12-08');
    expect(cutDueDate({ project, kind: 'reportage', startedAt: '2026-12-07T09:00:00Z' })).toBe('2026-12-18');
    expect(cutDueDate({ project: { ...project, congressDate: null }, kind: 'reportage', startedAt: '2026-12-07T09:00:00Z' })).toBeNull();
  });

  it('reads a project stored before kinds had rules, and refuses a kind whose minimum is above its maximum', () => {
    const { cutKinds: _, ...old } = project;
    expect(ProjectSchema.parse(old).cutKinds).toEqual({});
    expect(ProjectSchema.safeParse({ ...project, cutKinds: { news: { minFrames: -1 } } }).success).toBe(false);
    expect(ProjectSchema.safeParse({ ...project, cutKinds: { documentary: {} } }).success).toBe(false);
  });
});
