import { FPS, ReportageError } from '../domain/index.ts';

/** Errors of the render use case (the media layer's own errors are `MediaError`s). */
export class RenderError extends ReportageError {
  static assetNotReady({ assetId }: { assetId: string }): RenderError {
    return new RenderError({
      code: 'ASSET_NOT_READY',
      message: `Asset ${assetId} has not finished ingest (no probe facts or derivatives); render again when it is ready.`,
      messageVi: 'Một tư liệu trong bản dựng chưa xử lý xong; hãy dựng lại khi tư liệu sẵn sàng.',
      details: { assetId },
    });
  }

  /**
   * A version longer than the platform of the profile takes (a reel of 12:41 where Reels take
   * 3:00): refused before anything is recorded or rendered, never cut to fit.
   */
  static tooLongForPlatform({
    profileLabel,
    platform,
    maxSeconds,
    durationFrames,
    versionNumber,
  }: {
    profileLabel: string;
    platform: string;
    maxSeconds: number;
    durationFrames: number;
    versionNumber: number;
  }): RenderError {
    const limit = minutesAndSeconds({ seconds: maxSeconds });
    const length = minutesAndSeconds({ seconds: durationFrames / FPS });
    return new RenderError({
      code: 'TOO_LONG_FOR_PLATFORM',
      message: `${platform} takes at most ${limit}; version ${versionNumber} runs ${length}. Make a shorter cut (a teaser or highlights) for it: a version is never cut to fit.`,
      messageVi: `${profileLabel} dài tối đa ${limit}; phiên bản v${versionNumber} dài ${length}. Hãy làm một bản dựng ngắn hơn (giới thiệu, điểm tin) cho ${platform}: hệ thống không tự cắt bớt.`,
      details: { platform, maxSeconds, durationFrames, versionNumber },
    });
  }
}

/** `m:ss`, or `h:mm:ss` from an hour (whole seconds, a part second rounded up: 3:00.04 is over 3:00). */
function minutesAndSeconds({ seconds }: { seconds: number }): string {
  const whole = Math.ceil(seconds - 1e-9);
  const h = Math.floor(whole / 3600);
  const m = Math.floor(whole / 60) % 60;
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
