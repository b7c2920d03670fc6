/**
 * The value that follows the `nth` (0-based) occurrence of `flag` in an ffmpeg/ffprobe argument
 * list, or undefined when the flag is not there that often.
 *
 * @example argAfter(['-i', 'a.mov', '-i', 'b.wav'], '-i', 1) // 'b.wav'
 */
export function argAfter(args: readonly string[], flag: string, nth = 0): string | undefined {
  const positions = args.flatMap((arg, i) => (arg === flag ? [i] : []));
  const at = positions[nth];
  return at === undefined ? undefined : args[at + 1];
}
