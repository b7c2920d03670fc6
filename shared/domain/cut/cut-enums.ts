/**
 * The cut's closed lists of words, as plain constants: the schema (cut-schema.ts) builds its enums
 * from them and the browser's editor offers them, without bundling zod.
 */

/** When a clip shows its speaker's lower third: `auto` on the speaker's first appearance in the cut. */
export const LOWER_THIRD_MODES = ['auto', 'always', 'never'] as const;
export type LowerThirdMode = (typeof LOWER_THIRD_MODES)[number];
/** A photo's slow move over its whole hold. */
export const PHOTO_MOTIONS = ['none', 'zoom-in', 'zoom-out', 'pan-left', 'pan-right'] as const;
export type PhotoMotion = (typeof PHOTO_MOTIONS)[number];
/** How a shot enters: a cut, a dissolve from the previous shot, or a fade from black. */
export const TRANSITION_TYPES = ['cut', 'dissolve', 'fade-from-black'] as const;
export type TransitionType = (typeof TRANSITION_TYPES)[number];
/** What the cut is: the reportage, a news item, a teaser or highlights, each with its own rules (shared/domain/cut-kinds.ts). */
export const CUT_KINDS = ['reportage', 'news', 'teaser', 'highlights'] as const;
export type CutKind = (typeof CUT_KINDS)[number];
/** Corners the organiser's logo can sit in (inside the title-safe area). */
export const LOGO_CORNERS = ['top-left', 'top-right', 'bottom-left', 'bottom-right'] as const;
/**
 * How a 16:9 shot fills a vertical (9:16) or square (1:1) frame: `crop` cuts the frame out around
 * a centre the editor sets (it may move during the shot); `blur-fill` shows the whole picture
 * across the frame's width over a blurred, enlarged copy of itself.
 */
export const REFRAME_MODES = ['crop', 'blur-fill'] as const;
export type ReframeMode = (typeof REFRAME_MODES)[number];
