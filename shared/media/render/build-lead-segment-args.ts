import path from 'node:path';
import type { DeliveryProfile } from '../../domain/delivery-profiles.ts';
import { nfc } from '../../domain/text.ts';
import { TITLE_SAFE_MARGIN_PERCENT } from '../../subtitles/format-ass.ts';
import { toOutputUrl } from '../build-input-args.ts';
import { buildCleanOutputArgs, buildVideoEncoderArgs, SEGMENT_ENCODER_THREADS } from './build-encoder-args.ts';
import { drawtext, TITLE_BACKGROUND, ACCENT_COLOUR } from './build-layer-filters.ts';
import type { FileToWrite } from './build-segment-args.ts';
import type { LayoutPartKind } from './plan-programme-layout.ts';
import { FPS } from '../../domain/project.ts';

/** What the slate says: lines given by the caller (title, version, duration, loudness, profile settings …). */
export interface Slate {
  lines: string[];
}

/**
 * The arguments of a generated part of a delivered file (SMPTE RP 219 HD colour bars, the slate,
 * black), encoded with the profile's segment settings so it joins the programme by stream copy.
 * No inputs are read: the pictures come from filter sources. Pure; returns the slate's text files.
 *
 * The slate shows the first line large and bold, the others below it, left-aligned inside title safe.
 */
export function buildLeadSegmentArgs({
  kind,
  frames,
  video,
  slate,
  fontFile,
  boldFontFile,
  workDir,
  outPath,
  threads = SEGMENT_ENCODER_THREADS,
}: {
  kind: LayoutPartKind;
  frames: number;
  video: DeliveryProfile['video'];
  slate?: Slate;
  fontFile?: string;
  boldFontFile?: string;
  workDir: string;
  outPath: string;
  threads?: number;
}): { args: string[]; files: FileToWrite[]; texts: string[] } {
  const { width, height } = video;
  const files: FileToWrite[] = [];
  const size = `s=${width}x${height}:r=${FPS}`;
  let source: string;
  if (kind === 'bars') {
    source = `smptehdbars=${size}`;
  } else if (kind === 'black') {
    source = `color=c=black:${size}`;
  } else {
    const lines = (slate?.lines ?? []).map((line) => nfc(line).trim()).filter((line) => line.length > 0);
    if (!fontFile) throw new TypeError('the slate needs a font');
    const safeX = Math.ceil((width * TITLE_SAFE_MARGIN_PERCENT) / 100);
    const top = Math.ceil((height * (TITLE_SAFE_MARGIN_PERCENT + 5)) / 100);
    const headSize = Math.max(8, Math.round(height * 0.06));
    const lineSize = Math.max(6, Math.round(height * 0.04));
    const step = Math.round(lineSize * 1.45);
    const texts = lines.map((line, i) => {
      const file = path.join(workDir, `slate-${i}.txt`);
      files.push({ path: file, content: line });
      const y = i === 0 ? top : top + Math.round(headSize * 1.6) + (i - 1) * step;
      return drawtext({
        fontFile: i === 0 ? (boldFontFile ?? fontFile) : fontFile,
        textFile: file,
        size: i === 0 ? headSize : lineSize,
        colour: 'white',
        x: String(safeX),
        y: String(y),
      });
    });
    const ruleY = top + Math.round(headSize * 1.25);
    source = [
      `color=c=${TITLE_BACKGROUND}:${size}`,
      `drawbox=x=${safeX}:y=${ruleY}:w=${2 * Math.round(width * 0.06)}:h=${Math.max(2, 2 * Math.round(height * 0.003))}:color=${ACCENT_COLOUR}:t=fill`,
      ...texts,
    ].join(',');
  }
  const chain = [
    source,
    `trim=end_frame=${frames}`,
    `format=${video.pixelFormat}`,
    ...(video.scan === 'interlaced-tff' ? ['setfield=tff'] : []),
    'setsar=1',
    `settb=1/${FPS}`,
    'setpts=N',
  ].join(',');
  return {
    args: [
      '-filter_complex',
      `${chain}[vout]`,
      '-map',
      '[vout]',
      '-frames:v',
      String(frames),
      '-fps_mode',
      'passthrough',
      ...buildVideoEncoderArgs({ video, threads }),
      ...buildCleanOutputArgs(),
      '-f',
      'mp4',
      toOutputUrl({ path: outPath }),
    ],
    files,
    texts: files.map((file) => file.content),
  };
}
