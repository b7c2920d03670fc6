/**
 * The sync test programme and the whole render pipeline of the media layer, as the render use case
 * will drive it: segments → join → mix → encode → mux.
 *
 * The programme: a 10-frame title card (no sound), then four shots, each cut in on a source's
 * flash frame with the same source's sound under it (so every shot boundary has a flash and a
 * beep): a 25p clip, a 29.97 fps 4:3 clip with mono 44.1 kHz sound, an interlaced (TFF) clip,
 * and the 25p clip again at its second flash.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { DeliveryProfile } from '../../../shared/domain/delivery-profiles.ts';
import {
  encodeProgrammeAudio,
  findFontFile,
  joinSegments,
  layoutFor,
  mixProgrammeAudio,
  muxProgramme,
  renderSegment,
  type LineUp,
  type MixedProgrammeAudio,
  type ProgrammeLayout,
} from '../../../shared/media/index.ts';
import type { AudioItem, AudioProgramme, SegmentSpec, SourceRef } from '../../../shared/media/render/render-spec.ts';
import { TEST_TOOLS } from '../../helpers/make-media.ts';
import { frameTime, makeMarkedClip, resolveLocal, sourceRefOf } from '../../helpers/make-render-media.ts';

export interface SyncSources {
  a25: SourceRef;
  b2997: SourceRef;
  cInterlaced: SourceRef;
}

export async function makeSyncSources(): Promise<SyncSources> {
  const [a25, b2997, cInterlaced] = await Promise.all([
    makeMarkedClip({ name: 'a25', width: 320, height: 180, rate: '25', seconds: 4, flashFrames: [25, 75], sampleRate: 48000, channels: 2 }),
    makeMarkedClip({ name: 'b2997', width: 320, height: 240, rate: '30000/1001', seconds: 4, flashFrames: [40], sampleRate: 44100, channels: 1 }),
    makeMarkedClip({ name: 'c50i', width: 320, height: 180, rate: '25', seconds: 4, flashFrames: [30], sampleRate: 48000, channels: 2, interlaced: true }),
  ]);
  return { a25: await sourceRefOf(a25), b2997: await sourceRefOf(b2997), cInterlaced: await sourceRefOf(cInterlaced) };
}

export interface SyncProgramme {
  segments: SegmentSpec[];
  audio: AudioProgramme;
  /** Programme frames where a shot starts on a flash. */
  shotStarts: number[];
  frames: number;
}

export function syncProgramme(sources: SyncSources): SyncProgramme {
  const base = { fadeInFrames: 0, fadeOutFrames: 0, lowerThirds: [], cues: [], logo: null };
  const shots: { id: string; source: SourceRef; rate: string; flash: number; frames: number }[] = [
    { id: 'a1', source: sources.a25, rate: '25', flash: 25, frames: 40 },
    { id: 'b', source: sources.b2997, rate: '30000/1001', flash: 40, frames: 30 },
    { id: 'c', source: sources.cInterlaced, rate: '25', flash: 30, frames: 25 },
    { id: 'a2', source: sources.a25, rate: '25', flash: 75, frames: 30 },
  ];
  const segments: SegmentSpec[] = [
    {
      ...base,
      id: 'title',
      startFrame: 0,
      frames: 10,
      layers: [{ shotId: 'title', visual: { type: 'title', title: 'Kiểm tra đồng bộ', subtitle: 'Hình và tiếng' } }],
    },
  ];
  const items: AudioItem[] = [];
  const shotStarts: number[] = [];
  let at = 10;
  for (const shot of shots) {
    const inSeconds = frameTime(shot.rate, shot.flash);
    segments.push({
      ...base,
      id: shot.id,
      startFrame: at,
      frames: shot.frames,
      layers: [{ shotId: shot.id, visual: { type: 'clip', source: shot.source, inSeconds } }],
    });
    items.push({
      role: 'clip',
      source: shot.source,
      startSample: at * 1920,
      durationSamples: shot.frames * 1920,
      inSeconds,
      gainDb: 0,
      fadeInSamples: 0,
      fadeOutSamples: 0,
    });
    shotStarts.push(at);
    at += shot.frames;
  }
  return { segments, audio: { durationSamples: at * 1920, items, duck: [], duckDb: 0, duckRampSamples: 0 }, shotStarts, frames: at };
}

export interface RenderedProgramme {
  segmentPaths: string[];
  videoPath: string;
  mixed: MixedProgrammeAudio;
  audioPath: string;
  finalPath: string;
  layout: ProgrammeLayout;
}

/** Renders `programme` with `profile` into `dir`, every step through the media layer's exports. */
export async function renderProgramme({
  programme,
  profile,
  dir,
  lineUp,
  versionNumber = 1,
}: {
  programme: SyncProgramme;
  profile: DeliveryProfile;
  dir: string;
  lineUp?: LineUp | null;
  versionNumber?: number;
}): Promise<RenderedProgramme> {
  await mkdir(dir, { recursive: true });
  const fontFile = await findFontFile();
  const segmentPaths: string[] = [];
  for (const spec of programme.segments) {
    const { path: file } = await renderSegment({
      spec,
      profile,
      resolveSource: resolveLocal,
      fontFile,
      versionNumber,
      programmeStartFrame: 0,
      tools: TEST_TOOLS,
      outPath: path.join(dir, `segment-${spec.id}.mp4`),
    });
    segmentPaths.push(file);
  }
  const video = await joinSegments({
    segmentPaths,
    segmentFrames: programme.segments.map((s) => s.frames),
    outPath: path.join(dir, 'video.mp4'),
    tools: TEST_TOOLS,
  });
  const mixed = await mixProgrammeAudio({
    programme: programme.audio,
    resolveSource: resolveLocal,
    target: profile.loudness,
    tools: TEST_TOOLS,
    outPath: path.join(dir, 'mix.wav'),
  });
  const layout = layoutFor({ profile, programmeFrames: video.frames, ...(lineUp !== undefined ? { lineUp } : {}) });
  const encoded = await encodeProgrammeAudio({
    mixPaths: [mixed.path],
    profile,
    layout,
    outPath: path.join(dir, profile.container === 'mxf' ? 'audio.wav' : 'audio.m4a'),
    tools: TEST_TOOLS,
  });
  const final = await muxProgramme({
    pictureParts: programme.segments.map((s, i) => ({ path: segmentPaths[i]!, frames: s.frames })),
    audioPath: encoded.path,
    audioIsEncoded: true,
    profile,
    outPath: path.join(dir, `final.${profile.container}`),
    tools: TEST_TOOLS,
    ...(lineUp !== undefined ? { lineUp } : {}),
    fontFile,
    slate: {
      lines: [
        'Kiểm tra đồng bộ — bản phát sóng',
        `Phiên bản v${versionNumber}`,
        `Độ dài ${programme.frames} khung hình`,
        `Độ lớn ${mixed.loudness.integratedLufs} LUFS, đỉnh ${mixed.loudness.truePeakDbtp} dBTP`,
      ],
    },
  });
  return { segmentPaths, videoPath: video.path, mixed, audioPath: encoded.path, finalPath: final.path, layout: final.layout };
}
