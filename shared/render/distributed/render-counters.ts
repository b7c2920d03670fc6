/**
 * The counters of one distributed render: `fanIn` counts the finished parts (every segment and
 * the audio; the assembly starts when it reaches segments + 1), `segments` only feeds the
 * progress shown to people. Members are the parts' identities, so a part finished twice
 * (a duplicated or redelivered message) counts once.
 */
export function renderCounterNames({ renderId }: { renderId: string }) {
  return { fanIn: `render:${renderId}`, segments: `render:${renderId}:segments` };
}

/** The fan-in member of a segment: its place and its key (two segments may share a key: the same title card twice). */
export function segmentMember({ index, key }: { index: number; key: string }): string {
  return `segment:${index}:${key}`;
}

/** The fan-in member of the audio programme. */
export function audioMember({ key }: { key: string }): string {
  return `audio:${key}`;
}

/** The dedupe key of the assembly: one waiting or running at a time per render. */
export function assembleDedupeKey({ renderId }: { renderId: string }): string {
  return `render-assemble:${renderId}`;
}
