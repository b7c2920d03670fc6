import { describe, expect, it } from 'vitest';
import { CutError, type Asset, type CutInput } from '../../../shared/domain/index.ts';
import type { SourceRef } from '../../../shared/media/render/render-spec.ts';
import { resolveTimeline } from '../../../shared/render/resolve-timeline.ts';
import { mergeDuckSpans } from '../../../shared/render/timeline-audio.ts';
import { byId, makeAsset, makeCut } from '../domain/timeline-fixtures.ts';

const CHAIRMAN = { name: 'Nguyễn Văn Hưởng', position: 'Chủ tịch Liên hiệp hội' };

const assets = byId([
  makeAsset({ id: 'clip-a', kind: 'footage', durationSeconds: 600 }),
  makeAsset({ id: 'clip-b', kind: 'footage', durationSeconds: 600 }),
  makeAsset({ id: 'clip-c', kind: 'footage', durationSeconds: 600 }),
  makeAsset({ id: 'clip-silent', kind: 'footage', durationSeconds: 600, hasAudio: false }),
  makeAsset({ id: 'int-x', kind: 'interview', durationSeconds: 600, speaker: CHAIRMAN }),
  makeAsset({ id: 'int-x2', kind: 'interview', durationSeconds: 600, speaker: { name: ' nguyễn văn hưởng ', position: 'Chủ tịch Liên hiệp hội' } }),
  makeAsset({ id: 'int-y', kind: 'interview', durationSeconds: 600, speaker: { name: 'Trần Thị Ngọc Diệp', position: 'Phó Viện trưởng' } }),
  makeAsset({ id: 'photo-1', kind: 'photo' }),
  makeAsset({ id: 'vo-1', kind: 'voiceover', durationSeconds: 120 }),
  makeAsset({ id: 'music-1', kind: 'music', durationSeconds: 900 }),
  makeAsset({ id: 'sub-x', kind: 'subtitle' }),
]);

function sourceFor(asset: Asset): SourceRef {
  return { assetId: asset.id, sha256: asset.original.sha256, key: `proxies/${asset.id}.mp4`, demuxer: asset.probe?.demuxer ?? 'mov', facts: asset.probe! };
}

function resolve(cut: CutInput, transcriptCues: Parameters<typeof resolveTimeline>[0]['transcriptCues'] = {}) {
  return resolveTimeline({ cut, assets, transcriptCues, sourceFor, logoSourceFor: sourceFor });
}

const clip = (id: string, assetId: string, inS: number | string, outS: number | string, extra: Record<string, unknown> = {}) =>
  ({ id, type: 'clip', assetId, in: inS, out: outS, ...extra }) as const;
const dissolve = (frames: number) => ({ transitionIn: { type: 'dissolve' as const, frames } });

describe('resolveTimeline: segments', () => {
  it('3 shots of 100 frames with a 10-frame dissolve last 290 frames in 4 segments, with the right source offsets', () => {
    const spec = resolve(makeCut({ shots: [clip('a', 'clip-a', 2, 6), clip('b', 'clip-b', 10, 14, dissolve(10)), clip('c', 'clip-c', 0, 4)] }));
    expect(spec.durationFrames).toBe(290);
    expect(spec.segments.map((s) => [s.id, s.startFrame, s.frames, s.layers.length])).toEqual([
      ['seg-a', 0, 90, 1],
      ['seg-a~b', 90, 10, 2],
      ['seg-b', 100, 90, 1],
      ['seg-c', 190, 100, 1],
    ]);
    const [, cross, soloB] = spec.segments;
    // outgoing a: 2 s + 90 frames = 5.6 s; incoming b from its in point, 10 s; b alone from 10 s + 10 frames = 10.4 s
    expect(cross?.layers.map((l) => [l.shotId, l.visual.type === 'clip' ? l.visual.inSeconds : null])).toEqual([
      ['a', { num: 28, den: 5 }],
      ['b', { num: 10, den: 1 }],
    ]);
    expect(soloB?.layers[0]?.visual).toMatchObject({ type: 'clip', inSeconds: { num: 52, den: 5 } });
  });

  it('3 shots of 100 frames with 10-frame dissolves at both joins last 280 frames in 5 segments that tile the programme', () => {
    const spec = resolve(makeCut({ shots: [clip('a', 'clip-a', 0, 4), clip('b', 'clip-b', 0, 4, dissolve(10)), clip('c', 'clip-c', 0, 4, dissolve(10))] }));
    expect(spec.durationFrames).toBe(280);
    expect(spec.segments.map((s) => [s.id, s.startFrame, s.frames])).toEqual([
      ['seg-a', 0, 90],
      ['seg-a~b', 90, 10],
      ['seg-b', 100, 80],
      ['seg-b~c', 180, 10],
      ['seg-c', 190, 90],
    ]);
    expect(spec.segments[3]?.layers.map((l) => (l.visual.type === 'clip' ? l.visual.inSeconds : null))).toEqual([
      { num: 18, den: 5 }, // b at 90 frames
      { num: 0, den: 1 },
    ]);
  });

  it('keeps source offsets exact for 29.97 fps in points', () => {
    const spec = resolve(makeCut({ shots: [clip('a', 'clip-a', '1001/30000', '00:00:04:00'), clip('b', 'clip-b', 0, 4, dissolve(10))] }));
    // a: 4 − 0.0333… s = 99.17 frames → 99; outgoing layer starts 89 frames in: 1001/30000 + 89/25
    expect(spec.segments[1]?.layers[0]?.visual).toMatchObject({ inSeconds: { num: 107_801, den: 30_000 } });
  });

  it('keeps the ids and content of unchanged shots when another shot changes length', () => {
    const before = resolve(makeCut({ shots: [clip('a', 'clip-a', 0, 4), clip('b', 'clip-b', 0, 4, dissolve(10)), clip('c', 'clip-c', 0, 4)] }));
    const after = resolve(makeCut({ shots: [clip('a', 'clip-a', 0, 4), clip('b', 'clip-b', 0, 6, dissolve(10)), clip('c', 'clip-c', 0, 4)] }));
    expect(after.segments.map((s) => s.id)).toEqual(before.segments.map((s) => s.id));
    expect(after.segments[0]).toEqual(before.segments[0]);
    expect(after.segments[1]).toEqual(before.segments[1]);
    const { startFrame: _a, ...cBefore } = before.segments[3]!;
    const { startFrame: _b, ...cAfter } = after.segments[3]!;
    expect(cAfter).toEqual(cBefore);
  });

  it('carries a photo hold across segments so its motion continues', () => {
    const spec = resolve(
      makeCut({
        shots: [
          { id: 't', type: 'title', text: 'Chương 1', subtitle: 'Xây dựng tổ chức', duration: 50 },
          { id: 'p', type: 'photo', assetId: 'photo-1', duration: 100, motion: 'zoom-in', ...dissolve(20) },
          { id: 'q', type: 'title', text: 'Chương 2', duration: 50, ...dissolve(10) },
        ],
      }),
    );
    const photoLayers = spec.segments.flatMap((s) => s.layers.filter((l) => l.shotId === 'p').map((l) => [s.id, l.visual]));
    expect(photoLayers).toEqual([
      ['seg-t~p', expect.objectContaining({ type: 'photo', motion: 'zoom-in', holdFrames: 100, holdOffsetFrames: 0 })],
      ['seg-p', expect.objectContaining({ holdFrames: 100, holdOffsetFrames: 20 })],
      ['seg-p~q', expect.objectContaining({ holdFrames: 100, holdOffsetFrames: 90 })],
    ]);
    expect(spec.segments[0]?.layers[0]?.visual).toEqual({ type: 'title', title: 'Chương 1', subtitle: 'Xây dựng tổ chức' });
  });

  it('puts a fade from black on the first frames and a fade to black on the last frames of the shot', () => {
    const spec = resolve(
      makeCut({
        shots: [
          { id: 't', type: 'title', text: 'Mở đầu', duration: 100, transitionIn: { type: 'fade-from-black', frames: 25 } },
          clip('a', 'clip-a', 0, 4, { fadeOutFrames: 50 }),
        ],
      }),
    );
    expect(spec.segments.map((s) => [s.id, s.fadeInFrames, s.fadeOutFrames])).toEqual([
      ['seg-t', 25, 0],
      ['seg-a', 0, 50],
    ]);
    expect(spec.audio.items[0]).toMatchObject({ role: 'clip', fadeInSamples: 0, fadeOutSamples: 50 * 1920 });
  });

  it('asks sourceFor once per asset and uses what it returns (the proxy here)', () => {
    const calls: string[] = [];
    const spec = resolveTimeline({
      cut: makeCut({ shots: [clip('a', 'clip-a', 0, 4), clip('b', 'clip-a', 4, 8)] }),
      assets,
      transcriptCues: {},
      sourceFor: (asset) => {
        calls.push(asset.id);
        return sourceFor(asset);
      },
    });
    expect(calls).toEqual(['clip-a']);
    expect(spec.segments[0]?.layers[0]?.visual).toMatchObject({ source: { key: 'proxies/clip-a.mp4', sha256: assets['clip-a']!.original.sha256 } });
  });

  it('refuses an invalid cut with a CutError', () => {
    expect(() => resolve(makeCut({ shots: [clip('a', 'clip-a', 5, 4)] }))).toThrow(CutError);
  });
});

describe('resolveTimeline: lower thirds', () => {
  it("shows a speaker's lower third on the first appearance only, from 1 s after the shot starts for 5 s", () => {
    const spec = resolve(makeCut({ shots: [clip('a', 'clip-a', 0, 4), clip('x1', 'int-x', 0, 10), clip('y1', 'int-y', 0, 10), clip('x2', 'int-x2', 0, 10)] }));
    const withLowerThirds = spec.segments.filter((s) => s.lowerThirds.length > 0);
    expect(withLowerThirds.map((s) => [s.id, s.lowerThirds])).toEqual([
      ['seg-x1', [{ name: CHAIRMAN.name, position: CHAIRMAN.position, startFrame: 25, endFrame: 150 }]],
      ['seg-y1', [{ name: 'Trần Thị Ngọc Diệp', position: 'Phó Viện trưởng', startFrame: 25, endFrame: 150 }]],
    ]);
  });

  it('shows it again when set to always, and waits for the next appearance when the first is set to never', () => {
    const spec = resolve(
      makeCut({
        shots: [clip('x1', 'int-x', 0, 10, { lowerThird: 'never' }), clip('x2', 'int-x', 10, 20), clip('x3', 'int-x', 20, 30, { lowerThird: 'always' })],
      }),
    );
    expect(spec.segments.map((s) => s.lowerThirds.length)).toEqual([0, 1, 1]);
  });

  it('clips the lower third to a short shot and splits it across a dissolve, relative to each segment', () => {
    const spec = resolve(makeCut({ shots: [clip('x1', 'int-x', 0, 4), clip('a', 'clip-a', 0, 10, dissolve(20))] }));
    // x1 runs 0–100, lower third 25–125 clipped to 100: 25–80 in seg-x1 (0–80), 0–20 in seg-x1~a (80–100)
    expect(spec.segments.map((s) => [s.id, s.lowerThirds.map((l) => [l.startFrame, l.endFrame])])).toEqual([
      ['seg-x1', [[25, 80]]],
      ['seg-x1~a', [[0, 20]]],
      ['seg-a', []],
    ]);
  });
});

describe('resolveTimeline: logo', () => {
  const title = { id: 't', type: 'title', text: 'Chương 1', duration: 50 } as const;

  it('puts the logo on every segment except those showing a title card, dissolves into a title included', () => {
    const spec = resolve(
      makeCut({ shots: [title, clip('a', 'clip-a', 0, 4, dissolve(10)), clip('b', 'clip-b', 0, 4)], logo: { assetId: 'photo-1', corner: 'bottom-left' } }),
    );
    expect(spec.segments.map((s) => [s.id, s.logo?.corner ?? null])).toEqual([
      ['seg-t', null],
      ['seg-t~a', null],
      ['seg-a', 'bottom-left'],
      ['seg-b', 'bottom-left'],
    ]);
    expect(spec.segments[2]?.logo).toMatchObject({ heightPercent: 8, opacity: 0.9, source: { assetId: 'photo-1' } });
  });

  it('puts it over title cards too when asked, and nowhere without a logo', () => {
    const over = resolve(makeCut({ shots: [title, clip('a', 'clip-a', 0, 4)], logo: { assetId: 'photo-1', overTitles: true } }));
    expect(over.segments.every((s) => s.logo?.corner === 'top-right')).toBe(true);
    const none = resolve(makeCut({ shots: [title, clip('a', 'clip-a', 0, 4)] }));
    expect(none.segments.every((s) => s.logo === null)).toBe(true);
  });

  it('refuses a logo that is not a photo, naming the logo', () => {
    expect(() => resolve(makeCut({ shots: [clip('a', 'clip-a', 0, 4)], logo: { assetId: 'music-1' } }))).toThrow(/logo/);
  });
});

describe('resolveTimeline: subtitles', () => {
  const transcript = {
    'sub-x': [
      { index: 1, startMs: 5000, endMs: 9000, lines: ['trước điểm vào'] },
      { index: 2, startMs: 9000, endMs: 12000, lines: ['nửa ngoài, nửa trong'] },
      { index: 3, startMs: 15000, endMs: 16000, lines: ['Đội ngũ trí thức', 'đoàn kết'] },
      { index: 4, startMs: 19500, endMs: 21000, lines: ['qua điểm ra'] },
      { index: 5, startMs: 25000, endMs: 26000, lines: ['sau điểm ra'] },
    ],
  };

  it('retimes a transcript to where its clip is placed, clipping a cue half outside the used range and dropping one entirely outside', () => {
    const spec = resolve(
      makeCut({
        shots: [{ id: 't', type: 'title', text: 'Mở đầu', duration: 100 }, clip('x', 'int-x', 10, 20)],
        transcripts: { 'int-x': 'sub-x' },
      }),
      transcript,
    );
    expect(spec.cues).toEqual([
      { startFrame: 100, endFrame: 150, lines: ['nửa ngoài, nửa trong'] },
      { startFrame: 225, endFrame: 250, lines: ['Đội ngũ trí thức', 'đoàn kết'] },
      { startFrame: 338, endFrame: 350, lines: ['qua điểm ra'] }, // 100 + round(9.5 × 25 = 237.5) = 338
    ]);
    expect(spec.segments[1]?.cues).toEqual([
      { startFrame: 0, endFrame: 50, lines: ['nửa ngoài, nửa trong'] },
      { startFrame: 125, endFrame: 150, lines: ['Đội ngũ trí thức', 'đoàn kết'] },
      { startFrame: 238, endFrame: 250, lines: ['qua điểm ra'] },
    ]);
  });

  it('follows the clip when it is cut twice, and merges programme cues in order', () => {
    const spec = resolve(
      makeCut({
        shots: [clip('x1', 'int-x', 15, 16), clip('a', 'clip-a', 0, 2), clip('x2', 'int-x', 11, 12)],
        transcripts: { 'int-x': 'sub-x' },
        subtitles: [{ id: 'c1', start: '00:00:01:05', end: '00:00:02:00', text: 'Lời bình\nhai dòng' }],
      }),
      transcript,
    );
    expect(spec.cues).toEqual([
      { startFrame: 0, endFrame: 25, lines: ['Đội ngũ trí thức', 'đoàn kết'] },
      { startFrame: 30, endFrame: 50, lines: ['Lời bình', 'hai dòng'] },
      { startFrame: 75, endFrame: 100, lines: ['nửa ngoài, nửa trong'] },
    ]);
  });

  it('gives each segment the cues overlapping it, relative to its start, split at segment boundaries', () => {
    const spec = resolve(
      makeCut({
        shots: [clip('a', 'clip-a', 0, 4), clip('b', 'clip-b', 0, 4, dissolve(10))],
        subtitles: [{ id: 'c1', start: 80, end: 120, text: 'qua chuyển cảnh' }],
      }),
    );
    expect(spec.segments.map((s) => [s.id, s.cues.map((c) => [c.startFrame, c.endFrame])])).toEqual([
      ['seg-a', [[80, 90]]],
      ['seg-a~b', [[0, 10]]],
      ['seg-b', [[0, 20]]],
    ]);
  });

  it('splits a dissolve between two transcripts at its midpoint so they never overlap', () => {
    const cues = { 'sub-x': [{ index: 1, startMs: 0, endMs: 600_000, lines: ['liên tục'] }] };
    const spec = resolve(makeCut({ shots: [clip('x1', 'int-x', 0, 4), clip('x2', 'int-x', 100, 104, dissolve(10))], transcripts: { 'int-x': 'sub-x' } }), cues);
    expect(spec.cues.map((c) => [c.startFrame, c.endFrame])).toEqual([
      [0, 95],
      [95, 190],
    ]);
  });
});

describe('resolveTimeline: audio', () => {
  it('places clip sound, narration and music in samples, crossfading clips over a dissolve', () => {
    const spec = resolve(
      makeCut({
        shots: [
          clip('a', 'clip-a', 0, 4, { audio: { gainDb: -3 } }),
          clip('b', 'clip-b', 2, 6, dissolve(10)),
          clip('m', 'clip-c', 0, 4, { audio: { muted: true } }),
          clip('s', 'clip-silent', 0, 4),
        ],
        narration: [{ id: 'n1', assetId: 'vo-1', at: '00:00:02:00', in: '1001/30000', out: 3 }],
        music: [{ id: 'm1', assetId: 'music-1', from: 0, to: '00:00:10:00', in: 30, gainDb: -18 }],
      }),
    );
    expect(spec.audio.items).toEqual([
      {
        role: 'clip',
        source: expect.objectContaining({ assetId: 'clip-a' }),
        startSample: 0,
        durationSamples: 100 * 1920,
        inSeconds: { num: 0, den: 1 },
        gainDb: -3,
        fadeInSamples: 0,
        fadeOutSamples: 10 * 1920,
      },
      {
        role: 'music',
        source: expect.objectContaining({ assetId: 'music-1' }),
        startSample: 0,
        durationSamples: 250 * 1920,
        inSeconds: { num: 30, den: 1 },
        gainDb: -18,
        fadeInSamples: 50 * 1920,
        fadeOutSamples: 75 * 1920,
      },
      // 3 − 1001/30000 = 88 999/30 000 s = 142 398.4 samples → 142 398
      {
        role: 'narration',
        source: expect.objectContaining({ assetId: 'vo-1' }),
        startSample: 50 * 1920,
        durationSamples: 142_398,
        inSeconds: { num: 1001, den: 30000 },
        gainDb: 0,
        fadeInSamples: 0,
        fadeOutSamples: 0,
      },
      {
        role: 'clip',
        source: expect.objectContaining({ assetId: 'clip-b' }),
        startSample: 90 * 1920,
        durationSamples: 100 * 1920,
        inSeconds: { num: 2, den: 1 },
        gainDb: 0,
        fadeInSamples: 10 * 1920,
        fadeOutSamples: 0,
      },
    ]);
    expect(spec.audio.duckDb).toBe(-12);
    expect(spec.audio.duckRampSamples).toBe(10 * 1920);
  });

  it('ducks music under narration and interview sound, merged and sorted, not under other footage', () => {
    const spec = resolve(
      makeCut({
        shots: [clip('x', 'int-x', 0, 4), clip('a', 'clip-a', 0, 4), clip('y', 'int-y', 0, 4), clip('z', 'int-y', 4, 8)],
        narration: [
          { id: 'n2', assetId: 'vo-1', at: '00:00:09:00', out: 2 },
          { id: 'n1', assetId: 'vo-1', at: '00:00:03:00', out: 2 },
        ],
        ducking: { db: -15, rampFrames: 5 },
      }),
    );
    expect(spec.audio.duck).toEqual([
      { startSample: 0, endSample: 125 * 1920 }, // interview x 0–100 ∪ narration n1 75–125
      { startSample: 200 * 1920, endSample: 400 * 1920 }, // y 200–300, z 300–400 touch; n2 225–275 inside
    ]);
    expect(spec.audio.duckDb).toBe(-15);
    expect(spec.audio.duckRampSamples).toBe(5 * 1920);
  });

  it('merges overlapping and touching duck spans and drops empty ones', () => {
    expect(
      mergeDuckSpans({
        spans: [
          { startSample: 50, endSample: 60 },
          { startSample: 0, endSample: 10 },
          { startSample: 10, endSample: 20 },
          { startSample: 30, endSample: 30 },
          { startSample: 55, endSample: 58 },
        ],
      }),
    ).toEqual([
      { startSample: 0, endSample: 20 },
      { startSample: 50, endSample: 60 },
    ]);
  });

  it('counts exactly durationFrames × 1920 samples for a 13-minute programme of 29.97 fps cuts, and its segments tile it', () => {
    const shots: CutInput['shots'] = [];
    for (let i = 0; i < 130; i++) {
      // 6 s shots read from odd 29.97 fps points, every third one dissolving in
      const start = (i * 1001 * 7) % 500;
      shots.push({
        id: `s${i}`,
        type: 'clip',
        assetId: i % 2 ? 'clip-a' : 'int-x',
        in: `${start * 1001}/30000`,
        out: `${start * 1001 + 180_000}/30000`,
        ...(i % 3 === 1 ? dissolve(12) : {}),
      });
    }
    const spec = resolve(makeCut({ shots }));
    expect(spec.audio.durationSamples).toBe(spec.durationFrames * 1920);
    expect(spec.durationFrames).toBe(130 * 150 - 43 * 12);
    let next = 0;
    for (const segment of spec.segments) {
      expect(segment.startFrame).toBe(next);
      next += segment.frames;
    }
    expect(next).toBe(spec.durationFrames);
    for (const item of spec.audio.items) expect(Number.isSafeInteger(item.startSample) && Number.isSafeInteger(item.durationSamples)).toBe(true);
  });
});
