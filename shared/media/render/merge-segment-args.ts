import type { SegmentArgs } from './build-segment-args.ts';

/** Several segments' arguments as one ffmpeg run: all inputs, one graph, one output per segment. */
export interface MergedSegmentArgs {
  /** Every segment's input arguments, in order. */
  inputs: string[];
  /** Options of the graph itself (`-filter_complex_threads`), the segments' own, given once. */
  graphOptions: string[];
  /** The segments' graphs side by side, each segment's labels prefixed `s<i>_` and input numbers shifted. */
  graph: string;
  /** Each segment's output arguments (map, encoder, file), its `[vout]` relabelled `[s<i>_vout]`. */
  outputs: string[][];
}

/**
 * Puts the arguments of several segments (`buildSegmentArgs`) into one ffmpeg command: the same
 * filter chains, the same encoder settings, one output file each. The segments' graphs are made
 * of our own labels (`[l0]`, `[vout]`, …) and input references (`[0:V:0]`); text, scripts and
 * fonts are in files, so no bracket in a graph is anything else. The graph's own options
 * (`-filter_complex_threads`) must be the same for every segment and are given once; segments
 * that disagree are refused (a `TypeError`: a caller's mistake).
 *
 * @example const merged = mergeSegmentArgs({ segments: [a, b] }); // merged.graph holds [s0_vout] and [s1_vout]
 */
export function mergeSegmentArgs({ segments }: { segments: readonly Pick<SegmentArgs, 'args'>[] }): MergedSegmentArgs {
  const inputs: string[] = [];
  const graphs: string[] = [];
  const outputs: string[][] = [];
  const graphOptions = new Map<string, string[]>();
  let inputCount = 0;
  segments.forEach(({ args }, i) => {
    const at = args.indexOf('-filter_complex');
    if (at < 0) throw new TypeError(`segment ${i} has no filter graph`);
    const optionsAt = args[at - 2] === '-filter_complex_threads' ? at - 2 : at;
    const options = args.slice(optionsAt, at);
    graphOptions.set(options.join(' '), options);
    const own = args.slice(0, optionsAt);
    const offset = inputCount;
    inputCount += own.filter((arg) => arg === '-i').length;
    inputs.push(...own);
    const relabel = (text: string) =>
      text.replace(/\[(\d+):([^\]]*)\]/g, (_, n: string, rest: string) => `[${Number(n) + offset}:${rest}]`).replace(/\[([A-Za-z_]\w*)\]/g, `[s${i}_$1]`);
    graphs.push(relabel(args[at + 1]!));
    outputs.push(args.slice(at + 2).map((arg, k, rest) => (k > 0 && rest[k - 1] === '-map' ? relabel(arg) : arg)));
  });
  if (graphOptions.size > 1) throw new TypeError(`segments disagree on their graph options (${[...graphOptions.keys()].join(' | ')})`);
  const [options = []] = graphOptions.values();
  return { inputs, graphOptions: options, graph: graphs.join(';'), outputs };
}
