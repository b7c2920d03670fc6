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
});
