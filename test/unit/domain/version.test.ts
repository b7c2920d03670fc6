import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CutError,
  TimelineError,
  VersionSchema,
  canonicalJson,
  computeVersionId,
  freezeVersion,
  versionLabel,
  type CutInput,
} from '../../../shared/domain/index.ts';
import { byId, makeAsset, makeCut, project } from './timeline-fixtures.ts';

const now = new Date('2026-12-01T10:00:00Z');

const baseAssets = [
  makeAsset({ id: 'int-x', kind: 'interview', durationSeconds: 600 }),
  makeAsset({ id: 'photo-1', kind: 'photo' }),
  makeAsset({ id: 'vo-1', kind: 'voiceover', durationSeconds: 600 }),
  makeAsset({ id: 'sub-1', kind: 'subtitle' }),
];
const assets = byId(baseAssets);

function cutWith({ out = '00:06:00:00', kind }: { out?: string; kind?: CutInput['kind'] } = {}): CutInput {
  return makeCut({
    ...(kind ? { kind } : {}),
    shots: [
      { id: 's1', type: 'clip', assetId: 'int-x', in: 0, out },
      { id: 's2', type: 'photo', assetId: 'photo-1', duration: '00:06:30:00', transitionIn: { type: 'dissolve', frames: 25 } },
    ],
    narration: [{ id: 'n1', assetId: 'vo-1', at: '00:01:00:00', out: 30 }],
    transcripts: { 'int-x': 'sub-1' },
  });
}

describe('freezeVersion', () => {
  it('gives the same id for the same cut and assets, whatever the key order or omitted defaults', () => {
    const a = freezeVersion({ cut: cutWith(), assets, number: 1, now, project });
    const reordered = JSON.parse(canonicalJson(cutWith())) as CutInput;
    const explicit = { ...cutWith(), ducking: { db: -12, rampFrames: 10 }, music: [], subtitles: [] };
    const b = freezeVersion({ cut: reordered, assets: new Map(Object.entries(assets)), number: 2, now: new Date('2027-01-01T00:00:00Z'), project });
    const c = freezeVersion({ cut: explicit, assets, number: 3, now, project });
    expect(a.id).toMatch(/^[0-9a-f]{64}$/);
    expect(b.id).toBe(a.id);
    expect(c.id).toBe(a.id);
  });

  it("changes the id when one shot's out point changes", () => {
    const a = freezeVersion({ cut: cutWith(), assets, number: 1, now, project });
    const b = freezeVersion({ cut: cutWith({ out: '00:06:00:01' }), assets, number: 1, now, project });
    expect(b.id).not.toBe(a.id);
  });

  it("changes the id when one asset's bytes change, a transcript's included", () => {
    const a = freezeVersion({ cut: cutWith(), assets, number: 1, now, project });
    const photoChanged = byId(baseAssets.map((x) => (x.id === 'photo-1' ? makeAsset({ id: 'photo-1', kind: 'photo', bytes: 'retouched' }) : x)));
    const transcriptChanged = byId(baseAssets.map((x) => (x.id === 'sub-1' ? makeAsset({ id: 'sub-1', kind: 'subtitle', bytes: 'corrected' }) : x)));
    const b = freezeVersion({ cut: cutWith(), assets: photoChanged, number: 1, now, project });
    const c = freezeVersion({ cut: cutWith(), assets: transcriptChanged, number: 1, now, project });
    expect(new Set([a.id, b.id, c.id]).size).toBe(3);
  });

  it('is the SHA-256 of the canonical cut and the sorted [assetId, sha256] pairs, and reads back to the same id', () => {
    const version = freezeVersion({ cut: cutWith(), assets, number: 4, now, project });
    const pairs = Object.keys(assets)
      .sort()
      .map((id) => [id, assets[id]!.original.sha256]);
    const expected = createHash('sha256')
      .update(canonicalJson({ cut: version.cut, assets: pairs }))
      .digest('hex');
    expect(version.id).toBe(expected);
    expect(Object.keys(version.assetHashes).sort()).toEqual(['int-x', 'photo-1', 'sub-1', 'vo-1']);
    const stored = VersionSchema.parse(JSON.parse(JSON.stringify(version)));
    expect(stored).toEqual(version);
    expect(computeVersionId({ cut: stored.cut, assetHashes: stored.assetHashes })).toBe(version.id);
  });

  it('records number, cut, project, exact duration in frames and the creation time', () => {
    const version = freezeVersion({ cut: cutWith(), assets, number: 3, now, project });
    expect(version).toMatchObject({ number: 3, cutId: 'phong-su', projectId: 'dai-hoi-2026', createdAt: '2026-12-01T10:00:00.000Z' });
    expect(version.durationFrames).toBe(9000 + 9750 - 25);
    expect(versionLabel({ number: version.number })).toBe('v3');
  });

  it("checks a reportage against the project's target length (12:00–15:00)", () => {
    const version = freezeVersion({ cut: cutWith(), assets, number: 1, now, project });
    expect(version.lengthCheck).toEqual({ kind: 'reportage', minFrames: 18_000, maxFrames: 22_500, durationFrames: 18_725, ok: true });
    const short = freezeVersion({ cut: cutWith({ out: '00:01:00:00' }), assets, number: 1, now, project });
    expect(short.lengthCheck.ok).toBe(false);
  });

  it('checks a teaser against 0:15–1:00, and a news item against 1:00–3:00', () => {
    const version = freezeVersion({ cut: cutWith({ kind: 'teaser' }), assets, number: 1, now, project });
    expect(version.lengthCheck).toMatchObject({ kind: 'teaser', minFrames: 375, maxFrames: 1500, ok: false });
    const news = freezeVersion({ cut: cutWith({ kind: 'news' }), assets, number: 1, now, project });
    expect(news.lengthCheck).toMatchObject({ kind: 'news', minFrames: 1500, maxFrames: 4500 });
  });

  it('is deeply immutable', () => {
    const version = freezeVersion({ cut: cutWith(), assets, number: 1, now, project });
    expect(Object.isFrozen(version)).toBe(true);
    expect(Object.isFrozen(version.cut.shots[0])).toBe(true);
    expect(() => {
      (version.cut.shots as unknown[]).push({});
    }).toThrow(TypeError);
  });

  it('refuses an invalid cut with every problem, and a cut of another project', () => {
    expect(() => freezeVersion({ cut: cutWith({ out: '00:20:00:00' }), assets, number: 1, now, project })).toThrow(CutError);
    try {
      freezeVersion({ cut: cutWith(), assets, number: 1, now, project: { ...project, id: 'khac' } });
      expect.unreachable();
    } catch (error) {
      expect((error as CutError).problems[0]).toMatchObject({ code: 'WRONG_PROJECT', field: 'projectId' });
    }
  });

  it('refuses a version number below 1', () => {
    expect(() => freezeVersion({ cut: cutWith(), assets, number: 0, now, project })).toThrow(TimelineError);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth, keeps array order and drops undefined properties', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }], u: undefined })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
  });
});
