export { MediaAnalysisError } from './errors.ts';
export { SpanSchema, spanFrames, secondsToFrame, unionSpans, subtractSpans, clipSpans, type Span } from './span.ts';
export {
  FLASH_RULE,
  FlashEventSchema,
  FlashRiskSchema,
  findLumaTransitions,
  findFlashes,
  findFlashRisks,
  type FlashEvent,
  type FlashRisk,
} from './find-flashes.ts';
export { createPictureLogReader, parsePictureLog, type PictureLogReader, type PictureLogReading } from './parse-picture-log.ts';
export {
  PictureAnalysisSchema,
  SAME_PICTURE_LUMA,
  joinBlackRuns,
  joinFreezeRuns,
  offsetPictureAnalysis,
  mergePictureAnalyses,
  toPictureAnalysis,
  type PictureAnalysis,
} from './picture-analysis.ts';
export {
  QC_DETECTORS,
  buildPictureAnalysisFilter,
  buildPictureAnalysisArgs,
  buildAudioAnalysisArgs,
  buildProgrammeSoundInput,
  buildDecodeTestArgs,
  type FrameRange,
  type SoundTracks,
} from './build-analysis-args.ts';
export {
  LineUpAnalysisSchema,
  LineUpPictureSchema,
  ToneReadingSchema,
  analyseLineUp,
  buildLineUpAnalysisArgs,
  parseLineUpLog,
  type LineUpAnalysis,
  type LineUpParts,
  type LineUpPicture,
  type ToneReading,
} from './analyse-line-up.ts';
export { analysePicture } from './analyse-picture.ts';
export {
  LoudnessPointSchema,
  createAudioLogReader,
  parseAudioLog,
  type AudioLogReader,
  type AudioLogReading,
  type LoudnessPoint,
} from './parse-audio-log.ts';
export { AudioAnalysisSchema, analyseAudio, type AudioAnalysis } from './analyse-audio.ts';
export { DecodeTestResultSchema, decodeTest, type DecodeTestResult } from './decode-test.ts';
export {
  CONFORMANCE_FIELDS,
  CONFORMANCE_LABELS,
  ConformanceFieldSchema,
  ConformanceCheckSchema,
  ConformanceResultSchema,
  ConformanceProbeJsonSchema,
  checkConformance,
  type ConformanceTarget,
  type ConformanceField,
  type ConformanceCheck,
  type ConformanceResult,
  type ConformanceProbeJson,
} from './check-conformance.ts';
export { readMediainfoJson, type MediainfoReadings } from './read-mediainfo-json.ts';
export { runMediainfo } from './run-mediainfo.ts';
export { parseBoxHeader, readMp4BoxOrder, type BoxHeader } from './read-mp4-box-order.ts';
export { readMp4VideoSampleCount } from './read-mp4-sample-count.ts';
export { probeConformance } from './probe-conformance.ts';
export { buildThumbnailArgs, thumbnailFileName, extractThumbnails, type ThumbnailShot } from './extract-thumbnails.ts';
export { buildFingerprintArgs, fingerprintMedia, frameLevels } from './fingerprint-media.ts';
