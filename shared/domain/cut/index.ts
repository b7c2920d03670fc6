/**
 * The cut: the document an editor builds (and a script can write) that says which shots follow
 * which, with what transitions, over what narration, music and subtitles.
 *
 * Times in a cut:
 * - source points (`in`, `out`) are exact source times: seconds (`12.48` or `"12.48"`),
 *   `"HH:MM:SS.mmm"`, `"HH:MM:SS:FF"` or `"num/den"` (see `parseSourceTime`);
 * - programme positions (`at`, `from`, `to`, a cue's `start`/`end`) are timecode `"HH:MM:SS:FF"`
 *   counted from the programme's first frame (00:00:00:00), or whole frames;
 * - durations of photos and title cards are timecode (`"00:00:05:00"`) or whole frames (`125`);
 * - transitions and fades are whole frames at 25 fps.
 *
 * Parsing fills in every default and normalises text to NFC, and a parsed cut parses again to
 * itself, so a frozen cut can be stored, read back and hashed with the same result.
 */
export * from './cut-enums.ts';
export * from './reframe.ts';
export * from './cut-schema.ts';
export * from './cut-length.ts';
export * from './cut-timing.ts';
export * from './cut-problems.ts';
export * from './validate-cut.ts';
export * from './cut-templates.ts';
