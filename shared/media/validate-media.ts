import type { AssetKind, Warning } from '../domain/asset.ts';
import type { ProbeFacts } from '../domain/media-facts.ts';
import { MediaRejectedError } from './errors.ts';
import { FPS } from '../domain/project.ts';

/** Below this many lines (the short side of the picture) a source looks soft in a 1080p programme. */
const MIN_LINES = 720;

type Found = 'video' | 'audio' | 'photo';

const ACCEPTS: Record<AssetKind, (found: Found, facts: ProbeFacts) => boolean> = {
  footage: (found) => found === 'video',
  interview: (found) => found === 'video',
  photo: (found) => found === 'photo',
  // Narration or music recorded on a phone arrives as a video file: its sound is what counts.
  voiceover: (found, facts) => facts.audio !== null && found !== 'photo',
  music: (found, facts) => facts.audio !== null && found !== 'photo',
  subtitle: () => false,
  // A finished programme is moving picture (with or without sound: a silent one is warned of).
  programme: (found) => found === 'video',
};

const GUESS: Record<Found, AssetKind> = { video: 'footage', photo: 'photo', audio: 'music' };
const SUGGEST_FOR_AUDIO: Partial<Record<AssetKind, AssetKind>> = { interview: 'voiceover', footage: 'music' };

/**
 * Decides an asset's kind from its probe facts and lists what ingest will change about it.
 *
 * The kind is the one requested, or guessed: a still → `photo`, moving picture → `footage`,
 * sound only → `music`. Refusals (fatal `MediaRejectedError`): `NO_MEDIA_STREAMS`, `KIND_MISMATCH`
 * (an interview without picture, a photo that is a video, …), `TOO_SHORT` (not for photos).
 *
 * @example validateMedia({ facts, requestedKind: 'interview', minDurationSeconds: 1 })
 * // { kind: 'interview', warnings: [{ code: 'INTERLACED', … }] }
 */
export function validateMedia({
  facts,
  requestedKind,
  minDurationSeconds,
}: {
  facts: ProbeFacts;
  requestedKind?: AssetKind | undefined;
  minDurationSeconds: number;
}): { kind: AssetKind; warnings: Warning[] } {
  if (!facts.video && !facts.audio) throw new MediaRejectedError({ code: 'NO_MEDIA_STREAMS', details: {} });
  const found: Found = facts.video ? (facts.video.still ? 'photo' : 'video') : 'audio';
  const kind = requestedKind ?? GUESS[found];
  if (!ACCEPTS[kind](found, facts)) {
    const suggestedKind = (found === 'audio' ? SUGGEST_FOR_AUDIO[kind] : undefined) ?? GUESS[found];
    throw new MediaRejectedError({ code: 'KIND_MISMATCH', details: { requestedKind: kind, found, suggestedKind } });
  }
  if (found !== 'photo' && facts.durationSeconds !== null && facts.durationSeconds < minDurationSeconds) {
    throw new MediaRejectedError({ code: 'TOO_SHORT', details: { durationSeconds: facts.durationSeconds, minDurationSeconds } });
  }
  const usesPicture = kind === 'footage' || kind === 'interview' || kind === 'photo' || kind === 'programme';
  const usesSound = kind !== 'photo';
  return {
    kind,
    warnings: [...(usesPicture ? pictureWarnings(facts) : []), ...(usesSound ? soundWarnings({ facts, kind }) : [])],
  };
}

function pictureWarnings(facts: ProbeFacts): Warning[] {
  const video = facts.video;
  if (!video) return [];
  const warnings: Warning[] = [];
  const { displayWidth: w, displayHeight: h } = video;
  if (h > w) {
    warnings.push({
      code: 'PORTRAIT',
      message: `The picture is portrait (${w}×${h}); the programme is 16:9 landscape, so it will be shown with bars or cropped.`,
      messageVi: `Hình quay dọc (${w}×${h}); chương trình là khung ngang 16:9 nên hình sẽ có viền hai bên hoặc bị cắt.`,
    });
  } else if (!video.still && Math.abs(w / h - 16 / 9) > 0.02) {
    // Photos are reframed (pan and zoom) in every cut anyway; a 4:3 or 3:2 photo is normal.
    warnings.push({
      code: 'NOT_16_9',
      message: `The picture is ${aspectName(w, h)}, not 16:9; it will be shown with bars or cropped.`,
      messageVi: `Khung hình là ${aspectName(w, h)}, không phải 16:9; hình sẽ có viền hai bên hoặc bị cắt.`,
    });
  }
  if (Math.min(w, h) < MIN_LINES) {
    warnings.push({
      code: 'LOW_RESOLUTION',
      message: `The picture is ${w}×${h}, below ${MIN_LINES} lines; it will look soft in a 1920×1080 programme.`,
      messageVi: `Hình có độ phân giải thấp (${w}×${h}, dưới ${MIN_LINES} dòng); khi đưa vào chương trình 1920×1080 hình sẽ bị mờ.`,
    });
  }
  if (video.rotation !== 0) {
    warnings.push({
      code: 'ROTATION_APPLIED',
      message: `The file asks to be turned ${video.rotation}° clockwise; this has been applied.`,
      messageVi: `Tệp được đánh dấu cần xoay ${video.rotation}° theo chiều kim đồng hồ; hệ thống đã xoay lại cho đúng.`,
    });
  }
  if (video.hasAlpha && video.still) {
    warnings.push({
      code: 'ALPHA_FLATTENED',
      message: 'The picture has transparent parts; they are shown on black.',
      messageVi: 'Ảnh có vùng trong suốt; các vùng này sẽ hiển thị trên nền đen.',
    });
  }
  if (video.bitDepth > 8) {
    warnings.push({
      code: 'HIGH_BIT_DEPTH',
      message: `The picture is ${video.bitDepth}-bit (possibly HDR); it is converted to 8-bit SDR, and colours may shift.`,
      messageVi: `Hình ${video.bitDepth}-bit (có thể là HDR); hệ thống chuyển về 8-bit thường, màu có thể thay đổi đôi chút.`,
    });
  }
  if (video.still) return warnings;

  if (video.fieldOrder === 'tff' || video.fieldOrder === 'bff') {
    warnings.push({
      code: 'INTERLACED',
      message: 'The video is interlaced; it will be deinterlaced.',
      messageVi: 'Video quét xen kẽ (interlaced); hệ thống sẽ khử xen kẽ.',
    });
  }
  const fps = video.frameRate.num / video.frameRate.den;
  if (video.variableFrameRate) {
    warnings.push({
      code: 'VARIABLE_FRAME_RATE',
      message: `The video has a variable frame rate (about ${fpsText(fps)} fps); it is made a constant ${FPS} fps.`,
      messageVi: `Video có tốc độ khung hình thay đổi (khoảng ${viNumber(fpsText(fps))} hình/giây); hệ thống chuyển về cố định ${FPS} hình/giây.`,
    });
  } else if (Math.abs(fps - FPS) > 0.01) {
    warnings.push({
      code: 'FRAME_RATE_CONVERTED',
      message: `The video is ${fpsText(fps)} fps; it is converted to ${FPS} fps, so motion may look less smooth.`,
      messageVi: `Video có ${viNumber(fpsText(fps))} hình/giây; hệ thống chuyển về ${FPS} hình/giây nên chuyển động có thể kém mượt.`,
    });
  }
  return warnings;
}

function soundWarnings({ facts, kind }: { facts: ProbeFacts; kind: AssetKind }): Warning[] {
  const audio = facts.audio;
  if (!audio) {
    return [
      {
        code: 'NO_AUDIO',
        message: 'The clip has no sound track; it will be silent in the programme.',
        messageVi: 'Đoạn video không có tiếng; khi dựng sẽ là đoạn câm.',
      },
    ];
  }
  // A programme's channels (and its mono tracks) are read by its declared layout: the version from file warns of it.
  if (kind === 'programme') return [];
  if (audio.channels === 1) {
    return [
      {
        code: 'MONO_AUDIO',
        message: 'The sound is mono; it is played on both channels.',
        messageVi: 'Âm thanh là mono (một kênh); hệ thống phát ra cả hai kênh.',
      },
    ];
  }
  if (audio.channels > 2) {
    return [
      {
        code: 'MULTICHANNEL_AUDIO',
        message: `The sound has ${audio.channels} channels (${audio.channelLayout}); it is mixed down to stereo${kind === 'interview' ? ': check that the microphone channel is heard' : ''}.`,
        messageVi: `Âm thanh có ${audio.channels} kênh; hệ thống trộn về stereo (hai kênh)${kind === 'interview' ? ', hãy kiểm tra tiếng micro phỏng vấn vẫn nghe rõ' : ''}.`,
      },
    ];
  }
  return [];
}

function aspectName(w: number, h: number): string {
  const ratio = w / h;
  if (Math.abs(ratio - 4 / 3) < 0.02) return '4:3';
  if (Math.abs(ratio - 1) < 0.02) return '1:1';
  if (Math.abs(ratio - 21 / 9) < 0.05) return '21:9';
  return `${(Math.round(ratio * 100) / 100).toString()}:1`;
}

function fpsText(fps: number): string {
  return (Math.round(fps * 100) / 100).toString();
}

/** Vietnamese writes the decimal separator as a comma. */
function viNumber(text: string): string {
  return text.replace('.', ',');
}
