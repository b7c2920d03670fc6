import { DEFAULT_LINE_UP, type DeliveryProfile } from '../../domain/delivery-profiles.ts';
import { InvalidRenderInputError } from './render-errors.ts';
import { formatTimecode, timecodeToFrames } from '../../domain/timecode.ts';
import { FPS, SAMPLE_RATE } from '../../domain/project.ts';

export const SAMPLES_PER_FRAME = SAMPLE_RATE / FPS;

/**
 * A broadcast line-up before the programme: colour bars with a 1 kHz tone at −18 dBFS, a slate,
 * then black and silence. Lengths in seconds (whole frames at 25 fps).
 */
export interface LineUp {
  barsSeconds: number;
  slateSeconds: number;
  blackSeconds: number;
}

/** The usual broadcast line-up (30 s bars, 20 s slate, 10 s black): the broadcast profiles' default. */
export { DEFAULT_LINE_UP };

/** The reference tone of the line-up: 1 kHz at −18 dBFS (EBU R 68 alignment level). */
export const LINE_UP_TONE = { frequencyHz: 1000, levelDbfs: -18 };

export type LayoutPartKind = 'bars' | 'slate' | 'black';

/** One generated stretch of the file, before or after the programme. */
export interface LayoutPart {
  kind: LayoutPartKind;
  frames: number;
  /** Whether its sound is the line-up tone (bars); otherwise silence. */
  tone: boolean;
}

/** Where everything sits in a delivered file. */
export interface ProgrammeLayout {
  lead: LayoutPart[];
  tail: LayoutPart[];
  leadFrames: number;
  tailFrames: number;
  programmeFrames: number;
  totalFrames: number;
  /** Timecode of the file's first frame, so the programme's first frame reads `programmeStartTimecode`. */
  fileStartTimecode: string;
  /** Timecode of the programme's first frame: the one asked for, unless the lead did not fit before it. */
  programmeStartTimecode: string;
}

/**
 * Lays out a delivered file: the line-up (broadcast) and/or black head and tail (screening), the
 * programme, and the timecode of the first frame. Pure; the same layout drives the picture (lead
 * and tail parts rendered as segments) and the sound (tone and silence around the mix), so they
 * cannot disagree.
 *
 * @example planProgrammeLayout({ programmeFrames: 19_500, lineUp: DEFAULT_LINE_UP, blackHeadTailSeconds: 0, programmeStartTimecode: '10:00:00:00' }).fileStartTimecode // '09:59:00:00'
 */
export function planProgrammeLayout({
  programmeFrames,
  lineUp,
  blackHeadTailSeconds,
  programmeStartTimecode,
}: {
  programmeFrames: number;
  lineUp?: LineUp | null;
  blackHeadTailSeconds: number;
  programmeStartTimecode: string;
}): ProgrammeLayout {
  if (!Number.isSafeInteger(programmeFrames) || programmeFrames <= 0) throw new InvalidRenderInputError({ reason: `programme of ${programmeFrames} frames` });
  const frames = (seconds: number, what: string) => {
    const value = Math.round(seconds * FPS);
    if (!Number.isFinite(seconds) || seconds < 0 || Math.abs(value - seconds * FPS) > 1e-6) {
      throw new InvalidRenderInputError({ reason: `${what} must be a non-negative whole number of frames (found ${seconds} s)` });
    }
    return value;
  };
  const lead: LayoutPart[] = [];
  if (lineUp) {
    lead.push({ kind: 'bars', frames: frames(lineUp.barsSeconds, 'bars'), tone: true });
    lead.push({ kind: 'slate', frames: frames(lineUp.slateSeconds, 'slate'), tone: false });
    lead.push({ kind: 'black', frames: frames(lineUp.blackSeconds, 'black after the slate'), tone: false });
  }
  const headTail = frames(blackHeadTailSeconds, 'black head and tail');
  if (headTail > 0) lead.push({ kind: 'black', frames: headTail, tone: false });
  const tail: LayoutPart[] = headTail > 0 ? [{ kind: 'black', frames: headTail, tone: false }] : [];
  const nonEmpty = (parts: LayoutPart[]) => parts.filter((part) => part.frames > 0);
  const leadParts = nonEmpty(lead);
  const tailParts = nonEmpty(tail);
  const leadFrames = leadParts.reduce((sum, part) => sum + part.frames, 0);
  const tailFrames = tailParts.reduce((sum, part) => sum + part.frames, 0);
  // A lead that does not fit before the programme's timecode (2 s of black before 00:00:00:00)
  // starts the file at 00:00:00:00 rather than at 23:59:58:00: the programme then starts after it.
  const fileStart = Math.max(0, timecodeToFrames({ timecode: programmeStartTimecode }) - leadFrames);
  return {
    lead: leadParts,
    tail: tailParts,
    leadFrames,
    tailFrames,
    programmeFrames,
    totalFrames: leadFrames + programmeFrames + tailFrames,
    fileStartTimecode: formatTimecode({ frame: fileStart }),
    programmeStartTimecode: formatTimecode({ frame: fileStart + leadFrames }),
  };
}

/** What shapes a delivered file around the programme; defaults come from the profile. */
export interface LayoutOptions {
  /** The line-up before the programme; `undefined`: the profile's (`extras.lineUp`), `null`: none. */
  lineUp?: LineUp | null | undefined;
  /** Black and silence before and after the programme (screening: 2 s). Default: the profile's. */
  blackHeadTailSeconds?: number | undefined;
  /** Timecode of the programme's first frame (broadcast: 10:00:00:00). Default: the profile's. */
  startTimecode?: string | undefined;
}

/**
 * The layout a profile gives a programme of `programmeFrames` frames: its line-up (the default one
 * when the profile asks for one), black head and tail, and programme timecode, each overridable.
 */
export function layoutFor({
  profile,
  programmeFrames,
  lineUp,
  blackHeadTailSeconds,
  startTimecode,
}: LayoutOptions & { profile: DeliveryProfile; programmeFrames: number }): ProgrammeLayout {
  return planProgrammeLayout({
    programmeFrames,
    lineUp: lineUp === undefined ? profile.extras.lineUp : lineUp,
    blackHeadTailSeconds: blackHeadTailSeconds ?? profile.extras.blackHeadTailSeconds,
    programmeStartTimecode: startTimecode ?? profile.extras.programmeStartTimecode,
  });
}
