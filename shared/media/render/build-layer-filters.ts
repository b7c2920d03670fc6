/**
 * Filter-graph pieces that turn one layer of a segment (a clip, a photo, a title card) into
 * exactly `frames` pictures of the programme format: size, square pixels, 25 fps, time base 1/25,
 * timestamps 0, 1, 2 … Pure: each returns graph statements (`[in]filters[out]`) to join with `;`.
 */
import type { ProbeFacts } from '../../domain/media-facts.ts';
import type { PhotoMotion } from './render-spec.ts';
import { escapeFilterValue } from './escape-filter-value.ts';
import { planConform, type ConformPlan } from './plan-conform.ts';
import { planReframe, type MovingCropPlan } from './plan-reframe.ts';
import { charsThatFit, widthOfChars, type TextRect } from './text-geometry.ts';
import type { Reframe } from '../../domain/cut/reframe.ts';
import { FPS } from '../../domain/project.ts';

/** The picture a layer must end as. */
export interface LayerTarget {
  width: number;
  height: number;
  pixelFormat: 'yuv420p' | 'yuv422p';
  /** True for an interlaced (TFF) output profile. */
  interlaced: boolean;
}

/** Photos are conformed at twice the frame size, so zoompan's whole-pixel crop moves by half output pixels. */
export const PHOTO_OVERSCAN = 2;
/** How far a photo's slow zoom or pan goes: 12 % of the frame over the whole hold. */
export const PHOTO_MOTION_ZOOM = 0.12;
/** The blurred fill is made at 1/8 of the frame and scaled up: cheap, and the upscale is the blur. */
const FILL_DOWNSCALE = 8;

/** The end of every layer: pixel format, square pixels, time base 1/25 and frame-numbered timestamps. */
function finish({ target }: { target: LayerTarget }): string {
  return `format=${target.pixelFormat},setsar=1,settb=1/${FPS},setpts=N`;
}

/**
 * Colour conversion for `scale`: pictures from standard-definition sources and JPEG photos use the
 * BT.601 matrix; the programme is BT.709. HD sources are taken as BT.709 already (the usual case,
 * and converting an untagged HD picture as if it were BT.601 would shift its colours).
 */
function matrixArgs({ fromBt601 }: { fromBt601: boolean }): string {
  return fromBt601 ? ':in_color_matrix=bt601:out_color_matrix=bt709:out_range=tv' : '';
}

/**
 * Statements that fit `[input]` into the frame as `plan` says and label the result `[output]`.
 * `tag` keeps the intermediate labels of several layers apart.
 */
export function buildConformFilters({
  plan,
  input,
  output,
  tag,
  fromBt601 = false,
  overlayFormat,
}: {
  plan: ConformPlan | MovingCropPlan;
  input: string;
  output: string;
  tag: string;
  fromBt601?: boolean;
  /** `yuv420` or `yuv422`: the overlay's working format, matching the programme's chroma. */
  overlayFormat: 'yuv420' | 'yuv422';
}): string[] {
  if (plan.mode === 'moving-crop') {
    // The crop's place is evaluated per picture (`n`, from the layer's first picture).
    return [
      `[${input}]scale=${plan.cover.width}:${plan.cover.height}:flags=bicubic${matrixArgs({ fromBt601 })},crop=w=${plan.width}:h=${plan.height}:x='${plan.x}':y='${plan.y}'[${output}]`,
    ];
  }
  const { width, height, picture } = plan;
  const scale = `scale=${picture.width}:${picture.height}:flags=bicubic${matrixArgs({ fromBt601 })}`;
  switch (plan.mode) {
    case 'scale':
      return [`[${input}]${scale}[${output}]`];
    case 'cover':
      return [`[${input}]${scale},crop=${width}:${height}:${-plan.x}:${-plan.y}[${output}]`];
    case 'pillarbox':
    case 'letterbox':
      return [`[${input}]${scale},pad=${width}:${height}:${plan.x}:${plan.y}:black[${output}]`];
    case 'blurred-fill': {
      // The background covers the frame (cropping the picture's own middle), at 1/8 size: blurred,
      // darkened and desaturated so the sharp picture in front reads as the subject.
      const small = { width: even(width / FILL_DOWNSCALE), height: even(height / FILL_DOWNSCALE) };
      const aspect = picture.width / picture.height;
      const cover =
        aspect < small.width / small.height
          ? { width: small.width, height: Math.max(small.height, even(small.width / aspect)) }
          : { width: Math.max(small.width, even(small.height * aspect)), height: small.height };
      const radius = Math.max(1, Math.min(2, Math.floor(Math.min(small.width, small.height) / 8)));
      return [
        `[${input}]split=2[${tag}bg][${tag}fg]`,
        `[${tag}bg]scale=${cover.width}:${cover.height}:flags=area${matrixArgs({ fromBt601 })},crop=${small.width}:${small.height},` +
          `boxblur=${radius}:2,lutyuv=y=val*0.55:u=128+(val-128)*0.6:v=128+(val-128)*0.6,scale=${width}:${height}:flags=bilinear,setsar=1[${tag}fill]`,
        `[${tag}fg]${scale},setsar=1[${tag}pic]`,
        `[${tag}fill][${tag}pic]overlay=${plan.x}:${plan.y}:format=${overlayFormat}[${output}]`,
      ];
    }
  }
}

/**
 * A clip: `frames` pictures from the input's first video stream, starting where the input was
 * seeked to (`-ss` before `-i`: the first frame is the source frame at the layer's in point).
 *
 * - Deinterlaced with bwdif when the file read is an interlaced original (proxies are progressive
 *   already). For an interlaced output the clip keeps its motion: bwdif makes one picture per
 *   field (50p), the picture is conformed at 50p and `interlace` weaves it back into 25
 *   top-field-first frames. A 50p original goes the same way without bwdif (50p to 50i, every
 *   picture a field). For a progressive output, one picture per frame.
 * - `fps` makes any rate (29.97, 50, variable) constant; `trim` stops decoding once enough frames
 *   exist; `tpad` repeats the last picture if the source ends early, and the second `trim` cuts at
 *   exactly `frames`.
 * - Rotation is ffmpeg's autorotate (before the graph); pixel aspect is applied by scaling to the
 *   display shape the probe facts give.
 */
export function buildClipLayer({
  input,
  output,
  facts,
  target,
  frames,
  readsOriginal,
  reframe = null,
}: {
  /** Graph label of the input stream, e.g. `0:V:0`. */
  input: string;
  output: string;
  facts: ProbeFacts;
  target: LayerTarget;
  frames: number;
  /** False for a review render, which reads the proxy (progressive, 25 fps, already conformed). */
  readsOriginal: boolean;
  /** The shot's framing, from this layer's first frame, for a frame narrower than 16:9 (`reframesShots`); null: the usual fit. */
  reframe?: Reframe | null;
}): string[] {
  const video = facts.video;
  const fieldOrder = readsOriginal && video && (video.fieldOrder === 'tff' || video.fieldOrder === 'bff') ? video.fieldOrder : null;
  // A progressive original faster than 25 fps (50p, 59.94p) keeps its motion in an interlaced output too: a picture per field.
  const fastProgressive = readsOriginal && fieldOrder === null && video !== null && video.frameRate.num / video.frameRate.den > FPS + 1;
  const byField = target.interlaced && (fieldOrder !== null || fastProgressive);
  const rate = byField ? FPS * 2 : FPS;
  const pictures = byField ? frames * 2 : frames;
  const shape = {
    displayWidth: video?.displayWidth ?? target.width,
    displayHeight: video?.displayHeight ?? target.height,
    width: target.width,
    height: target.height,
  };
  const plan = reframe ? planReframe({ ...shape, reframe, picturesPerFrame: byField ? 2 : 1 }) : planConform({ ...shape, kind: 'clip' });
  const tag = `${output}_`;
  const head = [
    ...(fieldOrder ? [`bwdif=mode=${byField ? 'send_field' : 'send_frame'}:parity=${fieldOrder}:deint=all`] : []),
    `fps=${rate}`,
    `trim=end_frame=${pictures}`,
    'setpts=PTS-STARTPTS',
  ].join(',');
  const fromBt601 = readsOriginal && (video?.height ?? 1080) <= 576;
  const tail = [
    `tpad=stop_mode=clone:stop=-1`,
    `trim=end_frame=${pictures}`,
    ...(byField ? ['interlace=scan=tff:lowpass=linear'] : []),
    finish({ target }),
  ].join(',');
  return [
    `[${input}]${head}[${tag}in]`,
    ...buildConformFilters({ plan, input: `${tag}in`, output: `${tag}fit`, tag, fromBt601, overlayFormat: overlayFormatOf(target) }),
    `[${tag}fit]${tail}[${output}]`,
  ];
}

/**
 * A photo held for `frames` frames with a slow motion (Ken Burns). The photo is conformed once
 * to twice the frame size (filled, or in front of its blurred copy when it is portrait), then
 * `zoompan` makes one picture per frame. Motion is a function of the frame's place in the whole
 * hold (`holdOffsetFrames + on` of `holdFrames`), so a hold split across segments (a dissolve in
 * the middle of it) continues without a jump.
 */
export function buildPhotoLayer({
  input,
  output,
  facts,
  target,
  frames,
  motion,
  holdFrames,
  holdOffsetFrames,
  reframe = null,
}: {
  input: string;
  output: string;
  facts: ProbeFacts;
  target: LayerTarget;
  frames: number;
  motion: PhotoMotion;
  holdFrames: number;
  holdOffsetFrames: number;
  /** The shot's framing, from this layer's first frame, for a frame narrower than 16:9; null: the usual fit. */
  reframe?: Reframe | null;
}): string[] {
  const video = facts.video;
  const crop = reframe
    ? planReframe({ displayWidth: video?.displayWidth ?? target.width, displayHeight: video?.displayHeight ?? target.height, ...target, reframe })
    : null;
  if (crop?.mode === 'moving-crop') return buildCroppedPhotoLayer({ input, output, facts, target, frames, motion, holdFrames, holdOffsetFrames, crop });
  const canvas = { width: target.width * PHOTO_OVERSCAN, height: target.height * PHOTO_OVERSCAN };
  const plan =
    crop?.mode === 'blurred-fill'
      ? planReframe({
          displayWidth: video?.displayWidth ?? canvas.width,
          displayHeight: video?.displayHeight ?? canvas.height,
          ...canvas,
          reframe: { mode: 'blur-fill' },
        })
      : planConform({ displayWidth: video?.displayWidth ?? canvas.width, displayHeight: video?.displayHeight ?? canvas.height, ...canvas, kind: 'photo' });
  const tag = `${output}_`;
  const { zoom, x, y } = photoMotionExpressions({ motion, holdFrames, holdOffsetFrames });
  return [
    // Transparency is composited onto black (`premultiply`: colour × alpha is exactly "over black"),
    // as ingest does for the preview. Full-range JPEG and RGB both become limited-range BT.709 in `scale`.
    `[${input}]${video?.hasAlpha ? 'premultiply=inplace=1,' : ''}setsar=1[${tag}in]`,
    ...buildConformFilters({ plan, input: `${tag}in`, output: `${tag}fit`, tag, fromBt601: true, overlayFormat: overlayFormatOf(target) }),
    `[${tag}fit]format=${target.pixelFormat},zoompan=z='${zoom}':x='${x}':y='${y}':d=${frames}:s=${target.width}x${target.height}:fps=${FPS},` +
      `trim=end_frame=${frames},${finish({ target })}[${output}]`,
  ];
}

/**
 * A photo cropped to a narrower frame around a (moving) centre: the photo's motion (zoompan) is
 * made on the whole picture at the height (or width) that covers the frame, then `crop` cuts the
 * frame out of each picture where the centre is at that frame.
 */
function buildCroppedPhotoLayer({
  input,
  output,
  facts,
  target,
  frames,
  motion,
  holdFrames,
  holdOffsetFrames,
  crop,
}: {
  input: string;
  output: string;
  facts: ProbeFacts;
  target: LayerTarget;
  frames: number;
  motion: PhotoMotion;
  holdFrames: number;
  holdOffsetFrames: number;
  crop: MovingCropPlan;
}): string[] {
  const canvas = { width: crop.cover.width * PHOTO_OVERSCAN, height: crop.cover.height * PHOTO_OVERSCAN };
  const tag = `${output}_`;
  const { zoom, x, y } = photoMotionExpressions({ motion, holdFrames, holdOffsetFrames });
  const scale = `scale=${canvas.width}:${canvas.height}:flags=bicubic${matrixArgs({ fromBt601: true })}`;
  return [
    `[${input}]${facts.video?.hasAlpha ? 'premultiply=inplace=1,' : ''}setsar=1,${scale},setsar=1[${tag}fit]`,
    `[${tag}fit]format=${target.pixelFormat},zoompan=z='${zoom}':x='${x}':y='${y}':d=${frames}:s=${crop.cover.width}x${crop.cover.height}:fps=${FPS},` +
      `trim=end_frame=${frames},crop=w=${crop.width}:h=${crop.height}:x='${crop.x}':y='${crop.y}',${finish({ target })}[${output}]`,
  ];
}

/**
 * zoompan expressions of a photo motion. `p` goes from 0 at the hold's first frame to 1 at its
 * last; zoom is between 1 and 1 + `PHOTO_MOTION_ZOOM`; pans run at the larger zoom from one side
 * to the other, vertically centred.
 */
export function photoMotionExpressions({ motion, holdFrames, holdOffsetFrames }: { motion: PhotoMotion; holdFrames: number; holdOffsetFrames: number }): {
  zoom: string;
  x: string;
  y: string;
} {
  const p = `min(1,(${holdOffsetFrames}+on)/${Math.max(1, holdFrames - 1)})`;
  const z = PHOTO_MOTION_ZOOM;
  const centreX = '(iw-iw/zoom)/2';
  const centreY = '(ih-ih/zoom)/2';
  switch (motion) {
    case 'zoom-in':
      return { zoom: `1+${z}*${p}`, x: centreX, y: centreY };
    case 'zoom-out':
      return { zoom: `1+${z}*(1-${p})`, x: centreX, y: centreY };
    case 'pan-left':
      return { zoom: `${1 + z}`, x: `(iw-iw/zoom)*(1-${p})`, y: centreY };
    case 'pan-right':
      return { zoom: `${1 + z}`, x: `(iw-iw/zoom)*${p}`, y: centreY };
    case 'none':
      return { zoom: '1', x: '0', y: '0' };
  }
}

/** Files a title card draws its text from (written by the caller before ffmpeg runs): one per line. */
export interface TitleTextFiles {
  titleLines: string[];
  subtitleLines: string[];
}

/** Colours of the house style. */
export const TITLE_BACKGROUND = '0x0c2340';
export const ACCENT_COLOUR = '0xf2b705';

/** Characters per title line on a 16:9 frame before it wraps. */
const TITLE_LINE_CHARS = 30;

/** Where a title card's text goes, in pixels. */
export interface TitleCardLayout {
  titleSize: number;
  subtitleSize: number;
  lineStep: number;
  subtitleStep: number;
  blockTop: number;
  ruleY: number;
  ruleHeight: number;
  ruleWidth: number;
  subtitleTop: number;
  /** The column the text is centred in (lines wrapped to fit it), from the title's top to the last line's bottom. */
  box: TextRect;
}

/**
 * A title card's text broken into lines for its frame, and where each part goes: sized on the
 * frame's shorter side, the block centred across the frame and a little above the middle of the
 * text area (a platform's safe area, or the whole 16:9 frame as always). A 16:9 frame wraps the
 * title at 30 characters and keeps the subtitle on one line; a narrow one wraps both to fit.
 *
 * @example layoutTitleCard({ title: 'Đại hội đại biểu lần thứ I', subtitle: 'Hải Phòng', width: 1080, height: 1920, area }).titleLines
 */
export function layoutTitleCard({
  title,
  subtitle,
  width,
  height,
  area = null,
}: {
  title: string;
  subtitle: string;
  width: number;
  height: number;
  /** A platform's safe area (`textSafeRect`), or null for a 16:9 frame. */
  area?: TextRect | null;
}): { titleLines: string[]; subtitleLines: string[]; layout: TitleCardLayout } {
  const base = area ? Math.min(width, height) : height;
  const titleSize = Math.max(8, Math.round(base * 0.07));
  const subtitleSize = Math.max(6, Math.round(base * 0.04));
  const column = area ? area.right - area.left : width;
  const titleChars = area ? Math.min(TITLE_LINE_CHARS, charsThatFit({ widthPx: column, size: titleSize, bold: true })) : TITLE_LINE_CHARS;
  const titleLines = wrapText({ text: title, maxChars: titleChars });
  const subtitleText = subtitle.trim();
  const subtitleLines =
    subtitleText === '' ? [] : area ? wrapText({ text: subtitleText, maxChars: charsThatFit({ widthPx: column, size: subtitleSize }) }) : [subtitleText];
  const lineStep = Math.round(titleSize * 1.3);
  const subtitleStep = Math.round(subtitleSize * 1.3);
  const middle = area ? area.top + (area.bottom - area.top) * 0.45 : height * 0.45;
  const blockTop = Math.round(middle - (titleLines.length * lineStep) / 2);
  const ruleY = blockTop + titleLines.length * lineStep + Math.round(height * 0.02);
  const ruleHeight = Math.max(2, 2 * Math.round(base * 0.004));
  const ruleWidth = 2 * Math.round(width * 0.04);
  const subtitleTop = ruleY + ruleHeight + Math.round(height * 0.03);
  const longest = Math.max(
    widthOfChars({ chars: Math.max(0, ...titleLines.map((line) => line.length)), size: titleSize, bold: true }),
    widthOfChars({ chars: Math.max(0, ...subtitleLines.map((line) => line.length)), size: subtitleSize }),
    ruleWidth,
  );
  const half = Math.ceil(Math.min(longest, column) / 2);
  const bottom = subtitleLines.length > 0 ? subtitleTop + (subtitleLines.length - 1) * subtitleStep + Math.round(subtitleSize * 1.2) : ruleY + ruleHeight;
  return {
    titleLines,
    subtitleLines,
    layout: {
      titleSize,
      subtitleSize,
      lineStep,
      subtitleStep,
      blockTop,
      ruleY,
      ruleHeight,
      ruleWidth,
      subtitleTop,
      box: { left: Math.floor(width / 2) - half, top: blockTop, right: Math.ceil(width / 2) + half, bottom },
    },
  };
}

/**
 * A title card: a dark blue background, the title centred (bold, one drawtext per line so each
 * line is centred), a short accent rule and the subtitle below. Text comes from files
 * (`textfile=`, `expansion=none`): Vietnamese text needs no escaping and `%` stays a percent sign.
 * Where everything goes is `layoutTitleCard`'s.
 */
export function buildTitleLayer({
  output,
  target,
  frames,
  files,
  fontFile,
  boldFontFile,
  layout,
}: {
  output: string;
  target: LayerTarget;
  frames: number;
  /** Paths of the text files, one per line (`layoutTitleCard`'s lines). */
  files: TitleTextFiles;
  fontFile: string;
  boldFontFile: string;
  layout: TitleCardLayout;
}): string[] {
  const { width, height } = target;
  const { titleSize, subtitleSize, lineStep, subtitleStep, blockTop, ruleY, ruleHeight, ruleWidth, subtitleTop } = layout;
  const parts = [
    `color=c=${TITLE_BACKGROUND}:s=${width}x${height}:r=${FPS}`,
    `trim=end_frame=${frames}`,
    `format=${target.pixelFormat}`,
    ...files.titleLines.map((file, i) =>
      drawtext({ fontFile: boldFontFile, textFile: file, size: titleSize, colour: 'white', x: '(w-text_w)/2', y: String(blockTop + i * lineStep) }),
    ),
    `drawbox=x=${Math.round((width - ruleWidth) / 2)}:y=${ruleY}:w=${ruleWidth}:h=${ruleHeight}:color=${ACCENT_COLOUR}:t=fill`,
    ...files.subtitleLines.map((file, i) =>
      drawtext({ fontFile, textFile: file, size: subtitleSize, colour: '0xdde6f0', x: '(w-text_w)/2', y: String(subtitleTop + i * subtitleStep) }),
    ),
    finish({ target }),
  ];
  return [`${parts.join(',')}[${output}]`];
}

/** One `drawtext` of the text in a file, verbatim. Extra options (`box`, `enable`) go in `extra`. */
export function drawtext({
  fontFile,
  textFile,
  size,
  colour,
  x,
  y,
  extra = [],
}: {
  fontFile: string;
  textFile: string;
  size: number;
  colour: string;
  x: string;
  y: string;
  extra?: string[];
}): string {
  return [
    `drawtext=fontfile=${escapeFilterValue({ value: fontFile })}`,
    `textfile=${escapeFilterValue({ value: textFile })}`,
    'expansion=none',
    `fontsize=${size}`,
    `fontcolor=${colour}`,
    `x=${x}`,
    `y=${y}`,
    ...extra,
  ].join(':');
}

/**
 * Breaks a title into lines of at most `maxChars` characters at spaces (a longer word stays whole
 * on its own line), at most `maxLines` lines (the rest joins the last line).
 *
 * @example wrapText({ text: 'Đại hội đại biểu Liên hiệp các Hội Khoa học và Kỹ thuật', maxChars: 28 })
 * // ['Đại hội đại biểu Liên hiệp', 'các Hội Khoa học và Kỹ thuật']
 */
export function wrapText({ text, maxChars, maxLines = 3 }: { text: string; maxChars: number; maxLines?: number }): string[] {
  const words = text.split(/\s+/).filter((word) => word.length > 0);
  const lines: string[] = [];
  for (const word of words) {
    const last = lines[lines.length - 1];
    if (last !== undefined && (last.length + 1 + word.length <= maxChars || lines.length === maxLines)) {
      lines[lines.length - 1] = `${last} ${word}`;
    } else {
      lines.push(word);
    }
  }
  return lines;
}

/** The `overlay` filter's working format that keeps the programme's chroma (4:2:0 or 4:2:2). */
export function overlayFormatOf(target: LayerTarget): 'yuv420' | 'yuv422' {
  return target.pixelFormat === 'yuv422p' ? 'yuv422' : 'yuv420';
}

function even(value: number): number {
  return Math.max(2, 2 * Math.round(value / 2));
}
