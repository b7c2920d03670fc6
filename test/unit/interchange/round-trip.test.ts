import { describe, expect, it } from 'vitest';
import { computeShotTimings, validateCut } from '../../../shared/domain/index.ts';
import {
  buildInterchangeTimeline,
  nameMediaFiles,
  readEdl,
  readOtio,
  readXmeml,
  timelineToCut,
  writeEdl,
  writeOtio,
  writeXmeml,
  type InterchangeTimeline,
  type ReadTimeline,
} from '../../../shared/interchange/index.ts';
import { assets, assetsById, sampleCut } from './interchange-fixtures.ts';

const formats: { name: string; write: (t: { timeline: InterchangeTimeline }) => string; read: (t: { text: string }) => ReadTimeline }[] = [
  { name: 'EDL', write: writeEdl, read: readEdl },
  { name: 'OTIO', write: writeOtio, read: readOtio },
  { name: 'FCP 7 XML', write: writeXmeml, read: readXmeml },
];

describe.each(formats)('$name round trip', ({ write, read }) => {
  it('export then import into the same draft gives the same cut, frame for frame', () => {
    const cut = sampleCut();
    const named = nameMediaFiles({ assets, media: 'original' });
    const text = write({ timeline: buildInterchangeTimeline({ cut, assets: assetsById, named }) });
    const result = timelineToCut({ read: read({ text }), assets, base: cut });
    expect(result.unmatched).toEqual([]);
    const back = validateCut({ cut: result.cut, assets: assetsById });
    expect(computeShotTimings({ cut: back })).toEqual(computeShotTimings({ cut }));
    expect(back).toEqual(cut);
  });

  it('import into an empty draft gives the same timing, sources and transitions', () => {
    const cut = sampleCut();
    const named = nameMediaFiles({ assets, media: 'proxy' });
    const text = write({ timeline: buildInterchangeTimeline({ cut, assets: assetsById, named }) });
    const result = timelineToCut({ read: read({ text }), assets, base: { schemaVersion: 1, projectId: cut.projectId, id: cut.id, title: cut.title } });
    expect(result.unmatched).toEqual([]);
    const back = validateCut({ cut: result.cut, assets: assetsById });
    expect(computeShotTimings({ cut: back }).shots.map(({ shotId: _, ...timing }) => timing)).toEqual(
      computeShotTimings({ cut }).shots.map(({ shotId: _, ...timing }) => timing),
    );
    const essentials = (c: typeof cut) =>
      c.shots.map((shot) => ({
        type: shot.type,
        asset: shot.type === 'title' ? shot.text : shot.assetId,
        transition: shot.transitionIn,
        fadeOut: shot.fadeOutFrames,
        muted: shot.type === 'clip' ? shot.audio.muted : null,
      }));
    expect(essentials(back)).toEqual(essentials(cut));
    expect(back.narration.map((n) => [n.assetId, n.at, n.in, n.out])).toEqual([['a-voice', '00:00:12:00', '00:00:01:00', '00:00:15:00']]);
    expect(back.music.map((m) => [m.assetId, m.from, m.to, m.in])).toEqual([
      ['a-music', '00:00:00:00', '00:00:40:00', '00:00:05:00'],
      ['a-music', '00:00:38:00', '00:00:46:10', '00:02:00:00'],
    ]);
  });
});

describe('the neutral timeline of a cut', () => {
  it('puts clip sound on A1, narration on A2, music on A3, and a bed that overlaps another on a track of its own', () => {
    const timeline = buildInterchangeTimeline({ cut: sampleCut(), assets: assetsById, named: nameMediaFiles({ assets, media: 'original' }) });
    expect(timeline.sound.map((event) => [event.track, event.itemId])).toEqual([
      [1, 's1'],
      [1, 's2'],
      [1, 's4'],
      [2, 'n1'],
      [3, 'm1'],
      [4, 'm2'],
    ]);
  });
});
