/**
 * Where burned-in text goes in a frame with a platform's safe area (the vertical and square
 * profiles): subtitles, lower thirds and title cards. The segment renderer lays text out with
 * these functions, and QC checks the same rectangles against the safe area (`planTextBoxes`), so
 * what QC checks is what was drawn, not a guess.
 */
import type { DeliveryProfile, SafeArea } from '../../domain/delivery-profiles.ts';
import { nfc } from '../../domain/text.ts';
import { assTextMetrics, type AssMargins } from '../../subtitles/format-ass.ts';
import { layoutTitleCard, wrapText } from './build-layer-filters.ts';
import { layoutLowerThird } from './build-overlay-filters.ts';
import type { RenderSpec, SegmentCue } from './render-spec.ts';
import { charsThatFit, textSafeRect, type TextRect } from './text-geometry.ts';

/** How burned subtitles are laid out in a frame with a safe area. */
export interface SubtitleLayout {
  fontSize: number;
  outline: number;
  shadow: number;
  /** `formatAss`'s margins: the safe area's sides, bottom (bottom cues) and top (top cues). */
  margins: AssMargins;
  /** Characters per line: longer lines are broken (at spaces) before libass sees them. */
  maxChars: number;
}

/**
 * Subtitles in a safe area: the profile's size (a share of the frame's height), margins at the
 * safe area's edges, and lines broken to fit between its sides, so a cue's text box is known
 * before libass draws it (`subtitleBox`).
 *
 * @example planSubtitleLayout({ width: 1080, height: 1920, sizePercentOfHeight: 3.5, safeArea: { topPercent: 14, bottomPercent: 35, sidePercent: 6 } }).margins
 * // { left: 65, right: 65, top: 269, bottom: 672 }
 */
export function planSubtitleLayout({
  width,
  height,
  sizePercentOfHeight,
  safeArea,
}: {
  width: number;
  height: number;
  sizePercentOfHeight: number;
  safeArea: SafeArea;
}): SubtitleLayout {
  const area = textSafeRect({ width, height, safeArea });
  const { fontSize, outline, shadow } = assTextMetrics({ height, sizePercentOfHeight });
  const margins = { left: area.left, right: width - area.right, top: area.top, bottom: height - area.bottom };
  const room = area.right - area.left - 2 * Math.ceil(outline + shadow);
  return { fontSize, outline, shadow, margins, maxChars: charsThatFit({ widthPx: room, size: fontSize }) };
}

/** A cue's lines broken to the layout's width (each line as the author broke it, then at spaces). */
export function wrapCueLines({ lines, maxChars }: { lines: readonly string[]; maxChars: number }): string[] {
  return lines.flatMap((line) => wrapText({ text: nfc(line).trim(), maxChars, maxLines: Number.POSITIVE_INFINITY }));
}

/**
 * The rectangle a cue of `lineCount` lines takes: centred between the side margins, resting on
 * the bottom margin (or hanging from the top one for a top cue), one `fontSize` per line (libass
 * sizes a line so) plus the outline and shadow around it.
 */
export function subtitleBox({
  layout,
  width,
  height,
  lineCount,
  placement,
}: {
  layout: SubtitleLayout;
  width: number;
  height: number;
  lineCount: number;
  placement?: 'top' | undefined;
}): TextRect {
  const edge = Math.ceil(layout.outline + layout.shadow);
  const tall = lineCount * layout.fontSize + 2 * edge;
  const left = layout.margins.left;
  const right = width - layout.margins.right;
  if (placement === 'top') return { left, top: layout.margins.top, right, bottom: layout.margins.top + tall };
  const bottom = height - layout.margins.bottom;
  return { left, top: bottom - tall, right, bottom };
}

/** One piece of burned-in text as laid out: what it is, when it shows (programme frames, end exclusive), where. */
export interface TextBox {
  kind: 'subtitle' | 'lower-third' | 'title';
  startFrame: number;
  endFrame: number;
  box: TextRect;
}

/**
 * Every piece of text a profile with a platform burns into the programme, where the renderer puts
 * it: title cards, lower thirds and (when burned in) subtitles, each with its frames. Empty for a
 * profile without a platform. QC checks each against the safe area.
 */
export function planTextBoxes({ spec, profile }: { spec: RenderSpec; profile: Pick<DeliveryProfile, 'video' | 'subtitles' | 'platform'> }): TextBox[] {
  const platform = profile.platform;
  if (!platform) return [];
  const { width, height } = profile.video;
  const area = textSafeRect({ width, height, safeArea: platform.safeArea });
  const burns = profile.subtitles.burnIn;
  const subtitles = burns
    ? planSubtitleLayout({ width, height, sizePercentOfHeight: profile.subtitles.sizePercentOfHeight, safeArea: platform.safeArea })
    : null;
  const boxes: TextBox[] = [];
  for (const segment of spec.segments) {
    const at = (frame: number) => segment.startFrame + frame;
    for (const layer of segment.layers) {
      if (layer.visual.type !== 'title') continue;
      const { layout } = layoutTitleCard({ title: nfc(layer.visual.title), subtitle: nfc(layer.visual.subtitle), width, height, area });
      boxes.push({ kind: 'title', startFrame: at(0), endFrame: at(segment.frames), box: layout.box });
    }
    for (const lowerThird of segment.lowerThirds) {
      const start = Math.max(0, lowerThird.startFrame);
      const end = Math.min(segment.frames, lowerThird.endFrame);
      if (end <= start || nfc(lowerThird.name).trim() === '') continue;
      const { layout } = layoutLowerThird({
        name: nfc(lowerThird.name).trim(),
        position: nfc(lowerThird.position).trim(),
        width,
        height,
        subtitleSizePercent: burns ? profile.subtitles.sizePercentOfHeight : null,
        area,
      });
      boxes.push({ kind: 'lower-third', startFrame: at(start), endFrame: at(end), box: layout.box });
    }
  }
  if (subtitles) {
    for (const cue of spec.cues) boxes.push(cueBox({ cue, layout: subtitles, width, height }));
  }
  return boxes.sort((a, b) => a.startFrame - b.startFrame);
}

function cueBox({
  cue,
  layout,
  width,
  height,
}: {
  cue: Pick<SegmentCue, 'startFrame' | 'endFrame' | 'lines' | 'placement'>;
  layout: SubtitleLayout;
  width: number;
  height: number;
}): TextBox {
  const lines = wrapCueLines({ lines: cue.lines.filter((line) => line.trim() !== ''), maxChars: layout.maxChars });
  return {
    kind: 'subtitle',
    startFrame: cue.startFrame,
    endFrame: cue.endFrame,
    box: subtitleBox({ layout, width, height, lineCount: lines.length, placement: cue.placement }),
  };
}
