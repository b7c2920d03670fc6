/**
 * The renderer's media layer: segments, the stream-copy join, the programme's sound (mix,
 * loudness, encode) and the delivered file (line-up, mux). Builders are pure; runners go through
 * the one ffmpeg door (`runFfmpeg`).
 */
export * from './render-errors.ts';
export { escapeFilterValue } from './escape-filter-value.ts';
export { planConform, type ConformMode, type ConformPlan } from './plan-conform.ts';
export { planReframe, reframesShots, cropOffsetExpression, type MovingCropPlan } from './plan-reframe.ts';
export { textSafeRect, charsThatFit, widthOfChars, rectInside, type TextRect } from './text-geometry.ts';
export { planSubtitleLayout, wrapCueLines, subtitleBox, planTextBoxes, type SubtitleLayout, type TextBox } from './plan-text-layout.ts';
export { buildVideoEncoderArgs, buildCleanOutputArgs, SEGMENT_ENCODER_THREADS, SEGMENT_PIPELINE_THREADS } from './build-encoder-args.ts';
export {
  buildClipLayer,
  buildPhotoLayer,
  buildTitleLayer,
  layoutTitleCard,
  buildConformFilters,
  photoMotionExpressions,
  wrapText,
  PHOTO_OVERSCAN,
  PHOTO_MOTION_ZOOM,
  type LayerTarget,
  type TitleCardLayout,
} from './build-layer-filters.ts';
export {
  buildFadeFilters,
  buildLowerThirdFilters,
  buildSubtitlesFilter,
  buildTimecodeFilter,
  buildWatermarkFilter,
  planLowerThird,
  layoutLowerThird,
  textBlockHeight,
  type LowerThirdLayout,
} from './build-overlay-filters.ts';
export { buildSegmentArgs, segmentCues, type SegmentArgs, type BuildSegmentArgsOptions, type FileToWrite } from './build-segment-args.ts';
export {
  renderSegment,
  renderSegments,
  parseMissingGlyph,
  findBoldSibling,
  writeFiles,
  type RenderSegmentOptions,
  type RenderedSegment,
  type ResolveSource,
} from './render-segment.ts';
export { mergeSegmentArgs, type MergedSegmentArgs } from './merge-segment-args.ts';
export { readFontInfo, parseFontInfo, findMissingCharacters, describeCharacter, type FontInfo } from './read-font-info.ts';
export { readVideoFrameCount } from './probe-output.ts';
export { buildExtractAudioArgs, extractAudio } from './extract-audio.ts';
export { joinSegments, buildJoinArgs, formatConcatList, partName, type JoinPart } from './join-segments.ts';
export { buildMixArgs, buildItemChain, buildDuckExpression, planAudioLanes, itemSeek, DUCK_STEP_SAMPLES, type MixArgs } from './build-mix-args.ts';
export {
  planAudioChunks,
  windowProgramme,
  windowWithLeadIn,
  AUDIO_CHUNK_SAMPLES,
  METER_LEAD_IN_SAMPLES,
  type AudioWindow,
  type MeteredWindow,
} from './plan-audio-chunks.ts';
export {
  buildLimiterArgs,
  buildGainArgs,
  ownWavInputs,
  parseLoudnessMeasurement,
  parseLoudnessSteps,
  combineLoudnessSteps,
  planLoudness,
  TRUE_PEAK_MARGIN_DB,
  type LoudnessMeasurement,
  type LoudnessPlan,
  type LoudnessTarget,
  type LoudnessSteps,
  type WindowLoudness,
} from './build-loudness-args.ts';
export {
  mixProgrammeAudio,
  mixAudioWindow,
  settleProgrammeGain,
  type MixedProgrammeAudio,
  type MixedWindow,
  type ProgrammeGain,
} from './mix-programme-audio.ts';
export {
  planProgrammeLayout,
  layoutFor,
  DEFAULT_LINE_UP,
  LINE_UP_TONE,
  SAMPLES_PER_FRAME,
  type LineUp,
  type LayoutPart,
  type LayoutPartKind,
  type ProgrammeLayout,
  type LayoutOptions,
} from './plan-programme-layout.ts';
export { buildLeadSegmentArgs, type Slate } from './build-lead-segment-args.ts';
export { buildMuxArgs, buildProgrammeAudioArgs, buildProgrammeAudioGraph, buildAudioEncoderArgs } from './build-mux-args.ts';
export { muxProgramme, type MuxProgrammeOptions } from './mux-programme.ts';
export { encodeProgrammeAudio } from './encode-programme-audio.ts';
export { keyframeGridOf, keyframeGridFrames, buildKeyframeGridArgs } from './keyframe-grid.ts';
export {
  buildHlsLadderArgs,
  buildNaiveLadderArgs,
  buildHlsOutputArgs,
  buildRungEncoderArgs,
  codecsOf,
  formatMasterPlaylist,
  hlsRungsOf,
  parseMediaPlaylist,
  segmentBitrates,
  HLS_MASTER_PLAYLIST,
  HLS_MEDIA_PLAYLIST,
  HLS_SEGMENT_PATTERN,
  type HlsRung,
  type HlsVariant,
  type LadderProfile,
  type MediaPlaylist,
} from './build-hls-ladder-args.ts';
export {
  makeHlsLadder,
  readHlsRung,
  type HlsLadder,
  type HlsLadderFile,
  type HlsLadderReading,
  type HlsRungReading,
  type HlsSegmentReading,
} from './make-hls-ladder.ts';
