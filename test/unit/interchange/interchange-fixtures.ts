/**
 * A library and a cut that use everything interchange carries: clips with and without their
 * sound, photos, title cards, dissolves, a fade from black, narration and music.
 */
import { parseCut, type Asset, type Cut } from '../../../shared/domain/index.ts';
import { makeAsset, makeCut } from '../domain/timeline-fixtures.ts';

function named(asset: Asset, originalName: string): Asset {
  return { ...asset, originalName };
}

export const assets: Asset[] = [
  named(makeAsset({ id: 'a-hall', kind: 'footage', durationSeconds: 120 }), 'Hội trường toàn cảnh.mov'),
  named(
    makeAsset({ id: 'a-speech', kind: 'interview', durationSeconds: 90, speaker: { name: 'Nguyễn Văn A', position: 'Chủ tịch' } }),
    'Phỏng vấn chủ tịch.mp4',
  ),
  named(makeAsset({ id: 'a-lab', kind: 'footage', durationSeconds: 60 }), 'Phòng thí nghiệm.MOV'),
  named(makeAsset({ id: 'a-photo', kind: 'photo' }), 'Ảnh lưu niệm 1975.jpg'),
  named(makeAsset({ id: 'a-voice', kind: 'voiceover', durationSeconds: 40 }), 'Lời bình đoạn 1.wav'),
  named(makeAsset({ id: 'a-music', kind: 'music', durationSeconds: 300 }), 'Nhạc nền hùng tráng.mp3'),
];

export const assetsById = Object.fromEntries(assets.map((asset) => [asset.id, asset]));

/** The cut every round trip starts from, parsed (defaults filled in). */
export function sampleCut(): Cut {
  return parseCut({
    input: makeCut({
      title: 'Phóng sự Đại hội: khoa học & công nghệ',
      shots: [
        {
          id: 'open',
          type: 'title',
          text: 'Đại hội Liên hiệp hội',
          subtitle: 'Nhiệm kỳ 2026–2031',
          duration: '00:00:04:00',
          transitionIn: { type: 'fade-from-black', frames: 25 },
        },
        { id: 's1', type: 'clip', assetId: 'a-hall', in: '00:00:10:00', out: '00:00:18:12', transitionIn: { type: 'dissolve', frames: 12 } },
        { id: 's2', type: 'clip', assetId: 'a-speech', in: 12.2, out: '00:00:30:00', lowerThird: 'always', audio: { gainDb: 3 } },
        { id: 'p1', type: 'photo', assetId: 'a-photo', duration: 150, motion: 'zoom-in', transitionIn: { type: 'dissolve', frames: 25 } },
        {
          id: 's3',
          type: 'clip',
          assetId: 'a-lab',
          in: '00:00:02:00',
          out: '00:00:09:00',
          audio: { muted: true },
          transitionIn: { type: 'dissolve', frames: 10 },
          fadeOutFrames: 10,
        },
        {
          id: 's4',
          type: 'clip',
          assetId: 'a-hall',
          in: '00:01:00:00',
          out: '00:01:05:00',
          transitionIn: { type: 'fade-from-black', frames: 10 },
          fadeOutFrames: 25,
        },
      ],
      narration: [{ id: 'n1', assetId: 'a-voice', at: '00:00:12:00', in: '00:00:01:00', out: '00:00:15:00', gainDb: -2 }],
      music: [
        { id: 'm1', assetId: 'a-music', from: '00:00:00:00', to: '00:00:40:00', in: '00:00:05:00', gainDb: -18 },
        // Crossfades with m1: it needs a sound track of its own.
        { id: 'm2', assetId: 'a-music', from: '00:00:38:00', to: '00:00:46:10', in: '00:02:00:00', fadeInFrames: 50 },
      ],
      subtitles: [{ id: 'c1', start: '00:00:05:00', end: '00:00:08:00', text: 'Chào mừng Đại hội' }],
    }),
  });
}
