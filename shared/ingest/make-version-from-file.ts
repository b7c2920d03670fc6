import path from 'node:path';
import {
  AssetError,
  FPS,
  LAYOUT_MIN_CHANNELS,
  NotFoundError,
  defaultProgrammeAudioLayout,
  programmeWarnings,
  type Asset,
  type CutInput,
  type ProgrammeAudioLayout,
  type ProgrammeChanges,
  type Version,
  type VersionOrigin,
  type Warning,
  framesToTimecode,
  parseSourceTime,
  rationalToFrames,
} from '../domain/index.ts';
import { mergedTrackCount, type MediaTools } from '../media/index.ts';
import type { BlobStore, Clock, Logger, Store, WorkflowStore } from '../ports/index.ts';
import { freezeCut, loadTranscriptCues } from '../render/freeze-cut.ts';
import { programmeSubtitles } from './programme-subtitles.ts';
import { findProgrammeChanges } from './find-programme-changes.ts';

/** What making a version from a file needs. */
export interface VersionFromFileDeps {
  store: Store;
  blobs: BlobStore;
  clock: Clock;
  log: Logger;
  tools: MediaTools;
  /** A local folder for the fingerprint pass. */
  scratchDir: string;
  /** The cut drafts: a cut with no version yet takes its title and kind from its draft. */
  workflow?: Pick<WorkflowStore, 'cuts'>;
}

export interface MakeVersionFromFileInput {
  deps: VersionFromFileDeps;
  projectId: string;
  cutId: string;
  /** A ready asset of kind `programme`. */
  programmeAssetId: string;
  /** A ready subtitle asset given with it (its cues become the version's subtitles). */
  subtitleAssetId?: string | undefined;
  /** The channel layout the studio declared (4–8 channels); absent: 5.1 for six channels, else the first pair. */
  audioLayout?: ProgrammeAudioLayout | undefined;
  /**
   * Where the programme starts and ends in the file (a source time as a cut writes it: seconds,
   * "HH:MM:SS:FF" from the file's start …), when the file carries more than the programme: a
   * studio's line-up (bars, tone, slate, black) before it, black after it. Default: the whole file.
   */
  inPoint?: number | string | undefined;
  outPoint?: number | string | undefined;
}

/** The shot id of the one clip a version from file is made of. */
export const PROGRAMME_SHOT_ID = 'chuong-trinh';

/**
 * A partner studio's finished programme becomes the cut's next version (a "version from file"):
 * a frozen cut of one clip over the whole programme (the SRT's cues, timed against the programme,
 * as its subtitles), marked with its origin and the warnings of what each profile
 * will change. Review, approvals and every delivery then treat it like any version: each profile
 * conforms it (scale, deinterlace, 25 fps, stereo from the declared layout, loudness to its target,
 * line-up and timecode, subtitles burned or beside).
 *
 * What changed since the previous version is found from pictures and sound (see
 * `findProgrammeChanges`) and stored beside the version; when that comparison fails the version
 * stays, without changed ranges (the error is logged).
 *
 * @throws AssetError `NOT_A_PROGRAMME`, `ASSET_NOT_READY`, `NOT_SUBTITLES`, `LAYOUT_NEEDS_CHANNELS`; NotFoundError.
 */
export async function makeVersionFromFile({
  deps,
  projectId,
  cutId,
  programmeAssetId,
  subtitleAssetId,
  audioLayout,
  inPoint,
  outPoint,
}: MakeVersionFromFileInput): Promise<{ version: Version; created: boolean; changes: ProgrammeChanges | null }> {
  const programme = await readyAsset({ deps, projectId, id: programmeAssetId });
  if (programme.kind !== 'programme' || programme.probe?.video == null) {
    throw new AssetError({
      code: 'NOT_A_PROGRAMME',
      message: `Asset ${programme.id} is a ${programme.kind}, not a finished programme with picture; ingest it with --kind programme.`,
      messageVi: `Tư liệu ${programme.id} không phải chương trình hoàn chỉnh có hình; hãy nạp với loại "chương trình hoàn chỉnh".`,
      details: { assetId: programme.id, kind: programme.kind },
    });
  }
  const subtitles = subtitleAssetId ? await readyAsset({ deps, projectId, id: subtitleAssetId }) : null;
  if (subtitles !== null && subtitles.kind !== 'subtitle') {
    throw new AssetError({
      code: 'NOT_SUBTITLES',
      message: `Asset ${subtitles.id} is a ${subtitles.kind}, not a subtitle file (SRT or WebVTT).`,
      messageVi: `Tư liệu ${subtitles.id} không phải tệp phụ đề (SRT hoặc WebVTT).`,
      details: { assetId: subtitles.id, kind: subtitles.kind },
    });
  }
  const channels = soundChannels({ programme });
  const layout = resolveLayout({ channels, declared: audioLayout });
  const frames = programmeFrames({ programme });
  const lineUp = inPoint === undefined ? lineUpBeforeProgramme({ programme, frames }) : null;
  const origin: VersionOrigin = {
    type: 'file',
    assetId: programme.id,
    subtitleAssetId: subtitles?.id ?? null,
    audioLayout: layout,
    warnings: [...(lineUp ? [lineUp.warning] : []), ...programmeWarnings({ facts: programme.probe, audioLayout: layout, channels })],
  };

  const versions = await deps.store.versions.list({ projectId, cutId });
  const previous = versions.sort((a, b) => b.number - a.number)[0] ?? null;
  const head =
    previous !== null
      ? { title: previous.cut.title, kind: previous.cut.kind }
      : await draftHead({ deps, projectId, cutId, fallbackTitle: titleOfFile(programme.originalName) });
  const inValue = inPoint ?? (lineUp ? `${lineUp.frames}/${FPS}` : 0);
  const outValue = outPoint ?? `${frames}/${FPS}`;
  // The SRT is timed against the programme (not the file): its cues are the version's subtitles.
  const subtitleCues =
    subtitles === null ? [] : ((await loadTranscriptCues({ deps, assets: { [subtitles.id]: subtitles }, ids: [subtitles.id] }))[subtitles.id] ?? []);
  const cut: CutInput = {
    schemaVersion: 1,
    projectId,
    id: cutId,
    title: head.title,
    kind: head.kind,
    shots: [
      {
        id: PROGRAMME_SHOT_ID,
        type: 'clip',
        assetId: programme.id,
        // Checked like any cut's source points (in before out, not past the file's end) when frozen.
        in: inValue,
        out: outValue,
        // The programme carries its own names and titles.
        lowerThird: 'never',
        ...(layout !== null ? { audio: { layout } } : {}),
      },
    ],
    subtitles: programmeSubtitles({ cues: subtitleCues, durationFrames: clipFrames({ inValue, outValue }) ?? frames }),
  };
  const { version, created } = await freezeCut({ deps, cut, origin });

  let changes: ProgrammeChanges | null = null;
  const before = versions.filter((v) => v.number < version.number).sort((a, b) => b.number - a.number)[0] ?? null;
  if (before !== null) {
    try {
      changes = await findProgrammeChanges({ deps, version, previous: before, scratchDir: path.join(deps.scratchDir, `changes-${version.id.slice(0, 16)}`) });
    } catch (error) {
      deps.log.error('could not compare a version from file with the previous version', {
        versionId: version.id,
        previousVersionId: before.id,
        error: String(error),
      });
    }
  }
  return { version, created, changes };
}

async function readyAsset({ deps, projectId, id }: { deps: VersionFromFileDeps; projectId: string; id: string }): Promise<Asset> {
  const asset = await deps.store.assets.get({ id });
  if (asset === null || asset.projectId !== projectId) throw new NotFoundError({ entity: 'asset', id });
  if (asset.status !== 'ready') {
    throw new AssetError({
      code: 'ASSET_NOT_READY',
      message: `Asset ${id} is ${asset.status}, not ready${asset.error ? `: ${asset.error.message}` : ''}.`,
      messageVi: `Tư liệu ${id} chưa sẵn sàng (${asset.status}).`,
      details: { assetId: id, status: asset.status },
    });
  }
  return asset;
}

/**
 * The layout the programme's channels are read with: none for one or two channels (mono to both
 * sides, stereo as it is), the declared one (it must have the channels it names), else the default.
 */
function resolveLayout({ channels, declared }: { channels: number; declared: ProgrammeAudioLayout | undefined }): ProgrammeAudioLayout | null {
  if (declared !== undefined && LAYOUT_MIN_CHANNELS[declared] > channels) {
    throw new AssetError({
      code: 'LAYOUT_NEEDS_CHANNELS',
      message: `The declared sound layout ${declared} needs ${LAYOUT_MIN_CHANNELS[declared]} channels; the programme has ${channels}.`,
      messageVi: `Bố cục âm thanh ${declared} cần ${LAYOUT_MIN_CHANNELS[declared]} kênh; chương trình chỉ có ${channels} kênh.`,
      details: { layout: declared, channels },
    });
  }
  if (channels <= 2) return null;
  return declared ?? defaultProgrammeAudioLayout({ channels });
}

/** Channels of the programme's sound as the mix reads it: mono tracks were joined at ingest, so their number. */
function soundChannels({ programme }: { programme: Asset }): number {
  const probe = programme.probe;
  if (!probe?.audio) return 0;
  return mergedTrackCount({ facts: probe }) || probe.audio.channels;
}

/** Where a studio master's programme starts: 10:00:00:00 (EBU habit); a line-up runs up to it. */
const PROGRAMME_START_FRAMES = 10 * 3600 * FPS;
/** A file starting this close before 10:00:00:00 is taken to carry a line-up (bars, tone, slate, black). */
const MAX_LINE_UP_FRAMES = 5 * 60 * FPS;

/**
 * A master whose timecode starts shortly before 10:00:00:00 (09:59:30:00 …) carries a line-up:
 * the programme is taken from 10:00:00:00, as an editor would set the in point, and each profile
 * adds its own line-up. Null when the file carries no timecode or starts at (or after) 10:00:00:00.
 */
function lineUpBeforeProgramme({ programme, frames }: { programme: Asset; frames: number }): { frames: number; warning: Warning } | null {
  const timecode = programme.probe?.startTimecode;
  const match = timecode ? /^(\d{2}):(\d{2}):(\d{2})[:;.](\d{2})$/.exec(timecode) : null;
  if (!match) return null;
  const [hours, minutes, seconds, count] = match.slice(1).map(Number) as [number, number, number, number];
  // A 50p master may count 0–49: those are frames at 50, two to one of ours.
  const fps = programme.probe?.video ? programme.probe.video.frameRate.num / programme.probe.video.frameRate.den : FPS;
  const frame = count >= FPS || fps > FPS + 1 ? Math.floor(count / 2) : count;
  const start = ((hours * 60 + minutes) * 60 + seconds) * FPS + frame;
  const lineUpFrames = PROGRAMME_START_FRAMES - start;
  if (lineUpFrames <= 0 || lineUpFrames > MAX_LINE_UP_FRAMES || lineUpFrames >= frames) return null;
  const into = framesToTimecode({ frames: lineUpFrames });
  return {
    frames: lineUpFrames,
    warning: {
      code: 'PROGRAMME_LINE_UP_LEFT_OUT',
      message: `The file starts at ${timecode}: the programme is taken from 10:00:00:00 (${into} into the file); the line-up before it is left out (each profile adds its own). Give --in to choose another start.`,
      messageVi: `Tệp bắt đầu ở ${timecode}: chương trình được lấy từ 10:00:00:00 (sau ${into} tính từ đầu tệp); phần tín hiệu chuẩn (line-up) phía trước được bỏ (mỗi định dạng giao tự thêm line-up riêng).`,
    },
  };
}

/** Frames from the in to the out point, or null when either is not a valid source time (the freeze then says why). */
function clipFrames({ inValue, outValue }: { inValue: number | string; outValue: number | string }): number | null {
  try {
    return Math.max(0, rationalToFrames({ value: parseSourceTime({ value: outValue }) }) - rationalToFrames({ value: parseSourceTime({ value: inValue }) }));
  } catch {
    return null;
  }
}

/** Whole frames at 25 fps the programme lasts (its picture's end; never past the file's end). */
function programmeFrames({ programme }: { programme: Asset }): number {
  const seconds = programme.probe?.durationSeconds ?? 0;
  return Math.max(1, Math.floor(seconds * FPS + 1e-6));
}

async function draftHead({
  deps,
  projectId,
  cutId,
  fallbackTitle,
}: {
  deps: VersionFromFileDeps;
  projectId: string;
  cutId: string;
  fallbackTitle: string;
}): Promise<{ title: string; kind: 'reportage' | 'teaser' | 'highlights' }> {
  const draft = deps.workflow ? await deps.workflow.cuts.get({ projectId, cutId }) : null;
  const kind = draft?.cut.kind;
  return {
    title: draft?.title || fallbackTitle,
    kind: kind === 'teaser' || kind === 'highlights' ? kind : 'reportage',
  };
}

/** "Phong su dai hoi v3.mov" → "Phong su dai hoi v3": a cut's title when nothing else names it. */
function titleOfFile(name: string): string {
  const stem = name.replace(/\.[A-Za-z0-9]{1,5}$/, '').trim();
  return stem.length > 0 ? stem.slice(0, 300) : 'Chương trình';
}
