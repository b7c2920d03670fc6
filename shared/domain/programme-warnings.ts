/**
 * What every profile will change about a finished programme from a partner studio, in words an
 * editor reads on the review page: a version from file is conformed per profile, never refused for
 * being 50p or interlaced or 5.1.
 */
import type { Warning } from './asset.ts';
import type { ProbeFacts } from './media-facts.ts';
import { describeProgrammeAudioLayout, type ProgrammeAudioLayout } from './programme-audio-layout.ts';
import { FPS } from './project.ts';

/** The programme's warnings from its probe facts and the channel layout it is read with. */
export function programmeWarnings({
  facts,
  audioLayout,
  channels = facts.audio?.channels ?? 0,
}: {
  facts: ProbeFacts;
  audioLayout: ProgrammeAudioLayout | null;
  /** Channels of the sound as read (mono tracks joined: their number). */
  channels?: number;
}): Warning[] {
  const warnings: Warning[] = [];
  const video = facts.video;
  if (video) {
    const { displayWidth: w, displayHeight: h } = video;
    if (w !== 1920 || h !== 1080) {
      warnings.push({
        code: 'PROGRAMME_SCALED',
        message: `The programme is ${w}×${h}; each profile scales it to its own size${Math.abs(w / h - 16 / 9) > 0.02 ? ' (not 16:9: with bars)' : ''}.`,
        messageVi: `Chương trình có kích thước ${w}×${h}; mỗi định dạng giao sẽ co giãn về kích thước của mình${Math.abs(w / h - 16 / 9) > 0.02 ? ' (không phải 16:9: có viền đen)' : ''}.`,
      });
    }
    const fps = video.frameRate.num / video.frameRate.den;
    if (video.fieldOrder === 'tff' || video.fieldOrder === 'bff') {
      warnings.push({
        code: 'PROGRAMME_INTERLACED',
        message: `The programme is interlaced (${video.fieldOrder.toUpperCase()}); it is deinterlaced (bwdif) for review, screening and web, and kept field by field (50i TFF) for broadcast.`,
        messageVi: `Chương trình là hình xen kẽ (${video.fieldOrder.toUpperCase()}); bản duyệt, bản chiếu hội trường và bản web được khử xen kẽ (bwdif), bản phát sóng giữ từng mành (50i TFF).`,
      });
    }
    if (Math.abs(fps - FPS) > 0.01) {
      const exact = Math.abs(fps - 2 * FPS) < 0.01;
      warnings.push({
        code: 'PROGRAMME_FRAME_RATE_CONVERTED',
        message: exact
          ? `The programme is ${fpsText(fps)}p; every profile is ${FPS} frames a second: the progressive ones keep every other picture, broadcast 50i keeps every picture as a field.`
          : `The programme is ${fpsText(fps)} fps; it is converted to ${FPS} fps and motion will judder. Ask the studio for a 25 or 50 Hz master.`,
        messageVi: exact
          ? `Chương trình là ${fpsText(fps)}p; mọi định dạng giao là ${FPS} hình/giây: các bản quét liên tục giữ một trong hai hình, bản phát sóng 50i giữ đủ mọi hình, mỗi hình một mành.`
          : `Chương trình có ${fpsText(fps).replace('.', ',')} hình/giây; hệ thống chuyển về ${FPS} hình/giây nên chuyển động bị giật. Hãy đề nghị đơn vị sản xuất gửi bản 25 hoặc 50 Hz.`,
      });
    }
  }
  const audio = facts.audio;
  if (!audio) {
    warnings.push({
      code: 'PROGRAMME_NO_AUDIO',
      message: 'The programme has no sound: every profile will be silent.',
      messageVi: 'Chương trình không có tiếng: mọi bản giao sẽ không có âm thanh.',
    });
  } else if (audioLayout !== null) {
    const layout = describeProgrammeAudioLayout({ layout: audioLayout });
    warnings.push({
      code: 'PROGRAMME_CHANNELS',
      message: `The sound has ${channels} ${facts.audioStreams > 1 && audio.channels === 1 ? 'mono tracks' : 'channels'}, read as ${audioLayout}: ${layout.en}. Every profile delivers stereo (broadcast MXF: on the tracks its layout names).`,
      messageVi: `Âm thanh có ${channels} kênh, đọc theo bố cục ${audioLayout}: ${layout.vi}. Mọi bản giao là stereo (MXF phát sóng: trên các rãnh theo bố cục của định dạng).`,
    });
  }
  return warnings;
}

function fpsText(fps: number): string {
  return (Math.round(fps * 100) / 100).toString();
}
