import { CONGRESS_THEMES, ShotSchema, computeShotTimings, framesToTimecode, type Asset, type CutInput } from '../domain/index.ts';
import type { SampleFile } from './sample-project.ts';
import { FPS } from '../domain/project.ts';

const s = (seconds: number) => Math.round(seconds * FPS);
const tc = (frames: number) => framesToTimecode({ frames });

/** Narration lines (≤ 42 characters a line, two lines, read in ≤ 17 characters a second). */
const NARRATION_LINES = [
  ['Gần bốn mươi năm xây dựng và phát triển,', 'Liên hiệp hội luôn đồng hành cùng thành phố.'],
  ['Đội ngũ trí thức khoa học và công nghệ', 'đóng góp cho sự nghiệp đổi mới.'],
  ['Những công trình nghiên cứu được ứng dụng', 'vào sản xuất và đời sống.'],
  ['Hoạt động tư vấn, phản biện xã hội', 'ngày càng đi vào chiều sâu.'],
  ['Đại hội lần thứ nhất mở ra chặng đường mới', 'cho Liên hiệp hội sau hợp nhất.'],
];

export interface DemoAssets {
  footage: Record<string, Asset>;
  interviews: Asset[];
  photos: Record<string, Asset>;
  narration: Asset;
  music: Asset;
  transcript: { clip: Asset; subtitles: Asset } | null;
  /** The organiser's logo, shown in the top-right corner of every shot but title cards. */
  logo?: Asset | null;
}

/**
 * A cut of about `minutes` minutes, made the way a TV reportage is cut: an opening title, then
 * for each congress theme in turn a chapter title, footage shots of 4–8 s (with the odd dissolve),
 * a photo with a slow move, an interview of 10–30 s with its speaker's lower third, narration over
 * most of the footage, a music bed with fades that ducks under narration and interviews, and
 * Vietnamese subtitles for the narration and (through the transcript) the chairman's interview.
 */
export function buildDemoCut({ projectId, minutes, assets }: { projectId: string; minutes: number; assets: DemoAssets }): CutInput {
  const target = s(minutes * 60);
  const shots: NonNullable<CutInput['shots']> = [];
  const narration: NonNullable<CutInput['narration']> = [];
  const subtitles: NonNullable<CutInput['subtitles']> = [];
  let position = 0;
  let shotNo = 0;
  let interviewNo = 0;
  const narrationSeconds = assets.narration.probe?.durationSeconds ?? 30;
  const nextId = (kind: string) => `${kind}-${String(++shotNo).padStart(3, '0')}`;

  shots.push({
    id: nextId('title'),
    type: 'title',
    text: 'Đại hội Liên hiệp các Hội KH&KT Hải Phòng',
    subtitle: 'Lần thứ I, nhiệm kỳ 2026–2031',
    duration: s(5),
    transitionIn: { type: 'fade-from-black', frames: 25 },
  });
  position += s(5);

  for (let round = 0; position < target - s(20); round++) {
    for (const [themeIndex, theme] of CONGRESS_THEMES.entries()) {
      if (position >= target - s(20)) break;
      shots.push({ id: nextId('chapter'), type: 'title', text: theme.label.vi, duration: s(4) });
      position += s(4);
      const blockStart = position;
      const clip = assets.footage[theme.id];
      if (clip) {
        const clipSeconds = clip.probe?.durationSeconds ?? 10;
        const lengths = [5, 6, 4, 7, 8];
        for (let k = 0; k < 3 && position < target - s(10); k++) {
          const length = lengths[(round + themeIndex + k) % lengths.length] as number;
          const start = ((round * 3 + k) * 7) % Math.max(1, Math.floor(clipSeconds - length - 1));
          const dissolve = k === 1 && themeIndex % 3 === 0 ? { type: 'dissolve' as const, frames: 12 } : { type: 'cut' as const };
          shots.push({ id: nextId('shot'), type: 'clip', assetId: clip.id, in: start, out: start + length, transitionIn: dissolve, audio: { gainDb: -6 } });
          position += s(length) - (dissolve.type === 'dissolve' ? dissolve.frames : 0);
        }
      }
      const photo = assets.photos[theme.id];
      if (photo) {
        shots.push({
          id: nextId('photo'),
          type: 'photo',
          assetId: photo.id,
          duration: s(5),
          motion: round % 2 === 0 ? 'zoom-in' : 'pan-right',
          transitionIn: { type: 'dissolve', frames: 12 },
        });
        position += s(5) - 12;
      }
      // Narration over the footage of the chapter (never over an interview).
      const spoken = Math.min(position - blockStart - s(1), s(Math.min(18, narrationSeconds - 1)));
      if (spoken > s(6)) {
        const at = blockStart + s(0.5);
        narration.push({ id: `vo-${narration.length + 1}`, assetId: assets.narration.id, at: tc(at), in: 0, out: spoken / FPS });
        const lines = NARRATION_LINES[narration.length % NARRATION_LINES.length] as string[];
        subtitles.push({ id: `cue-${subtitles.length + 1}`, start: tc(at), end: tc(at + Math.min(spoken, s(6))), text: lines.join('\n') });
      }
      if (themeIndex % 2 === 1 && assets.interviews.length > 0) {
        const interview = assets.interviews[interviewNo % assets.interviews.length] as Asset;
        const seconds = interview.probe?.durationSeconds ?? 20;
        const length = Math.min(10 + ((interviewNo * 7) % 15), Math.floor(seconds) - 1);
        const start = interviewNo % 2 === 0 ? 0 : Math.max(0, Math.floor(seconds - length - 1));
        shots.push({ id: nextId('interview'), type: 'clip', assetId: interview.id, in: start, out: start + length, lowerThird: 'auto' });
        position += s(length);
        interviewNo += 1;
      }
    }
  }
  const last = shots[shots.length - 1];
  if (last) shots[shots.length - 1] = { ...last, fadeOutFrames: 25 };
  // The exact programme length, as the domain counts it (the running estimate above can drift by a few frames).
  position = computeShotTimings({ cut: { shots: shots.map((shot) => ShotSchema.parse(shot)) } }).durationFrames;

  // A music bed under the whole programme, in pieces no longer than the music file.
  const musicSeconds = Math.floor(assets.music.probe?.durationSeconds ?? 60) - 1;
  const music: NonNullable<CutInput['music']> = [];
  for (let from = 0; from < position - s(2); from += s(musicSeconds)) {
    const to = Math.min(position, from + s(musicSeconds));
    music.push({ id: `music-${music.length + 1}`, assetId: assets.music.id, from: tc(from), to: tc(to), in: 0, gainDb: -16 });
  }

  return {
    schemaVersion: 1,
    projectId,
    id: 'phong-su-dai-hoi',
    title: 'Phóng sự Đại hội Liên hiệp các Hội KH&KT Hải Phòng',
    kind: minutes >= 12 && minutes <= 15 ? 'reportage' : 'highlights',
    shots,
    narration,
    music,
    ducking: { db: -12, rampFrames: 10 },
    transcripts: assets.transcript ? { [assets.transcript.clip.id]: assets.transcript.subtitles.id } : {},
    subtitles,
    ...(assets.logo ? { logo: { assetId: assets.logo.id, corner: 'top-right' as const, heightPercent: 8, opacity: 0.85 } } : {}),
  };
}

/** The demo's assets by role, from the sample files and the assets they were ingested as. */
export function demoAssets({ samples, byFile }: { samples: readonly { sample: SampleFile }[]; byFile: ReadonlyMap<string, Asset> }): DemoAssets {
  const of = (kind: SampleFile['kind']) =>
    samples.filter((s) => s.sample.kind === kind && !s.sample.logo).map((s) => ({ sample: s.sample, asset: byFile.get(s.sample.file)! }));
  const subtitles = of('subtitle')[0]?.asset;
  const chairman = byFile.get('phong-van-chu-tich.mp4');
  const logo = samples.find((s) => s.sample.logo);
  return {
    footage: Object.fromEntries(of('footage').map(({ sample, asset }) => [sample.theme!, asset])),
    photos: Object.fromEntries(of('photo').map(({ sample, asset }) => [sample.theme!, asset])),
    interviews: of('interview').map(({ asset }) => asset),
    narration: of('voiceover')[0]!.asset,
    music: of('music')[0]!.asset,
    transcript: chairman && subtitles ? { clip: chairman, subtitles } : null,
    logo: logo ? (byFile.get(logo.sample.file) ?? null) : null,
  };
}
