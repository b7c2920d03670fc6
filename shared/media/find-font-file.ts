import { access } from 'node:fs/promises';
import { MediaError } from './errors.ts';

/** Fonts with every Vietnamese letter, stacked marks included (Debian: fonts-noto-core, fonts-dejavu-core). */
export const VIETNAMESE_FONT_CANDIDATES = ['/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'];

/**
 * The font file burned-in text uses: `fontFile` when given (REPORTAGE_FONT_FILE), else the
 * first installed candidate. Fails with a clear message naming the setup script.
 */
export async function findFontFile({
  fontFile,
  candidates = VIETNAMESE_FONT_CANDIDATES,
}: {
  fontFile?: string | undefined;
  candidates?: string[];
} = {}): Promise<string> {
  for (const file of fontFile ? [fontFile] : candidates) {
    try {
      await access(file);
      return file;
    } catch {
      // try the next one
    }
  }
  throw new MediaError({
    code: 'FONT_NOT_FOUND',
    message: `No font with Vietnamese coverage found (looked for ${(fontFile ? [fontFile] : candidates).join(', ')}). Run scripts/setup.sh or set REPORTAGE_FONT_FILE.`,
    messageVi: 'Không tìm thấy phông chữ tiếng Việt trên máy chủ. Hãy chạy scripts/setup.sh.',
  });
}
