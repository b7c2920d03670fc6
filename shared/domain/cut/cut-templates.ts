/**
 * What a new cut starts from, by kind. A reportage starts empty; a news item or a teaser starts
 * from its template, so that a same-day item is a matter of choosing shots: an opening card with
 * the item's title and the day, a closing card naming the Union, the organiser's logo over the
 * picture and on both cards, speakers' lower thirds on their first appearance (the default of
 * every clip the editor adds).
 */
import type { CutKind } from '../cut-kinds.ts';
import { FPS } from '../project.ts';
import type { CutInput } from './cut-schema.ts';

/** The organiser's name on the closing card. */
export const ORGANISER_NAME = 'Liên hiệp các Hội Khoa học và Kỹ thuật thành phố Hải Phòng';

/** Each templated kind's cards: their lengths and the closing card's second line. */
const TEMPLATES: Partial<Record<CutKind, { openingFrames: number; closingFrames: number; closingSubtitle: string }>> = {
  news: { openingFrames: 4 * FPS, closingFrames: 4 * FPS, closingSubtitle: 'Đại hội đại biểu lần thứ I, nhiệm kỳ 2026–2031' },
  teaser: { openingFrames: 3 * FPS, closingFrames: 3 * FPS, closingSubtitle: 'Đại hội đại biểu lần thứ I, nhiệm kỳ 2026–2031' },
};

/** "Thứ Hai, 7/12/2026": the day as a Vietnamese caption writes it. */
export function vietnameseDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  const weekday = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'][date.getUTCDay()];
  return `${weekday}, ${date.getUTCDate()}/${date.getUTCMonth() + 1}/${date.getUTCFullYear()}`;
}

/**
 * The document a new cut starts as: empty for a reportage or highlights; for a news item or a
 * teaser, its template's opening and closing cards (and the logo, when the project has one).
 *
 * @example startingCut({ projectId, cutId: 'tin-khai-mac', title: 'Khai mạc Đại hội', kind: 'news', day: '2026-12-20', logoAssetId: null }).shots.map((s) => s.id) // ['mo-dau', 'ket-thuc']
 */
export function startingCut({
  projectId,
  cutId,
  title,
  kind,
  day,
  logoAssetId,
}: {
  projectId: string;
  cutId: string;
  title: string;
  kind: CutKind;
  day: string;
  logoAssetId: string | null;
}): CutInput & { shots: NonNullable<CutInput['shots']> } {
  const empty = { schemaVersion: 1 as const, projectId, id: cutId, title, kind, shots: [], narration: [], music: [], subtitles: [] };
  const template = TEMPLATES[kind];
  if (template === undefined) return empty;
  return {
    ...empty,
    shots: [
      {
        id: 'mo-dau',
        type: 'title',
        text: title,
        subtitle: vietnameseDay(day),
        duration: template.openingFrames,
        transitionIn: { type: 'fade-from-black', frames: 12 },
      },
      {
        id: 'ket-thuc',
        type: 'title',
        text: ORGANISER_NAME,
        subtitle: template.closingSubtitle,
        duration: template.closingFrames,
        transitionIn: { type: 'dissolve', frames: 12 },
        fadeOutFrames: 25,
      },
    ],
    ...(logoAssetId === null ? {} : { logo: { assetId: logoAssetId, corner: 'top-right' as const, overTitles: true } }),
  };
}
