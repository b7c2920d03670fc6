export * from './cue.ts';
export * from './errors.ts';
export { formatTimestamp, parseTimestamp } from './timestamp.ts';
export * from './decode-subtitle-bytes.ts';
export * from './parse-subtitles.ts';
export * from './check-subtitle-rules.ts';
export * from './format-subtitles.ts';
export * from './read-subtitle-file.ts';
export * from './format-ass.ts';
