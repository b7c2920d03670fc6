import { buildInputArgs, toFfmpegUrl } from '../build-input-args.ts';
import type { MediaSource, MediaTools } from '../media-tools.ts';
import { runFfprobe } from '../run-ffprobe.ts';
import { checkConformance, type ConformanceResult, type ConformanceTarget } from './check-conformance.ts';
import { MediaAnalysisError } from './errors.ts';
import { readMediainfoJson, type MediainfoReadings } from './read-mediainfo-json.ts';
import { readMp4BoxOrder } from './read-mp4-box-order.ts';
import { runMediainfo } from './run-mediainfo.ts';

/**
 * Reads a rendered file with ffprobe and checks it against its profile: container, video codec,
 * codec profile, resolution, frame rate, field order, pixel format, audio codec, channels, sample
 * rate, and faststart for MP4 profiles that ask for it (see `checkConformance`). Where MediaInfo
 * is installed and the file is local, its readings are recorded beside ffprobe's, and a
 * disagreement is flagged (`agrees: false`) for the report to show as a warning.
 *
 * `profile` is a `DeliveryProfile` (any object of the `ConformanceTarget` shape).
 * `mediainfoPath: null` skips MediaInfo.
 *
 * @example
 * const conformance = await probeConformance({ source, tools: config.ffmpeg, profile: DEFAULT_PROFILES.broadcast });
 * conformance.checks.filter((c) => !c.ok) // [{ check: 'frame-rate', expected: '25', found: '30', … }]
 */
export async function probeConformance({
  source,
  tools,
  profile,
  mediainfoPath = 'mediainfo',
  signal,
}: {
  source: MediaSource;
  tools: MediaTools;
  profile: ConformanceTarget;
  mediainfoPath?: string | null;
  signal?: AbortSignal;
}): Promise<ConformanceResult> {
  const { stdout } = await runFfprobe({
    args: ['-print_format', 'json', '-show_format', '-show_streams', ...buildInputArgs({ source })],
    tools,
    ...(signal ? { signal } : {}),
  });
  let probe: unknown;
  try {
    probe = JSON.parse(stdout);
  } catch {
    throw new MediaAnalysisError({
      code: 'ANALYSIS_OUTPUT_MISSING',
      message: 'ffprobe printed no readable description of the file.',
      messageVi: 'Không đọc được thông tin kỹ thuật của tệp.',
    });
  }

  const localPath = localPathOf({ source });
  let mediainfo: MediainfoReadings | null = null;
  let note: string | null = null;
  if (mediainfoPath === null) note = 'MediaInfo cross-check turned off';
  else if (!localPath) note = 'MediaInfo reads local files only';
  else {
    try {
      const json = await runMediainfo({ file: localPath, mediainfoPath, timeoutSeconds: tools.timeoutSeconds });
      if (json === null) note = 'MediaInfo is not installed';
      else mediainfo = readMediainfoJson({ json });
    } catch {
      note = 'MediaInfo could not read the file';
    }
  }

  const boxOrder = localPath && profile.container === 'mp4' ? await readMp4BoxOrder({ path: localPath }).catch(() => null) : null;
  const { checks, readings } = checkConformance({ probe, profile, mediainfo, boxOrder });
  return { checks, readings, mediainfo: { available: mediainfo !== null, version: mediainfo?.version ?? null, note } };
}

function localPathOf({ source }: { source: MediaSource }): string | null {
  const url = toFfmpegUrl(source);
  return url.startsWith('file:') ? url.slice('file:'.length) : null;
}
