import { describeToolchain } from './describe-toolchain.ts';
import { findFontFile } from './find-font-file.ts';
import type { MediaTools } from './media-tools.ts';

/** The font burned-in text is drawn with, and the toolchain description every render cache key names. */
export interface ResolvedToolchain {
  /** The font file found (REPORTAGE_FONT_FILE, or the first installed Vietnamese candidate). */
  fontFile: string;
  /** `describeToolchain` of these tools with that font. */
  toolchain: string;
}

/**
 * Finds the font and describes the toolchain with it: what a process that renders (the CLI, the
 * worker, `reportage serve`, the worker function) resolves once at start, and hands to the render
 * code. A different font or ffmpeg gives another toolchain, so no render reuses another's segments.
 *
 * @example
 * const { fontFile, toolchain } = await resolveToolchain({ tools: config.ffmpeg, fontFile: config.fontFile });
 * @throws MediaError `FONT_NOT_FOUND`
 */
export async function resolveToolchain({ tools, fontFile }: { tools: MediaTools; fontFile?: string | undefined }): Promise<ResolvedToolchain> {
  const font = await findFontFile({ fontFile });
  return { fontFile: font, toolchain: await describeToolchain({ tools, fontFile: font }) };
}
