import { describe, expect, it } from 'vitest';
import { computeShotTimings, parseCut, validateCut } from '../../../shared/domain/index.ts';
import { buildInterchangeTimeline, nameMediaFiles, readEdl, timelineToCut, writeEdl } from '../../../shared/interchange/index.ts';
import { assets, assetsById, sampleCut } from './interchange-fixtures.ts';

describe('EDL', () => {
  it('export then import gives the same cut, frame for frame', () => {
    const cut = sampleCut();
    const named = nameMediaFiles({ assets, media: 'original' });
    const text = writeEdl({ timeline: buildInterchangeTimeline({ cut, assets: assetsById, named }) });
    const result = timelineToCut({ read: readEdl({ text }), assets, base: cut });
    expect(result.unmatched).toEqual([]);
    const back = validateCut({ cut: result.cut, assets: assetsById });
    expect(computeShotTimings({ cut: back })).toEqual(computeShotTimings({ cut }));
    expect(back).toEqual(parseCut({ input: cut }));
  });
});
