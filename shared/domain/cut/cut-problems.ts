/** What can be wrong with a cut: stable problem codes and the error that lists them. */
import { TimelineError } from '../errors.ts';

/** Stable codes of `CutProblem` (scripts and the editor rely on them). */
export const CUT_PROBLEM_CODES = [
  'INVALID_FIELD',
  'DUPLICATE_ID',
  'NO_SHOTS',
  'UNKNOWN_ASSET',
  'ASSET_NOT_READY',
  'WRONG_ASSET_KIND',
  'UNKNOWN_DURATION',
  'IN_NOT_BEFORE_OUT',
  'OUT_PAST_END',
  'SHOT_TOO_SHORT',
  'TRANSITION_WITHOUT_PREVIOUS',
  'TRANSITION_TOO_LONG',
  'FADE_TOO_LONG',
  'FADE_INTO_DISSOLVE',
  'NARRATION_OVERLAP',
  'MUSIC_RANGE_EMPTY',
  'CUE_RANGE_EMPTY',
  'PAST_PROGRAMME_END',
  'TRANSCRIPT_NOT_LOADED',
  'WRONG_PROJECT',
] as const;
export type CutProblemCode = (typeof CUT_PROBLEM_CODES)[number];

/** One thing wrong with a cut, naming the item (shot, narration, music …) and its field. */
export interface CutProblem {
  /** The item's id (for a transcript: the clip asset id; for the cut itself: the cut id). */
  itemId: string;
  /** The field inside the item, as a JSON path (`in`, `transitionIn.frames`, `audio.gainDb`). */
  field: string;
  code: CutProblemCode;
  message: string;
  messageVi: string;
}

/** How many problems the messages spell out; `details.problems` always has them all. */
const PROBLEMS_IN_MESSAGE = 5;

/**
 * A cut that cannot be rendered. Code `INVALID_CUT`; `details.problems` (and `problems`) list
 * every problem found, in the cut's order; both messages give the count and the first ones.
 */
export class CutError extends TimelineError {
  readonly problems: readonly CutProblem[];

  constructor({ cutId, problems }: { cutId: string; problems: CutProblem[] }) {
    const shown = problems.slice(0, PROBLEMS_IN_MESSAGE);
    const more = problems.length - shown.length;
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super({
      code: 'INVALID_CUT',
      message: `The cut "${cutId}" has ${count}: ${shown.map((p) => p.message).join('; ')}${more > 0 ? `; and ${more} more` : ''}. Fix the cut and try again.`,
      messageVi:
        `Bản dựng "${cutId}" có ${problems.length} lỗi: ${shown.map((p) => p.messageVi).join('; ')}` +
        (more > 0 ? `; và ${more} lỗi khác` : '') +
        '. Hãy sửa bản dựng rồi thử lại.',
      details: { cutId, problems },
    });
    this.problems = problems;
  }
}
