/**
 * How a finished programme's channels are laid out, as its studio declares it, and so which of
 * them make the stereo programme mix every profile starts from.
 *
 * - `stereo`: channels 1–2 are the stereo mix; any others (M&E, stems, a second language) are
 *   not used. The usual track allocation of a broadcast file with 4 or 8 channels.
 * - `5.1`: channels 1–6 are L R C LFE Ls Rs (SMPTE order), folded down to stereo as ITU-R BS.775
 *   does (centre and surrounds at −3 dB, LFE left out).
 * - `5.1+stereo`: channels 1–6 are 5.1, channels 7–8 the stereo mix (used as they are).
 */
import { z } from 'zod';

export const PROGRAMME_AUDIO_LAYOUTS = ['stereo', '5.1', '5.1+stereo'] as const;
export const ProgrammeAudioLayoutSchema = z.enum(PROGRAMME_AUDIO_LAYOUTS);
export type ProgrammeAudioLayout = z.infer<typeof ProgrammeAudioLayoutSchema>;

/** Channels a layout needs at least. */
export const LAYOUT_MIN_CHANNELS: Record<ProgrammeAudioLayout, number> = { stereo: 2, '5.1': 6, '5.1+stereo': 8 };

/** The layout assumed when none is declared: 5.1 for six channels, the first pair otherwise. */
export function defaultProgrammeAudioLayout({ channels }: { channels: number }): ProgrammeAudioLayout {
  return channels === 6 ? '5.1' : 'stereo';
}

/** What the layout takes from the file, in words for warnings. */
export function describeProgrammeAudioLayout({ layout }: { layout: ProgrammeAudioLayout }): { en: string; vi: string } {
  switch (layout) {
    case 'stereo':
      return { en: 'channels 1–2 are the stereo mix; the others are not used', vi: 'kênh 1–2 là bản hoà âm stereo; các kênh còn lại không dùng' };
    case '5.1':
      return { en: 'channels 1–6 are 5.1 (L R C LFE Ls Rs), folded down to stereo', vi: 'kênh 1–6 là 5.1 (L R C LFE Ls Rs), được trộn về stereo' };
    case '5.1+stereo':
      return { en: 'channels 7–8 are the stereo mix; the 5.1 on 1–6 is not used', vi: 'kênh 7–8 là bản hoà âm stereo; phần 5.1 ở kênh 1–6 không dùng' };
  }
}
