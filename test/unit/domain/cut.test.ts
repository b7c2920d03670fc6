import { describe, expect, it } from 'vitest';
import {
  CutError,
  CutSchema,
  TimelineError,
  computeShotTimings,
  cutJsonSchema,
  cutLengthLimits,
  listCutAssetIds,
  parseCut,
  shotFrames,
  validateCut,
  type CutInput,
  type CutProblem,
} from '../../../shared/domain/index.ts';
import { byId, makeAsset, makeCut, project } from './timeline-fixtures.ts';

const assets = byId([
  makeAsset({ id: 'clip-a', kind: 'footage', durationSeconds: 60 }),
  makeAsset({ id: 'clip-b', kind: 'footage', durationSeconds: 10.04 }),
  makeAsset({ id: 'clip-proc', kind: 'footage', status: 'processing' }),
  makeAsset({ id: 'int-x', kind: 'interview', durationSeconds: 60, speaker: { name: 'Nguyễn Văn Hưởng', position: 'Chủ tịch' } }),
  makeAsset({ id: 'photo-1', kind: 'photo' }),
  makeAsset({ id: 'vo-1', kind: 'voiceover', durationSeconds: 30 }),
  makeAsset({ id: 'music-1', kind: 'music', durationSeconds: 120 }),
  makeAsset({ id: 'sub-1', kind: 'subtitle' }),
  makeAsset({ id: 'other-project', kind: 'footage', projectId: 'khac' }),
]);

function problemsOf(cut: CutInput, extra: Partial<Parameters<typeof validateCut>[0]> = {}): CutProblem[] {
  try {
    validateCut({ cut, assets, ...extra });
  } catch (error) {
    if (error instanceof CutError) return [...error.problems];
    throw error;
  }
  return [];
}

function summary(problems: CutProblem[]): [string, string, string][] {
  return problems.map((p) => [p.itemId, p.field, p.code]);
}

describe('CutSchema', () => {
  it('fills in every default a script may leave out', () => {
    const cut = CutSchema.parse(
      makeCut({
        shots: [{ id: 's1', type: 'clip', assetId: 'clip-a', in: 0, out: 4 }],
        music: [{ id: 'm1', assetId: 'music-1', from: 0, to: 100 }],
        narration: [{ id: 'n1', assetId: 'vo-1', at: '00:00:01:00' }],
      }),
    );
    expect(cut.kind).toBe('reportage');
    expect(cut.shots[0]).toEqual({
      id: 's1',
      type: 'clip',
      assetId: 'clip-a',
      in: 0,
      out: 4,
      audio: { gainDb: 0, muted: false },
      lowerThird: 'auto',
      transitionIn: { type: 'cut' },
      fadeOutFrames: 0,
    });
    expect(cut.music[0]).toMatchObject({ gainDb: -14, fadeInFrames: 50, fadeOutFrames: 75 });
    expect(cut.narration[0]).toMatchObject({ gainDb: 0 });
    expect(cut.ducking).toEqual({ db: -12, rampFrames: 10 });
    expect(cut.transcripts).toEqual({});
    expect(cut.subtitles).toEqual([]);
  });

  it('parses a parsed cut to itself, so a frozen cut reads back unchanged', () => {
    const once = CutSchema.parse(makeCut({ shots: [{ id: 's1', type: 'photo', assetId: 'photo-1', duration: '00:00:05:00', motion: 'zoom-in' }] }));
    expect(CutSchema.parse(JSON.parse(JSON.stringify(once)))).toEqual(once);
  });

  it('normalises the title, title cards and subtitle text to NFC', () => {
    const nfd = (text: string) => text.normalize('NFD');
    const cut = CutSchema.parse(
      makeCut({
        title: nfd('Phóng sự Đại hội'),
        shots: [{ id: 't1', type: 'title', text: nfd('Xây dựng tổ chức'), subtitle: nfd('Chặng đường'), duration: 50 }],
        subtitles: [{ id: 'c1', start: 0, end: 40, text: nfd('Đội ngũ trí thức ậ ệ ộ ặ ẫ ỗ') }],
      }),
    );
    expect(cut.title).toBe('Phóng sự Đại hội'.normalize('NFC'));
    expect(cut.shots[0]).toMatchObject({ text: 'Xây dựng tổ chức'.normalize('NFC'), subtitle: 'Chặng đường'.normalize('NFC') });
    expect(cut.subtitles[0]?.text).toBe('Đội ngũ trí thức ậ ệ ộ ặ ẫ ỗ'.normalize('NFC'));
  });

  it('exports a JSON Schema that scripts can follow: shot types, defaults, no unknown fields', () => {
    const schema = cutJsonSchema();
    const text = JSON.stringify(schema);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const properties = schema.properties as Record<string, { items?: { oneOf?: { properties: { type: { const: string } } }[] } }>;
    expect(properties.shots?.items?.oneOf?.map((s) => s.properties.type.const)).toEqual(['clip', 'photo', 'title']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(['schemaVersion', 'projectId', 'id', 'title', 'shots']));
    expect(text).toContain('"default":-14');
    expect(text).toContain('HH:MM:SS:FF');
  });
});

describe('parseCut', () => {
  it('names the shot and the field of every schema problem, in both languages', () => {
    const input = makeCut({
      shots: [
        { id: 's1', type: 'clip', assetId: 'clip-a', in: '00:00:01:30', out: 4 },
        { id: 's2', type: 'clip', assetId: 'clip-a', in: 0, out: 4, lowerthird: 'never' } as never,
      ],
      narration: [{ id: 'n1', assetId: 'vo-1', at: 'soon' }],
    });
    const error = (() => {
      try {
        parseCut({ input });
      } catch (caught) {
        return caught as CutError;
      }
      throw new Error('expected a CutError');
    })();
    expect(error).toBeInstanceOf(TimelineError);
    expect(error.code).toBe('INVALID_CUT');
    expect(summary([...error.problems])).toEqual([
      ['s1', 'in', 'INVALID_FIELD'],
      ['s2', 'lowerthird', 'INVALID_FIELD'],
      ['n1', 'at', 'INVALID_FIELD'],
    ]);
    expect(error.problems[0]?.message).toBe('shot "s1": in: frame 30 does not exist at 25 fps (frames run 00–24)');
    expect(error.problems[1]?.message).toMatch(/shot "s2": unknown field "lowerthird"/);
    expect(error.problems[0]?.messageVi).toMatch(/^cảnh "s1": trường "in" không có khung hình 30/);
  });
});

describe('validateCut', () => {
  it('lists every problem at once, each naming its item and field', () => {
    const cut = makeCut({
      shots: [
        { id: 's1', type: 'clip', assetId: 'missing', in: 0, out: 4 },
        { id: 's2', type: 'clip', assetId: 'clip-proc', in: 0, out: 4 },
        { id: 's3', type: 'clip', assetId: 'clip-a', in: '00:00:12:00', out: '00:00:10:00' },
        { id: 's4', type: 'clip', assetId: 'clip-a', in: 50, out: '00:01:10:00' },
        { id: 's5', type: 'photo', assetId: 'music-1', duration: 100 },
        { id: 's6', type: 'title', text: 'Chương 1', duration: 40, transitionIn: { type: 'dissolve', frames: 50 } },
        { id: 's7', type: 'title', text: 'Chương 2', duration: 100, transitionIn: { type: 'dissolve', frames: 45 } },
        { id: 's2', type: 'title', text: 'Chương 3', duration: 50 },
      ],
      narration: [
        { id: 'n1', assetId: 'vo-1', at: 0, in: 0, out: 10 },
        { id: 'n2', assetId: 'vo-1', at: '00:00:05:00', in: 0, out: 5 },
        { id: 'n3', assetId: 'clip-a', at: '00:01:00:00' },
      ],
      music: [{ id: 'm1', assetId: 'music-1', from: '00:00:10:00', to: '00:00:05:00' }],
      transcripts: { 'clip-a': 'photo-1' },
      subtitles: [{ id: 'c1', start: 100, end: 100, text: 'Xin chào' }],
    });
    const problems = problemsOf(cut);
    expect(summary(problems)).toEqual([
      ['s2', 'id', 'DUPLICATE_ID'],
      ['s1', 'assetId', 'UNKNOWN_ASSET'],
      ['s2', 'assetId', 'ASSET_NOT_READY'],
      ['s3', 'in', 'IN_NOT_BEFORE_OUT'],
      ['s4', 'out', 'OUT_PAST_END'],
      ['s5', 'assetId', 'WRONG_ASSET_KIND'],
      ['s6', 'transitionIn.frames', 'TRANSITION_TOO_LONG'],
      ['s7', 'transitionIn.frames', 'TRANSITION_TOO_LONG'],
      ['n2', 'at', 'NARRATION_OVERLAP'],
      ['n3', 'assetId', 'WRONG_ASSET_KIND'],
      ['m1', 'to', 'MUSIC_RANGE_EMPTY'],
      ['clip-a', 'transcripts.clip-a', 'WRONG_ASSET_KIND'],
      ['c1', 'end', 'CUE_RANGE_EMPTY'],
    ]);
    const messages = problems.map((p) => p.message);
    expect(messages).toContain('shot "s3": in (00:00:12:00) is after out (00:00:10:00)');
    expect(messages).toContain('shot "s4": out (00:01:10:00) is past the end of asset "clip-a" (00:01:00:00)');
    expect(messages).toContain('shot "s1": asset "missing" does not exist in project "dai-hoi-2026"');
    expect(messages).toContain('shot "s2": asset "clip-proc" is not ready (status: processing)');
    expect(messages).toContain('shot "s5": asset "music-1" is music, but a photo needs photo');
    expect(messages).toContain('shot "s6": the 50-frame dissolve is longer than the shot it enters (40 frames)');
    expect(messages).toContain('shot "s7": the 45-frame dissolve is longer than the shot before it, "s6" (40 frames)');
    expect(messages).toContain('narration "n3": asset "clip-a" is footage, but narration needs voiceover');
    expect(messages).toContain('transcript of "clip-a": asset "photo-1" is photo, but a transcript needs subtitle');
    expect(messages.find((m) => m.startsWith('narration "n2"'))).toMatch(/over narration "n1" \(00:00:00:00–00:00:10:00\)/);
    expect(problems.find((p) => p.itemId === 's3')?.messageVi).toBe('cảnh "s3": điểm vào (00:00:12:00) nằm sau điểm ra (00:00:10:00)');
  });

  it('summarises the count and the first problems in the error messages', () => {
    const shots = Array.from({ length: 7 }, (_, i) => ({ id: `s${i + 1}`, type: 'clip' as const, assetId: 'clip-a', in: 5, out: 5 }));
    try {
      validateCut({ cut: makeCut({ shots }), assets });
      expect.unreachable();
    } catch (error) {
      const cutError = error as CutError;
      expect(cutError.code).toBe('INVALID_CUT');
      expect(cutError.kind).toBe('invalid');
      expect(cutError.details.problems).toHaveLength(7);
      expect(cutError.message).toMatch(/^The cut "phong-su" has 7 problems: shot "s1": in \(00:00:05:00\) equals out \(00:00:05:00\); shot "s2"/);
      expect(cutError.message).toMatch(/; and 2 more\. Fix the cut and try again\.$/);
      expect(cutError.messageVi).toMatch(/^Bản dựng "phong-su" có 7 lỗi: cảnh "s1": điểm vào .* trùng với điểm ra/);
      expect(cutError.messageVi).toMatch(/và 2 lỗi khác/);
    }
  });

  it('returns the parsed cut when everything is right, out exactly at the end of the file included', () => {
    const cut = validateCut({
      cut: makeCut({
        shots: [
          { id: 's1', type: 'clip', assetId: 'clip-b', in: '00:00:05:00', out: '00:00:10:01' },
          { id: 's2', type: 'photo', assetId: 'photo-1', duration: 100, transitionIn: { type: 'dissolve', frames: 25 } },
        ],
        transcripts: { 'clip-b': 'sub-1' },
      }),
      assets,
      transcriptCues: { 'sub-1': [] },
    });
    expect(cut.shots).toHaveLength(2);
  });

  it('refuses a cut without shots', () => {
    expect(summary(problemsOf(makeCut({ shots: [] })))).toEqual([['phong-su', 'shots', 'NO_SHOTS']]);
  });

  it('refuses an asset of another project', () => {
    const problems = problemsOf(makeCut({ shots: [{ id: 's1', type: 'clip', assetId: 'other-project', in: 0, out: 1 }] }));
    expect(problems[0]?.message).toBe('shot "s1": asset "other-project" belongs to another project');
  });

  it('refuses a clip shorter than one frame', () => {
    expect(summary(problemsOf(makeCut({ shots: [{ id: 's1', type: 'clip', assetId: 'clip-a', in: 0, out: 0.01 }] })))).toEqual([
      ['s1', 'out', 'SHOT_TOO_SHORT'],
    ]);
  });

  it('refuses a dissolve into the first shot', () => {
    const cut = makeCut({ shots: [{ id: 's1', type: 'title', text: 'A', duration: 50, transitionIn: { type: 'dissolve', frames: 10 } }] });
    expect(summary(problemsOf(cut))).toEqual([['s1', 'transitionIn', 'TRANSITION_WITHOUT_PREVIOUS']]);
  });

  it('refuses dissolves in and out of a shot that together exceed it', () => {
    const cut = makeCut({
      shots: [
        { id: 's1', type: 'title', text: 'A', duration: 50 },
        { id: 's2', type: 'title', text: 'B', duration: 30, transitionIn: { type: 'dissolve', frames: 20 } },
        { id: 's3', type: 'title', text: 'C', duration: 50, transitionIn: { type: 'dissolve', frames: 20 } },
      ],
    });
    const problems = problemsOf(cut);
    expect(summary(problems)).toEqual([['s2', 'transitionIn.frames', 'TRANSITION_TOO_LONG']]);
    expect(problems[0]?.message).toMatch(/into it \(20 frames\) and out of it \(20 frames\) overlap/);
  });

  it('refuses a fade longer than the part of the shot shown alone, and a fade to black into a dissolve', () => {
    const cut = makeCut({
      shots: [
        { id: 's1', type: 'title', text: 'A', duration: 50, transitionIn: { type: 'fade-from-black', frames: 40 } },
        { id: 's2', type: 'title', text: 'B', duration: 50, transitionIn: { type: 'dissolve', frames: 20 }, fadeOutFrames: 10 },
        { id: 's3', type: 'title', text: 'C', duration: 50, transitionIn: { type: 'dissolve', frames: 10 } },
      ],
    });
    const problems = problemsOf(cut);
    expect(summary(problems)).toEqual([
      ['s1', 'transitionIn.frames', 'FADE_TOO_LONG'],
      ['s2', 'fadeOutFrames', 'FADE_INTO_DISSOLVE'],
    ]);
    expect(problems[0]?.message).toBe('shot "s1": the fades (fade from black 40 frames) are longer than the part of the shot shown alone (30 frames)');
  });

  it('refuses narration, music and subtitles that run past the end of the programme', () => {
    const cut = makeCut({
      shots: [{ id: 's1', type: 'title', text: 'A', duration: '00:00:10:00' }],
      narration: [{ id: 'n1', assetId: 'vo-1', at: '00:00:08:00', out: '00:00:03:00' }],
      music: [{ id: 'm1', assetId: 'music-1', from: 0, to: '00:00:10:01', fadeInFrames: 0, fadeOutFrames: 0 }],
      subtitles: [{ id: 'c1', start: '00:00:09:00', end: '00:00:11:00', text: 'x' }],
    });
    expect(summary(problemsOf(cut))).toEqual([
      ['n1', 'at', 'PAST_PROGRAMME_END'],
      ['m1', 'to', 'PAST_PROGRAMME_END'],
      ['c1', 'end', 'PAST_PROGRAMME_END'],
    ]);
  });

  it('refuses music longer than its file from its in point, and fades longer than the music', () => {
    const cut = makeCut({
      shots: [{ id: 's1', type: 'title', text: 'A', duration: '00:03:00:00' }],
      music: [
        { id: 'm1', assetId: 'music-1', from: 0, to: '00:01:00:01', in: 60 },
        { id: 'm2', assetId: 'music-1', from: 0, to: 100 },
      ],
    });
    const problems = problemsOf(cut);
    expect(summary(problems)).toEqual([
      ['m1', 'to', 'OUT_PAST_END'],
      ['m2', 'fadeOutFrames', 'FADE_TOO_LONG'],
    ]);
  });

  it('refuses a used transcript whose cues were not loaded', () => {
    const cut = makeCut({ shots: [{ id: 's1', type: 'clip', assetId: 'clip-a', in: 0, out: 4 }], transcripts: { 'clip-a': 'sub-1' } });
    expect(summary(problemsOf(cut, { transcriptCues: {} }))).toEqual([['clip-a', 'transcripts.clip-a', 'TRANSCRIPT_NOT_LOADED']]);
    expect(problemsOf(cut)).toEqual([]);
  });

  it('does not take "constructor" or other inherited keys for assets', () => {
    const problems = problemsOf(makeCut({ shots: [{ id: 's1', type: 'photo', assetId: 'constructor', duration: 10 }] }));
    expect(summary(problems)).toEqual([['s1', 'assetId', 'UNKNOWN_ASSET']]);
  });
});

describe('timing', () => {
  it('rounds a clip once: out − in at 25 fps, half up', () => {
    const shot = CutSchema.parse(makeCut({ shots: [{ id: 's1', type: 'clip', assetId: 'clip-a', in: '1001/30000', out: '3003/30000' }] })).shots[0]!;
    expect(shotFrames({ shot })).toBe(2); // 1.668 frames
  });

  it('overlaps shots by their dissolves: 3 × 100 frames with a 10-frame dissolve last 290 frames', () => {
    const cut = CutSchema.parse(
      makeCut({
        shots: [
          { id: 'a', type: 'title', text: 'A', duration: 100 },
          { id: 'b', type: 'title', text: 'B', duration: 100, transitionIn: { type: 'dissolve', frames: 10 } },
          { id: 'c', type: 'title', text: 'C', duration: 100 },
        ],
      }),
    );
    const timings = computeShotTimings({ cut });
    expect(timings.durationFrames).toBe(290);
    expect(timings.shots.map((s) => [s.startFrame, s.dissolveInFrames, s.dissolveOutFrames, s.soloFrames])).toEqual([
      [0, 0, 10, 90],
      [90, 10, 0, 90],
      [190, 0, 0, 100],
    ]);
  });

  it('limits news items to 1:00–3:00, teasers to 0:15–1:00, highlights to 1:00–5:00 and a reportage to the project target', () => {
    expect(cutLengthLimits({ kind: 'news', project })).toEqual({ minFrames: 1500, maxFrames: 4500 });
    expect(cutLengthLimits({ kind: 'teaser', project })).toEqual({ minFrames: 375, maxFrames: 1500 });
    expect(cutLengthLimits({ kind: 'highlights', project })).toEqual({ minFrames: 1500, maxFrames: 7500 });
    expect(cutLengthLimits({ kind: 'reportage', project })).toEqual({ minFrames: 18_000, maxFrames: 22_500 });
  });

  it('lists every asset the cut names, transcripts included, once and sorted', () => {
    const cut = CutSchema.parse(
      makeCut({
        shots: [
          { id: 's1', type: 'clip', assetId: 'int-x', in: 0, out: 4 },
          { id: 's2', type: 'clip', assetId: 'int-x', in: 4, out: 8 },
          { id: 's3', type: 'photo', assetId: 'photo-1', duration: 10 },
        ],
        narration: [{ id: 'n1', assetId: 'vo-1', at: 0 }],
        music: [{ id: 'm1', assetId: 'music-1', from: 0, to: 10 }],
        transcripts: { 'int-x': 'sub-1' },
      }),
    );
    expect(listCutAssetIds({ cut })).toEqual(['int-x', 'music-1', 'photo-1', 'sub-1', 'vo-1']);
  });
});
