import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, freezeVersion, programmeWarnings, type ProbeFacts, type VersionOrigin } from '../../../shared/domain/index.ts';
import { stereoFromLayout } from '../../../shared/media/render/build-mix-args.ts';
import { byId, makeAsset, makeCut, project } from './timeline-fixtures.ts';
import { videoFacts } from '../../helpers/video-facts.ts';

const now = new Date('2026-12-01T10:00:00Z');
const assets = byId([makeAsset({ id: 'prog-1', kind: 'programme', durationSeconds: 780 }), makeAsset({ id: 'sub-1', kind: 'subtitle' })]);
const cut = makeCut({
  shots: [{ id: 'chuong-trinh', type: 'clip', assetId: 'prog-1', in: 0, out: 780, lowerThird: 'never', audio: { layout: '5.1' } }],
  transcripts: { 'prog-1': 'sub-1' },
});
const origin: VersionOrigin = { type: 'file', assetId: 'prog-1', subtitleAssetId: 'sub-1', audioLayout: '5.1', warnings: [] };

describe('a version from file', () => {
  it('is one clip over the programme asset, its origin kept and part of its id', () => {
    const plain = freezeVersion({ cut, assets, number: 1, now, project });
    const fromFile = freezeVersion({ cut, assets, number: 1, now, project, origin });
    expect(fromFile.origin).toEqual(origin);
    expect(fromFile.lengthCheck.ok).toBe(true);
    expect(fromFile.id).not.toBe(plain.id);
  });

  it('leaves the ids of versions cut here as they always were (no origin: not in the hash)', () => {
    const plain = freezeVersion({ cut, assets, number: 1, now, project });
    expect(plain.origin).toBeUndefined();
    const assetsList = Object.entries(plain.assetHashes).sort(([a], [b]) => (a < b ? -1 : 1));
    expect(plain.id).toBe(
      createHash('sha256')
        .update(canonicalJson({ cut: plain.cut, assets: assetsList }))
        .digest('hex'),
    );
  });
});

describe('programmeWarnings', () => {
  const facts = (video: Partial<NonNullable<ProbeFacts['video']>>, channels: number | null): ProbeFacts =>
    ({
      demuxer: 'mxf',
      durationSeconds: 780,
      video: videoFacts({ codec: 'mpeg2video', pixelFormat: 'yuv422p', ...video }),
      audio: channels === null ? null : { codec: 'pcm_s24le', sampleRate: 48000, channels, channelLayout: '' },
      audioStreams: channels === null ? 0 : 1,
    }) as ProbeFacts;

  it('says nothing of a 1080p25 stereo programme', () => {
    expect(programmeWarnings({ facts: facts({}, 2), audioLayout: null })).toEqual([]);
  });
  it('names deinterlacing, 50p to 25p, the channel layout and a missing sound', () => {
    expect(programmeWarnings({ facts: facts({ fieldOrder: 'tff' }, 8), audioLayout: 'stereo' }).map((w) => w.code)).toEqual([
      'PROGRAMME_INTERLACED',
      'PROGRAMME_CHANNELS',
    ]);
    expect(programmeWarnings({ facts: facts({ frameRate: { num: 50, den: 1 } }, null), audioLayout: null }).map((w) => w.code)).toEqual([
      'PROGRAMME_FRAME_RATE_CONVERTED',
      'PROGRAMME_NO_AUDIO',
    ]);
  });
});

describe('stereoFromLayout', () => {
  it('takes the first pair, folds 5.1 down (LFE left out), or takes channels 7–8', () => {
    expect(stereoFromLayout({ layout: 'stereo' })).toBe('pan=stereo|c0=c0|c1=c1');
    expect(stereoFromLayout({ layout: '5.1' })).toBe('pan=stereo|c0=c0+0.7071*c2+0.7071*c4|c1=c1+0.7071*c2+0.7071*c5');
    expect(stereoFromLayout({ layout: '5.1+stereo' })).toBe('pan=stereo|c0=c6|c1=c7');
  });
});
