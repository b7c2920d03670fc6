import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILES } from '../../../shared/domain/delivery-profiles.ts';
import { groupSegments, pipelineThreadsFor } from '../../../shared/render/segment-groups.ts';

const segments = (frames: number[]) => frames.map((n, i) => ({ id: i, spec: { frames: n } }));

describe('groupSegments', () => {
  it('renders 1080p segments one per ffmpeg run', () => {
    const groups = groupSegments({ segments: segments([100, 150, 125]), profile: DEFAULT_PROFILES.screening });
    expect(groups.map((g) => g.map((s) => s.id))).toEqual([[0], [1], [2]]);
  });

  it('puts up to eight consecutive review segments in one run, in programme order', () => {
    const groups = groupSegments({ segments: segments(Array.from({ length: 19 }, () => 100)), profile: DEFAULT_PROFILES.review });
    expect(groups.map((g) => g.length)).toEqual([8, 8, 3]);
    expect(groups.flat().map((s) => s.id)).toEqual(Array.from({ length: 19 }, (_, i) => i));
  });

  it('closes a group before it passes 1 500 frames, so the cores get even loads', () => {
    const groups = groupSegments({ segments: segments([700, 700, 200, 900, 50]), profile: DEFAULT_PROFILES.review });
    expect(groups.map((g) => g.map((s) => s.id))).toEqual([
      [0, 1],
      [2, 3, 4],
    ]);
    // A segment longer than the limit still gets a run of its own.
    expect(groupSegments({ segments: segments([2000, 10]), profile: DEFAULT_PROFILES.review }).map((g) => g.length)).toEqual([1, 1]);
  });
});

describe('pipelineThreadsFor', () => {
  it("decodes and filters the review on one thread per run when runs share the cores, and leaves ffmpeg's threads otherwise", () => {
    expect(pipelineThreadsFor({ profile: DEFAULT_PROFILES.review, concurrency: 2 })).toBe(1);
    expect(pipelineThreadsFor({ profile: DEFAULT_PROFILES.review, concurrency: 1 })).toBeUndefined();
    expect(pipelineThreadsFor({ profile: DEFAULT_PROFILES.screening, concurrency: 2 })).toBeUndefined();
    expect(pipelineThreadsFor({ profile: DEFAULT_PROFILES.broadcast, concurrency: 4 })).toBeUndefined();
  });
});
