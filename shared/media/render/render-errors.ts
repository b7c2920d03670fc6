/**
 * Errors of the renderer (segments, join, audio programme, mux). All are `MediaError`s and fatal:
 * retrying the same job with the same inputs gives the same result.
 */
import { MediaError } from '../errors.ts';

/**
 * Text to burn in has letters the font cannot draw (libass reported a missing glyph, or the
 * font's character map lacks them). Code `FONT_MISSING_GLYPH`; `details.characters` lists them as
 * `U+1EAD ậ`. The editor can change the text, or an operator installs a font with full coverage.
 */
export class MissingGlyphError extends MediaError {
  readonly characters: string[];

  constructor({ characters, fontFile }: { characters: string[]; fontFile: string }) {
    const list = characters.join(', ');
    super({
      code: 'FONT_MISSING_GLYPH',
      message:
        `The burn-in font cannot draw ${characters.length === 1 ? 'this character' : 'these characters'}: ${list} ` +
        `(font ${fontFile}). Change the text, or set REPORTAGE_FONT_FILE to a font that has them (Noto Sans covers Vietnamese).`,
      messageVi:
        `Phông chữ dùng để in chữ lên hình không có ${characters.length === 1 ? 'ký tự' : 'các ký tự'}: ${list}. ` +
        'Hãy sửa lại nội dung chữ, hoặc báo quản trị viên cài phông chữ đầy đủ (ví dụ Noto Sans).',
      details: { characters, fontFile },
    });
    this.characters = characters;
  }
}

/** A rendered file does not have the frames it must have. Code `FRAME_COUNT_MISMATCH`: a renderer bug, never the user's. */
export class FrameCountMismatchError extends MediaError {
  constructor({ what, expected, found }: { what: string; expected: number; found: number | null }) {
    super({
      code: 'FRAME_COUNT_MISMATCH',
      message: `The ${what} should have ${expected} frames but has ${found ?? 'an unknown number of'}; the render was stopped so no wrong file is delivered.`,
      messageVi: 'Bản dựng bị lệch số khung hình nên đã dừng lại để không giao tệp sai. Lỗi đã được ghi lại để kỹ thuật viên kiểm tra.',
      details: { what, expected, found },
    });
  }
}

/** The render input breaks a rule the renderer relies on (a planner bug). Code `INVALID_RENDER_INPUT`. */
export class InvalidRenderInputError extends MediaError {
  constructor({ reason }: { reason: string }) {
    super({
      code: 'INVALID_RENDER_INPUT',
      message: `The renderer was given an invalid input: ${reason}.`,
      messageVi: 'Dữ liệu dựng hình không hợp lệ. Lỗi đã được ghi lại để kỹ thuật viên kiểm tra.',
      details: { reason },
    });
  }
}

/** Loudness normalisation could not reach its target (the reading is in `details`). Code `LOUDNESS_UNREACHABLE`. */
export class LoudnessUnreachableError extends MediaError {
  constructor({ reason, details }: { reason: string; details: Record<string, unknown> }) {
    super({
      code: 'LOUDNESS_UNREACHABLE',
      message: `The programme's loudness could not be normalised: ${reason}.`,
      messageVi: 'Không chuẩn hoá được độ lớn âm thanh của chương trình. Lỗi đã được ghi lại để kỹ thuật viên kiểm tra.',
      details: { reason, ...details },
    });
  }
}
