import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILES } from '../../../shared/domain/delivery-profiles.ts';
import type { Asset } from '../../../shared/domain/index.ts';
import { planRender } from '../../../shared/render/plan-render.ts';
import type { SourceRef } from '../../../shared/media/render/render-spec.ts';
import { resolveTimeline } from '../../../shared/render/resolve-timeline.ts';
import { byId, makeAsset, makeCut } from '../domain/timeline-fixtures.ts';

const assets = byId([
  makeAsset({ id: 'clip-a', kind: 'footage', durationSeconds: 600 }),
  makeAsset({ id: 'clip-b', kind: 'footage', durationSeconds: 600 }),
  makeAsset({ id: 'music-1', kind: 'music', durationSeconds: 900 }),
]);

/** The picture of review reads proxies, masters read originals: as `sourceForProfile` does. */
const sourceFor =
  (kind: 'proxy' | 'original') =>
  (asset: Asset): SourceRef => ({
    assetId: asset.id,
    sha256: asset.original.sha256,
    key: kind === 'proxy' ? `derived/${asset.id}/proxy.mp4` : asset.original.key,
    demuxer: 'mov',
    facts: asset.probe!,
  });

const cut = (outB: number) =>
  makeCut({
    shots: [
      { id: 'a', type: 'clip', assetId: 'clip-a', in: 0, out: 4 },
      { id: 'b', type: 'clip', assetId: 'clip-b', in: 0, out: outB },
    ],
    music: [{ id: 'm', assetId: 'music-1', from: 0, to: 190 }],
  });

const plan = ({ profile, source, outB = 4 }: { profile: keyof typeof DEFAULT_PROFILES; source: 'proxy' | 'original'; outB?: number }) =>
  planRender({
    spec: resolveTimeline({ cut: cut(outB), assets, transcriptCues: {}, sourceFor: sourceFor(source) }),
    profile: DEFAULT_PROFILES[profile],
    versionNumber: 1,
    toolchain: 'ffmpeg 5.1',
  });

describe('planRender', () => {
  it('gives review and the screening master one audio mix (same loudness target), each its own encode and segments', () => {
    const review = plan({ profile: 'review', source: 'proxy' });
    const screening = plan({ profile: 'screening', source: 'original' });
    expect(review.audioMixKey).toBe(screening.audioMixKey);
    expect(review.audioEncodedKey).not.toBe(screening.audioEncodedKey);
    expect(review.segments[0]!.key).not.toBe(screening.segments[0]!.key);
  });

  it('mixes again for another loudness target (web: −16 LUFS) or another cut', () => {
    const screening = plan({ profile: 'screening', source: 'original' });
    expect(plan({ profile: 'web', source: 'original' }).audioMixKey).not.toBe(screening.audioMixKey);
    expect(plan({ profile: 'screening', source: 'original', outB: 5 }).audioMixKey).not.toBe(screening.audioMixKey);
  });

  it('keeps the key of an unchanged shot when the one after it changes (masters do not burn positions)', () => {
    const before = plan({ profile: 'screening', source: 'original' });
    const after = plan({ profile: 'screening', source: 'original', outB: 5 });
    expect(after.segments[0]!.key).toBe(before.segments[0]!.key);
    expect(after.segments[1]!.key).not.toBe(before.segments[1]!.key);
  });

  it('mixes again only the sound windows a changed shot sounds in, and shares windows across loudness targets', () => {
    // Twelve clips of 20 s (4:00, four windows of 60.8 s); the seventh (2:00–2:20) shows another part of its clip.
    const long = (shift: number) =>
      makeCut({
        shots: Array.from({ length: 12 }, (_, i) => ({
          id: `s${i}`,
          type: 'clip' as const,
          assetId: i % 2 === 0 ? 'clip-a' : 'clip-b',
          in: 20 * i + (i === 6 ? shift : 0),
          out: 20 * i + 20 + (i === 6 ? shift : 0),
        })),
        music: [{ id: 'm', assetId: 'music-1', from: 0, to: 250 }],
      });
    const planOf = (shift: number, profile: keyof typeof DEFAULT_PROFILES = 'screening') =>
      planRender({
        spec: resolveTimeline({ cut: long(shift), assets, transcriptCues: {}, sourceFor: sourceFor('original') }),
        profile: DEFAULT_PROFILES[profile],
        versionNumber: 1,
        toolchain: 'ffmpeg 5.1',
      });
    const before = planOf(0);
    const after = planOf(1);
    expect(before.audioWindows.map((w) => w.window.startSample)).toEqual([0, 2_918_400, 5_836_800, 8_755_200]);
    // 2:00–2:20 lies in windows 1 (1:00.8–2:01.6) and 2 (2:01.6–3:02.4).
    expect(after.audioWindows.map((w, i) => w.key === before.audioWindows[i]!.key)).toEqual([true, false, false, true]);
    expect(after.audioMixKey).not.toBe(before.audioMixKey);
    const web = planOf(0, 'web');
    expect(web.audioWindows.map((w) => w.key)).toEqual(before.audioWindows.map((w) => w.key));
    expect(web.audioMixKey).not.toBe(before.audioMixKey);
  });

  it('keeps the keys of the profiles without a ladder as they were before the stream profile (caches still hold)', () => {
    // Computed with the code before the keyframe grid existed; a RENDERER_VERSION bump changes them on purpose.
    const keys = (profile: 'broadcast' | 'screening' | 'web') => {
      const planned = plan({ profile, source: 'original', outB: 7 });
      return [...planned.segments.map((s) => s.key), planned.programmeKey];
    };
    expect(keys('web')).toEqual([
      'cache/segments/cf352b049e7fa5420f9328503639558941d823d5a832885b555c12c310a072e6',
      'cache/segments/c1302cb88359373b7bd235a6eece060e37c39b6248c2511d9d918ce5a77ed966',
      'cache/programme/b2bd7b47151b2876c2f29a27577c956edaf3f80b0496a223b142beb9264c8cac',
    ]);
    expect(keys('screening')).toEqual([
      'cache/segments/f170c6937e16fcb89a6db222a3bb52ae140003fcc2d8431017c6947271d1c432',
      'cache/segments/b257e8e57fa373d4a8b0b1f22f8dab5b09dcb20b5737a6c247396c9041a66807',
      'cache/programme/9822fc2d05a825afac9356d84d09015c39d40c3466727d531e43bf3976bea4ed',
    ]);
    expect(keys('broadcast')).toEqual([
      'cache/segments/c7ad94842151d7dbb5e59adc9f46ba61014fa6daa79871044547ce8e5d212767',
      'cache/segments/152e616dd80a8a5fe7d5f88c1f4ada0181319be97fd0d7b9be25945815795bd8',
      'cache/programme/15b26046dff8060e656e234c6156d4987efa188b97d9dffa7f91b472951fd956',
    ]);
  });

  it("puts the stream profile's keyframe grid in its segment keys: a shot that moves against the grid gets a new key, one moved by whole grid steps keeps it", () => {
    const { ladder: _ladder, ...withoutLadder } = DEFAULT_PROFILES.stream;
    const stream = (outA: number, profile: typeof withoutLadder = DEFAULT_PROFILES.stream) =>
      planRender({
        spec: resolveTimeline({
          cut: makeCut({
            shots: [
              { id: 'a', type: 'clip', assetId: 'clip-a', in: 0, out: outA },
              { id: 'b', type: 'clip', assetId: 'clip-b', in: 0, out: 8 },
            ],
          }),
          assets,
          transcriptCues: {},
          sourceFor: sourceFor('original'),
        }),
        profile,
        versionNumber: 1,
        toolchain: 'ffmpeg 5.1',
      });
    // Shot b (200 frames) starts at frame 100 (grid frame 50 inside it), 125 (grid frames 25 and 175)
    // or 250 (grid frame 50 again: 150 frames later, the same picture and keyframes).
    const four = stream(4);
    expect(stream(5).segments[1]!.key).not.toBe(four.segments[1]!.key);
    expect(stream(10).segments[1]!.key).toBe(four.segments[1]!.key);
    // Without the grid (the same settings otherwise), other keys: the forced keyframes change the bytes.
    expect(stream(4, withoutLadder).segments[1]!.key).not.toBe(four.segments[1]!.key);
  });
});
