import { describe, expect, it } from 'vitest';
import { computeShotTimings, CutSchema } from '../../../../shared/domain/cut/index.ts';
import {
  dragLaneItem,
  dropIndex,
  fitZoom,
  laneItemSpans,
  layoutShots,
  moveShot,
  pixelsToFrames,
  placeLaneItem,
  playPointAt,
  shotIndexAt,
  snapFrame,
  spansInView,
  stepZoom,
  trimShot,
  trimToPlayhead,
  xToFrame,
  MAX_PX_PER_FRAME,
  type CutDoc,
  type ShotDoc,
} from '../../../../shared/web/client/pages/cut-editor/timeline-model.ts';

const clip = (id: string, inPoint: string | number, out: string | number, extra: Partial<ShotDoc> = {}): ShotDoc =>
  ({ id, type: 'clip', assetId: 'a1', in: inPoint, out, ...extra }) as ShotDoc;
const title = (id: string, duration: string | number): ShotDoc => ({ id, type: 'title', text: 'Đại hội', duration });

describe('layoutShots', () => {
  it('lays shots end to end as the domain does, dissolves overlapping the previous shot', () => {
    const shots: ShotDoc[] = [
      title('s1', '00:00:02:00'),
      clip('s2', '00:00:01:00', '00:00:05:00', { transitionIn: { type: 'dissolve', frames: 12 } }),
      clip('s3', 12.48, '00:00:14:00'),
    ];
    const { spans, totalFrames } = layoutShots({ shots });
    const domain = computeShotTimings({ cut: CutSchema.parse({ schemaVersion: 1, projectId: 'p', id: 'c', title: 'T', shots }) });
    expect(spans.map((span) => span.start)).toEqual(domain.shots.map((shot) => shot.startFrame));
    expect(spans.map((span) => span.frames)).toEqual(domain.shots.map((shot) => shot.frames));
    expect(totalFrames).toBe(domain.durationFrames);
  });

  it('counts a shot whose times are still being typed as 0 frames instead of failing', () => {
    const { spans, totalFrames } = layoutShots({ shots: [title('s1', 50), clip('s2', '00:00:0', '00:00:02:00'), title('s3', 25)] });
    expect(spans.map((span) => [span.start, span.frames])).toEqual([
      [0, 50],
      [50, 0],
      [50, 25],
    ]);
    expect(totalFrames).toBe(75);
  });
});

describe('frames and pixels', () => {
  it('snaps a pixel to the nearest whole frame inside the programme', () => {
    expect(xToFrame({ x: 104, pxPerFrame: 4, totalFrames: 1000 })).toBe(26);
    expect(xToFrame({ x: 105.9, pxPerFrame: 4, totalFrames: 1000 })).toBe(26);
    expect(xToFrame({ x: -20, pxPerFrame: 4, totalFrames: 1000 })).toBe(0);
    expect(xToFrame({ x: 99_999, pxPerFrame: 4, totalFrames: 1000 })).toBe(1000);
    expect(pixelsToFrames({ dx: -41.6, pxPerFrame: 4 })).toBe(-10);
  });

  it('zooms by steps within the bounds and fits the programme in a width', () => {
    expect(stepZoom({ pxPerFrame: 1, direction: 1 })).toBe(1.5);
    expect(stepZoom({ pxPerFrame: MAX_PX_PER_FRAME, direction: 1 })).toBe(MAX_PX_PER_FRAME);
    expect(fitZoom({ totalFrames: 19_500, width: 1_170 })).toBeCloseTo(0.06);
  });

  it('lists only the shots that cross the window (and its margin)', () => {
    const shots = Array.from({ length: 200 }, (_, n) => title(`s${n}`, 100));
    const { spans } = layoutShots({ shots });
    expect(spansInView({ spans, left: 1000, right: 2000, pxPerFrame: 1 })).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(spansInView({ spans, left: 1000, right: 2000, pxPerFrame: 1, margin: 100 })).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
  });
});

describe('reorder', () => {
  it('moves a shot to the index it has afterwards', () => {
    expect(moveShot({ shots: ['a', 'b', 'c', 'd'], from: 1, to: 2 })).toEqual(['a', 'c', 'b', 'd']);
    expect(moveShot({ shots: ['a', 'b', 'c', 'd'], from: 3, to: 0 })).toEqual(['d', 'a', 'b', 'c']);
    expect(moveShot({ shots: ['a', 'b'], from: 0, to: 9 })).toEqual(['b', 'a']);
  });

  it('drops a dragged shot after the other shots whose middle lies left of the pointer', () => {
    const { spans } = layoutShots({ shots: [title('a', 100), title('b', 100), title('c', 100), title('d', 100)] });
    expect(dropIndex({ spans, dragged: 1, x: 260, pxPerFrame: 1 })).toBe(2);
    expect(dropIndex({ spans, dragged: 1, x: 240, pxPerFrame: 1 })).toBe(1);
    expect(dropIndex({ spans, dragged: 3, x: 10, pxPerFrame: 1 })).toBe(0);
    expect(dropIndex({ spans, dragged: 0, x: 999, pxPerFrame: 1 })).toBe(3);
  });
});

describe('trim (ripple)', () => {
  it("moves a clip's out by whole frames and the shots after it follow", () => {
    const shots = [clip('s1', '00:00:01:00', '00:00:05:00'), title('s2', 50)];
    const trimmed = trimShot({ shot: shots[0]!, edge: 'tail', deltaFrames: -10 });
    expect(trimmed).toMatchObject({ in: '00:00:01:00', out: '00:00:04:15' });
    expect(layoutShots({ shots: [trimmed, shots[1]!] }).spans[1]!.start).toBe(90);
  });

  it("moves a clip's in, never past its out nor before the source's start", () => {
    const shot = clip('s1', '00:00:01:00', '00:00:02:00');
    expect(trimShot({ shot, edge: 'head', deltaFrames: 5 })).toMatchObject({ in: '00:00:01:05' });
    expect(trimShot({ shot, edge: 'head', deltaFrames: 100 })).toMatchObject({ in: '00:00:01:24' });
    expect(trimShot({ shot, edge: 'head', deltaFrames: -100 })).toMatchObject({ in: '00:00:00:00' });
  });

  it("keeps a clip's out within its source when the source's length is known", () => {
    expect(trimShot({ shot: clip('s1', 1, 2), edge: 'tail', deltaFrames: 1000, sourceFrames: 300 })).toMatchObject({ out: '00:00:12:00' });
  });

  it("changes a photo's or a title card's hold, at least one frame", () => {
    expect(trimShot({ shot: title('t', 50), edge: 'tail', deltaFrames: 25 })).toMatchObject({ duration: '00:00:03:00' });
    expect(trimShot({ shot: title('t', 50), edge: 'head', deltaFrames: 10 })).toMatchObject({ duration: '00:00:01:15' });
    expect(trimShot({ shot: title('t', 50), edge: 'head', deltaFrames: 99 })).toMatchObject({ duration: '00:00:00:01' });
  });

  it('cuts the shot under the playhead to start (I) or end (O) there', () => {
    const shots = [title('s1', 50), clip('s2', '00:00:01:00', '00:00:05:00')];
    const { spans } = layoutShots({ shots });
    expect(trimToPlayhead({ shots, spans, frame: 60, point: 'in' })).toEqual({ index: 1, shot: { ...shots[1], in: '00:00:01:10' } });
    expect(trimToPlayhead({ shots, spans, frame: 60, point: 'out' })).toEqual({ index: 1, shot: { ...shots[1], out: '00:00:01:10' } });
    expect(trimToPlayhead({ shots, spans, frame: 50, point: 'in' })).toBeNull();
    expect(trimToPlayhead({ shots, spans, frame: 500, point: 'out' })).toBeNull();
  });
});

describe('the playlist', () => {
  it('finds the shot and the source time at a programme frame, across shot boundaries', () => {
    const shots = [clip('s1', '00:00:01:00', '00:00:02:00'), clip('s2', '00:00:10:00', '00:00:11:00')];
    const { spans } = layoutShots({ shots });
    expect(playPointAt({ shots, spans, frame: 24 })).toMatchObject({ index: 0, offset: 24, sourceSeconds: (25 + 24 + 0.5) / 25 });
    expect(playPointAt({ shots, spans, frame: 25 })).toMatchObject({ index: 1, offset: 0, sourceSeconds: (250 + 0.5) / 25 });
    expect(playPointAt({ shots, spans, frame: 50 })).toBeNull();
    expect(shotIndexAt({ spans, frame: 49 })).toBe(1);
  });

  it('plays the later shot inside a dissolve', () => {
    const shots = [title('s1', 50), title('s2', 50)];
    const dissolve = [title('s1', 50), { ...title('s2', 50), transitionIn: { type: 'dissolve', frames: 10 } } as ShotDoc];
    expect(shotIndexAt({ spans: layoutShots({ shots: dissolve }).spans, frame: 42 })).toBe(1);
    expect(shotIndexAt({ spans: layoutShots({ shots }).spans, frame: 42 })).toBe(0);
  });
});

describe('lane items dragged on the timeline', () => {
  it('moves an item whole, its length kept, never before the programme starts', () => {
    expect(dragLaneItem({ start: 100, end: 175, edge: 'body', deltaFrames: 30 })).toEqual({ start: 130, end: 205 });
    expect(dragLaneItem({ start: 100, end: 175, edge: 'body', deltaFrames: -400 })).toEqual({ start: 0, end: 75 });
  });

  it('trims one edge, at least a frame long', () => {
    expect(dragLaneItem({ start: 100, end: 175, edge: 'head', deltaFrames: 20 })).toEqual({ start: 120, end: 175 });
    expect(dragLaneItem({ start: 100, end: 175, edge: 'head', deltaFrames: 500 })).toEqual({ start: 174, end: 175 });
    expect(dragLaneItem({ start: 100, end: 175, edge: 'tail', deltaFrames: -500 })).toEqual({ start: 100, end: 101 });
    expect(dragLaneItem({ start: 100, end: 175, edge: 'head', deltaFrames: -500 })).toEqual({ start: 0, end: 175 });
  });

  it('snaps the moving edge to the nearest target within the tolerance, and a moved item by its nearer end', () => {
    expect(snapFrame({ frame: 103, targets: [50, 100, 106], tolerance: 4 })).toBe(100);
    expect(snapFrame({ frame: 103, targets: [50, 110], tolerance: 4 })).toBeNull();
    // The start lands 2 frames from 250, the end 5 from 330: the start wins.
    expect(dragLaneItem({ start: 100, end: 175, edge: 'body', deltaFrames: 148, targets: [250, 330], tolerance: 6 })).toEqual({ start: 250, end: 325 });
    // Only the end is near a target: the item moves so that it ends there.
    expect(dragLaneItem({ start: 100, end: 175, edge: 'body', deltaFrames: 152, targets: [330], tolerance: 6 })).toEqual({ start: 255, end: 330 });
    expect(dragLaneItem({ start: 100, end: 175, edge: 'tail', deltaFrames: 23, targets: [200], tolerance: 4 })).toEqual({ start: 100, end: 200 });
    // A target on the other side of the fixed edge is never taken.
    expect(dragLaneItem({ start: 100, end: 175, edge: 'head', deltaFrames: 73, targets: [176], tolerance: 4 })).toEqual({ start: 173, end: 175 });
  });

  it('writes the new place as timecode into the cut, the other items untouched', () => {
    const cut = {
      narration: [{ id: 'n1', assetId: 'v1', at: 0 }],
      music: [{ id: 'm1', assetId: 'b1', from: '00:00:00:00', to: '00:00:10:00' }],
      subtitles: [
        { id: 'c1', start: 10, end: 60, text: 'Một' },
        { id: 'c2', start: 70, end: 90, text: 'Hai' },
      ],
    } as unknown as CutDoc;
    expect(placeLaneItem({ cut, lane: 'subtitle', id: 'c1', start: 25, end: 75 }).subtitles).toEqual([
      { id: 'c1', start: '00:00:01:00', end: '00:00:03:00', text: 'Một' },
      { id: 'c2', start: 70, end: 90, text: 'Hai' },
    ]);
    expect(placeLaneItem({ cut, lane: 'narration', id: 'n1', start: 50, end: 99 }).narration[0]?.at).toBe('00:00:02:00');
    expect(placeLaneItem({ cut, lane: 'music', id: 'm1', start: 25, end: 300 }).music[0]).toMatchObject({ from: '00:00:01:00', to: '00:00:12:00' });
  });
});

describe('laneItemSpans', () => {
  it('places a narration as long as the part of its sound it plays, music and cues by their times, and leaves out what is not placed yet', () => {
    const cut = {
      narration: [
        { id: 'n1', assetId: 'v1', at: '00:00:02:00' },
        { id: 'n2', assetId: 'v1', at: 500, in: '00:00:01:00', out: 3.5 },
        { id: 'n3', assetId: 'v1', at: '00:00:0' },
      ],
      music: [{ id: 'm1', assetId: 'b1', from: 100, to: '00:00:10:00' }],
      subtitles: [
        { id: 'c1', start: 10, end: 60, text: 'Một\nHai' },
        { id: 'c2', start: 90, end: 70, text: 'ngược' },
      ],
    } as unknown as CutDoc;
    const spans = laneItemSpans({ cut, soundFrames: () => 250, nameOf: (assetId) => `${assetId}.wav` });
    expect(spans).toEqual([
      { lane: 'narration', id: 'n1', start: 50, end: 300, text: 'v1.wav' },
      { lane: 'narration', id: 'n2', start: 500, end: 563, text: 'v1.wav' },
      { lane: 'music', id: 'm1', start: 100, end: 250, text: 'b1.wav' },
      { lane: 'subtitle', id: 'c1', start: 10, end: 60, text: 'Một / Hai' },
    ]);
  });
});
