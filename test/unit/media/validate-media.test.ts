import { describe, expect, it } from 'vitest';
import type { ProbeFacts, VideoFacts } from '../../../shared/domain/media-facts.ts';
import { MediaRejectedError, loudnessWarnings, validateMedia } from '../../../shared/media/index.ts';
import { videoFacts } from '../../helpers/video-facts.ts';

const hd = videoFacts();
const stereo = { codec: 'aac', sampleRate: 48000, channels: 2, channelLayout: 'stereo' };
const clip = (video: Partial<VideoFacts> | null, audio: Partial<typeof stereo> | null = stereo, durationSeconds: number | null = 30): ProbeFacts => ({
  demuxer: 'mov',
  formatName: 'mov',
  durationSeconds,
  sizeBytes: 1,
  bitRate: null,
  video: video ? { ...hd, ...video } : null,
  audio: audio ? { ...stereo, ...audio } : null,
  audioStreams: audio ? 1 : 0,
});
const photo = (video: Partial<VideoFacts> = {}) => clip({ codec: 'mjpeg', still: true, frameRate: { num: 0, den: 1 }, ...video }, null, null);

const codes = (facts: ProbeFacts, requestedKind?: Parameters<typeof validateMedia>[0]['requestedKind']) =>
  validateMedia({ facts, minDurationSeconds: 1, ...(requestedKind ? { requestedKind } : {}) }).warnings.map((w) => w.code);

function rejection(run: () => unknown): MediaRejectedError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(MediaRejectedError);
    return error as MediaRejectedError;
  }
  throw new Error('expected a rejection');
}

describe('validateMedia', () => {
  it('guesses the kind: video → footage, still → photo, sound only → music', () => {
    expect(validateMedia({ facts: clip({}), minDurationSeconds: 1 }).kind).toBe('footage');
    expect(validateMedia({ facts: photo(), minDurationSeconds: 1 }).kind).toBe('photo');
    expect(validateMedia({ facts: clip(null), minDurationSeconds: 1 }).kind).toBe('music');
  });

  it('accepts a clean 1080p25 stereo clip without warnings', () => {
    expect(validateMedia({ facts: clip({}), requestedKind: 'interview', minDurationSeconds: 1 })).toEqual({ kind: 'interview', warnings: [] });
  });

  it('refuses an interview without picture and suggests voice-over (KIND_MISMATCH)', () => {
    expect(rejection(() => validateMedia({ facts: clip(null), requestedKind: 'interview', minDurationSeconds: 1 }))).toMatchObject({
      code: 'KIND_MISMATCH',
      details: { requestedKind: 'interview', found: 'audio', suggestedKind: 'voiceover' },
    });
  });

  it('refuses a video as a photo and a photo as footage (KIND_MISMATCH)', () => {
    expect(rejection(() => validateMedia({ facts: clip({}), requestedKind: 'photo', minDurationSeconds: 1 })).details).toMatchObject({
      found: 'video',
      suggestedKind: 'footage',
    });
    expect(rejection(() => validateMedia({ facts: photo(), requestedKind: 'footage', minDurationSeconds: 1 })).details).toMatchObject({
      found: 'photo',
      suggestedKind: 'photo',
    });
    expect(rejection(() => validateMedia({ facts: clip({}, null), requestedKind: 'music', minDurationSeconds: 1 })).code).toBe('KIND_MISMATCH');
    expect(rejection(() => validateMedia({ facts: clip({}), requestedKind: 'subtitle', minDurationSeconds: 1 })).code).toBe('KIND_MISMATCH');
  });

  it('accepts narration recorded as a phone video as voice-over', () => {
    expect(validateMedia({ facts: clip({}), requestedKind: 'voiceover', minDurationSeconds: 1 }).kind).toBe('voiceover');
  });

  it('refuses a clip shorter than the minimum, but never a photo (TOO_SHORT)', () => {
    expect(rejection(() => validateMedia({ facts: clip({}, stereo, 0.3), minDurationSeconds: 1 }))).toMatchObject({
      code: 'TOO_SHORT',
      details: { durationSeconds: 0.3, minDurationSeconds: 1 },
    });
    expect(validateMedia({ facts: photo(), minDurationSeconds: 1 }).kind).toBe('photo');
  });

  it('refuses facts with neither picture nor sound (NO_MEDIA_STREAMS)', () => {
    expect(rejection(() => validateMedia({ facts: clip(null, null), minDurationSeconds: 1 })).code).toBe('NO_MEDIA_STREAMS');
  });

  it('warns about a portrait picture and a rotation applied', () => {
    expect(codes(clip({ width: 1920, height: 1080, displayWidth: 1080, displayHeight: 1920, rotation: 90 }))).toEqual(['PORTRAIT', 'ROTATION_APPLIED']);
  });

  it('warns about interlacing, variable frame rate and frame rates other than 25', () => {
    expect(codes(clip({ fieldOrder: 'tff' }))).toEqual(['INTERLACED']);
    expect(codes(clip({ variableFrameRate: true, frameRate: { num: 1000, den: 39 } }))).toEqual(['VARIABLE_FRAME_RATE']);
    expect(codes(clip({ frameRate: { num: 30000, den: 1001 } }))).toEqual(['FRAME_RATE_CONVERTED']);
    expect(codes(clip({ frameRate: { num: 50, den: 1 } }))).toEqual(['FRAME_RATE_CONVERTED']);
  });

  it('warns about 4:3, low resolution and high bit depth', () => {
    expect(codes(clip({ width: 720, height: 576, displayWidth: 768, displayHeight: 576, fieldOrder: 'bff' }, { channels: 1, channelLayout: 'mono' }))).toEqual([
      'NOT_16_9',
      'LOW_RESOLUTION',
      'INTERLACED',
      'MONO_AUDIO',
    ]);
    expect(codes(clip({ bitDepth: 10, pixelFormat: 'yuv420p10le' }))).toEqual(['HIGH_BIT_DEPTH']);
  });

  it('warns about missing, mono and multichannel sound', () => {
    expect(codes(clip({}, null))).toEqual(['NO_AUDIO']);
    expect(codes(clip({}, { channels: 1, channelLayout: 'mono' }))).toEqual(['MONO_AUDIO']);
    expect(codes(clip({}, { channels: 6, channelLayout: '5.1' }))).toEqual(['MULTICHANNEL_AUDIO']);
  });

  it('gives photos only picture warnings', () => {
    expect(codes(photo({ width: 640, height: 360, displayWidth: 640, displayHeight: 360, hasAlpha: true }))).toEqual(['LOW_RESOLUTION', 'ALPHA_FLATTENED']);
  });

  it('does not warn about the shape of a 4:3 or 3:2 photo', () => {
    expect(codes(photo({ width: 4000, height: 3000, displayWidth: 4000, displayHeight: 3000 }))).toEqual([]);
    expect(codes(photo({ width: 6000, height: 4000, displayWidth: 6000, displayHeight: 4000 }))).toEqual([]);
  });

  it('writes every warning in English and Vietnamese', () => {
    const { warnings } = validateMedia({
      facts: clip({ width: 720, height: 576, displayWidth: 768, displayHeight: 576, fieldOrder: 'bff', bitDepth: 10 }, { channels: 6 }),
      minDurationSeconds: 1,
    });
    for (const warning of warnings) {
      expect(warning.message).toMatch(/^[A-Z]/);
      expect(warning.messageVi.length).toBeGreaterThan(20);
      expect(warning.messageVi).not.toEqual(warning.message);
    }
  });
});

describe('loudnessWarnings', () => {
  it('warns about a true peak above −1 dBTP', () => {
    expect(loudnessWarnings({ loudness: { integratedLufs: -14, loudnessRangeLu: 5, truePeakDbtp: 0.3 } }).map((w) => w.code)).toEqual(['TRUE_PEAK_HIGH']);
  });

  it('warns about very quiet sound', () => {
    expect(loudnessWarnings({ loudness: { integratedLufs: -41, loudnessRangeLu: 5, truePeakDbtp: -25 } }).map((w) => w.code)).toEqual(['VERY_QUIET']);
  });

  it('is silent about sound near the programme level, and about no reading', () => {
    expect(loudnessWarnings({ loudness: { integratedLufs: -23, loudnessRangeLu: 6, truePeakDbtp: -3 } })).toEqual([]);
    expect(loudnessWarnings({ loudness: null })).toEqual([]);
  });
});
