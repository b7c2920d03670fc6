import { z } from 'zod';

const TrackSchema = z.record(z.string(), z.unknown());
const MediainfoJsonSchema = z.object({
  creatingLibrary: z.object({ version: z.string().optional() }).partial().optional(),
  media: z
    .object({ track: z.array(TrackSchema) })
    .nullable()
    .optional(),
});

/**
 * MediaInfo's readings of a file, in the words the conformance checks use (ffprobe's names:
 * `h264`, `yuv420p`, `tt` …), each null when MediaInfo does not say.
 */
export interface MediainfoReadings {
  version: string | null;
  container: string | null;
  videoCodec: string | null;
  videoProfile: string | null;
  width: number | null;
  height: number | null;
  frameRate: number | null;
  fieldOrder: string | null;
  pixelFormat: string | null;
  audioCodec: string | null;
  channels: number | null;
  channelLayout: string | null;
  /** Audio tracks in the file (XDCAM MXF: one mono track per channel), and each one's channels. */
  audioTracks: number;
  audioTrackChannels: number[];
  sampleRate: number | null;
  /** `IsStreamable`: the index comes before the data. */
  faststart: boolean | null;
  startTimecode: string | null;
}

/**
 * Maps the output of `mediainfo --Output=JSON` (MediaInfoLib 23.x) to `MediainfoReadings`.
 * Unknown formats pass through in lower case, so a disagreement with ffprobe shows as a warning
 * rather than disappearing.
 *
 * @example readMediainfoJson({ json: JSON.parse(stdout) }).videoCodec // 'h264'
 */
export function readMediainfoJson({ json }: { json: unknown }): MediainfoReadings {
  const parsed = MediainfoJsonSchema.safeParse(json);
  const tracks = parsed.success ? (parsed.data.media?.track ?? []) : [];
  const of = (type: string) => tracks.find((track) => track['@type'] === type) ?? {};
  const general = of('General');
  const video = of('Video');
  const audio = of('Audio');
  const text = (track: Record<string, unknown>, key: string): string | null => {
    const value = track[key];
    return typeof value === 'string' && value.trim().length > 0 ? value.trim() : null;
  };
  const number = (track: Record<string, unknown>, key: string): number | null => {
    const value = Number(text(track, key) ?? Number.NaN);
    return Number.isFinite(value) ? value : null;
  };

  const channelLayoutText = text(audio, 'ChannelLayout');
  return {
    version: parsed.success ? (parsed.data.creatingLibrary?.version ?? null) : null,
    container: containerOf({ format: text(general, 'Format'), profile: text(general, 'Format_Profile') }),
    videoCodec: videoCodecOf({ format: text(video, 'Format'), version: text(video, 'Format_Version') }),
    videoProfile: text(video, 'Format_Profile')?.split('@')[0]?.trim() ?? null,
    width: number(video, 'Width'),
    height: number(video, 'Height'),
    frameRate: number(video, 'FrameRate'),
    fieldOrder: fieldOrderOf({ scanType: text(video, 'ScanType'), scanOrder: text(video, 'ScanOrder') }),
    pixelFormat: pixelFormatOf({ colourSpace: text(video, 'ColorSpace'), chroma: text(video, 'ChromaSubsampling'), bitDepth: number(video, 'BitDepth') }),
    audioCodec: audioCodecOf({ format: text(audio, 'Format'), bitDepth: number(audio, 'BitDepth'), endianness: text(audio, 'Format_Settings_Endianness') }),
    channels: number(audio, 'Channels'),
    audioTracks: tracks.filter((track) => track['@type'] === 'Audio').length,
    audioTrackChannels: tracks.filter((track) => track['@type'] === 'Audio').map((track) => number(track, 'Channels') ?? 0),
    channelLayout: channelLayoutText === 'L R' ? 'stereo' : channelLayoutText === 'C' ? 'mono' : channelLayoutText,
    sampleRate: number(audio, 'SamplingRate'),
    faststart: text(general, 'IsStreamable') === null ? null : text(general, 'IsStreamable') === 'Yes',
    startTimecode:
      text(video, 'TimeCode_FirstFrame') ?? tracks.map((track) => text(track, 'TimeCode_FirstFrame')).find((value): value is string => value !== null) ?? null,
  };
}

function containerOf({ format, profile }: { format: string | null; profile: string | null }): string | null {
  if (!format) return null;
  if (format === 'MPEG-4') return profile === 'QuickTime' ? 'mov' : 'mp4';
  if (format === 'QuickTime') return 'mov';
  return format.toLowerCase();
}

function videoCodecOf({ format, version }: { format: string | null; version: string | null }): string | null {
  if (!format) return null;
  const known: Record<string, string> = { AVC: 'h264', HEVC: 'hevc', ProRes: 'prores', DV: 'dvvideo', VP9: 'vp9', AV1: 'av1' };
  if (known[format]) return known[format];
  if (format === 'MPEG Video') return /2/.test(version ?? '') ? 'mpeg2video' : 'mpeg1video';
  return format.toLowerCase();
}

function fieldOrderOf({ scanType, scanOrder }: { scanType: string | null; scanOrder: string | null }): string | null {
  if (!scanType) return null;
  if (scanType === 'Progressive') return 'progressive';
  if (scanOrder === 'TFF') return 'tt';
  if (scanOrder === 'BFF') return 'bb';
  return 'unknown';
}

function pixelFormatOf({ colourSpace, chroma, bitDepth }: { colourSpace: string | null; chroma: string | null; bitDepth: number | null }): string | null {
  if (colourSpace !== 'YUV' || !chroma) return null;
  const base = { '4:2:0': 'yuv420p', '4:2:2': 'yuv422p', '4:4:4': 'yuv444p' }[chroma];
  if (!base) return null;
  return bitDepth && bitDepth > 8 ? `${base}${bitDepth}le` : base;
}

function audioCodecOf({ format, bitDepth, endianness }: { format: string | null; bitDepth: number | null; endianness: string | null }): string | null {
  if (!format) return null;
  if (format === 'AAC') return 'aac';
  if (format === 'PCM' && bitDepth) return `pcm_s${bitDepth}${endianness === 'Big' ? 'be' : 'le'}`;
  if (format === 'MPEG Audio') return 'mp3';
  return format.toLowerCase();
}
