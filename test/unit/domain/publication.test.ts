import { describe, expect, it } from 'vitest';
import { chaptersOf, parseCut, PublishRequestSchema, slugify, SlugSchema } from '../../../shared/domain/index.ts';

describe('slugify', () => {
  it('makes a readable ASCII address from a Vietnamese title', () => {
    expect(slugify({ text: 'Đại hội Liên hiệp Hội lần thứ I' })).toBe('dai-hoi-lien-hiep-hoi-lan-thu-i');
    expect(slugify({ text: 'Tin bế mạc — nhiệm kỳ 2026–2031!' })).toBe('tin-be-mac-nhiem-ky-2026-2031');
    // Decomposed input (a base letter and its combining marks) gives the same address.
    expect(slugify({ text: 'Đại hội'.normalize('NFD') })).toBe('dai-hoi');
  });

  it('keeps an address within 80 characters, cut at a word', () => {
    const slug = slugify({ text: 'Hội thảo khoa học '.repeat(10) });
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(SlugSchema.safeParse(slug).success).toBe(true);
    expect(slug.endsWith('-')).toBe(false);
  });

  it('refuses addresses that are not lower-case words joined by single hyphens', () => {
    for (const bad of ['Dai-hoi', 'dai--hoi', '-dai', 'dai hoi', 'đại-hội', 'ab', '../x']) expect(SlugSchema.safeParse(bad).success).toBe(false);
    expect(PublishRequestSchema.safeParse({ slug: 'dai-hoi-2026', download: true }).success).toBe(true);
  });
});

describe('chaptersOf', () => {
  const cut = parseCut({
    input: {
      schemaVersion: 1,
      projectId: 'p',
      id: 'tin',
      title: 'Tin',
      shots: [
        { id: 't1', type: 'title', text: 'Khai mạc', subtitle: 'Phiên thứ nhất', duration: 50 },
        { id: 'c1', type: 'clip', assetId: 'a-hoi-truong', in: 0, out: 4 },
        { id: 'c2', type: 'clip', assetId: 'a-dai-bieu', in: 0, out: 2, transitionIn: { type: 'dissolve', frames: 10 } },
        { id: 'c3', type: 'clip', assetId: 'a-khoa-hoc', in: 0, out: 2 },
        { id: 't2', type: 'title', text: 'Bế mạc', duration: 25 },
        { id: 'c4', type: 'clip', assetId: 'a-khoa-hoc', in: 0, out: 2 },
      ],
    },
  });
  const themes: Record<string, string> = { 'a-hoi-truong': 'Đại hội', 'a-dai-bieu': 'Đại hội', 'a-khoa-hoc': 'Khoa học' };

  it('lists every title card and each theme no title card opens, at the frame the shot is first seen alone', () => {
    expect(chaptersOf({ cut, themeOf: (id) => themes[id] ?? null })).toEqual([
      { title: 'Khai mạc — Phiên thứ nhất', frame: 0 },
      // c1 (50–150) continues the title card's chapter; c2 dissolves in at 140 (seen alone from 150), same theme;
      // c3 starts at 140 + 50 = 190 with a new theme.
      { title: 'Khoa học', frame: 190 },
      { title: 'Bế mạc', frame: 240 },
    ]);
  });

  it('gives no chapters for a cut with neither title cards nor themes', () => {
    expect(chaptersOf({ cut: { shots: cut.shots.filter((s) => s.type === 'clip') }, themeOf: () => null })).toEqual([]);
  });
});
