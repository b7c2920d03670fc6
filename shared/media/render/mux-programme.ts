import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { DeliveryProfile } from '../../domain/delivery-profiles.ts';
import type { MediaTools } from '../media-tools.ts';
import { runFfmpeg } from '../run-ffmpeg.ts';
import { buildLeadSegmentArgs, type Slate } from './build-lead-segment-args.ts';
import { MOOV_RESERVE_TOO_SMALL, buildMuxArgs } from './build-mux-args.ts';
import { writeConcatList, type JoinPart } from './join-segments.ts';
import { layoutFor, type LayoutOptions, type ProgrammeLayout } from './plan-programme-layout.ts';
import { readVideoFrameCount } from './probe-output.ts';
import { describeCharacter, findMissingCharacters, readFontInfo } from './read-font-info.ts';
import { FrameCountMismatchError, MissingGlyphError } from './render-errors.ts';
import { findBoldSibling, writeFiles } from './render-segment.ts';

export interface MuxProgrammeOptions extends LayoutOptions {
  /** The programme picture: its segments in order with their frame counts (or one joined file), all with the profile's encoder settings. */
  pictureParts: readonly JoinPart[];
  /** The normalised mix (`mixProgrammeAudio`), or its encoded form (`encodeProgrammeAudio`, same layout). */
  audioPath: string;
  /** True when `audioPath` is `encodeProgrammeAudio`'s output: it is copied, not encoded again. */
  audioIsEncoded?: boolean;
  profile: DeliveryProfile;
  outPath: string;
  tools: MediaTools;
  /** Text of the slate (line-up only): title, version, duration, measured loudness, profile settings. */
  slate?: Slate;
  /** Font of the slate (line-up only). */
  fontFile?: string;
  boldFontFile?: string;
  signal?: AbortSignal;
}

/**
 * Makes the delivered file: the programme picture (stream copy), with the line-up (bars and tone,
 * slate, black) or black head and tail around it when the profile asks, and the sound.
 *
 * - One ffmpeg run reads the parts through the concat demuxer (`-c:v copy`) and the sound, and
 *   writes the file: the picture is copied once, never joined into an intermediate file first.
 * - Line-up or head/tail (broadcast, screening): those parts are rendered first as short segments
 *   with the profile's encoder settings (`buildLeadSegmentArgs`) and listed around the programme's
 *   parts; nothing of the programme is encoded again.
 * - MP4 (`+faststart` when the profile says), or MXF OP1a (XDCAM HD422: MPEG-2 4:2:2, two mono
 *   24-bit PCM tracks).
 * - Timecode: the first frame is `startTimecode` minus the lead, so the programme starts on it.
 *
 * The file's frame count is checked against the layout (`FRAME_COUNT_MISMATCH`).
 *
 * @example await muxProgramme({ pictureParts: segments.map((s) => ({ path: s.path, frames: s.frames })), audioPath: encoded.path, audioIsEncoded: true, profile, outPath, tools, slate: { lines }, fontFile })
 */
export async function muxProgramme({
  pictureParts,
  audioPath,
  audioIsEncoded = false,
  profile,
  outPath,
  tools,
  lineUp,
  blackHeadTailSeconds,
  startTimecode,
  slate,
  fontFile,
  boldFontFile,
  signal,
}: MuxProgrammeOptions): Promise<{ path: string; layout: ProgrammeLayout }> {
  if (pictureParts.length === 0 || pictureParts.some((part) => !Number.isSafeInteger(part.frames) || part.frames <= 0)) {
    throw new FrameCountMismatchError({ what: 'programme picture', expected: 1, found: null });
  }
  const programmeFrames = pictureParts.reduce((sum, part) => sum + part.frames, 0);
  const layout = layoutFor({ profile, programmeFrames, lineUp, blackHeadTailSeconds, startTimecode });
  await mkdir(path.dirname(outPath), { recursive: true });
  const workDir = await mkdtemp(path.join(path.dirname(path.resolve(outPath)), '.mux-'));
  const partial = `${outPath}.partial-${process.pid}`;
  const run = (args: string[]) => runFfmpeg({ args, tools, ...(signal ? { signal } : {}), timeoutSeconds: Math.max(tools.timeoutSeconds, 900) });
  try {
    const lead: JoinPart[] = [];
    const tail: JoinPart[] = [];
    if (layout.lead.length > 0 || layout.tail.length > 0) {
      const rendered = new Map<string, string>();
      const partPath = async (part: ProgrammeLayout['lead'][number]) => {
        const key = `${part.kind}-${part.frames}`;
        const known = rendered.get(key);
        if (known) return known;
        const file = path.join(workDir, `${key}.mp4`);
        const bold = boldFontFile ?? (fontFile ? await findBoldSibling({ fontFile }) : undefined);
        const built = buildLeadSegmentArgs({
          kind: part.kind,
          frames: part.frames,
          video: profile.video,
          workDir,
          outPath: file,
          ...(slate ? { slate } : {}),
          ...(fontFile ? { fontFile } : {}),
          ...(bold ? { boldFontFile: bold } : {}),
        });
        if (fontFile && built.texts.length > 0) await checkCoverage({ texts: built.texts, fontFiles: [fontFile, ...(bold ? [bold] : [])] });
        await writeFiles({ files: built.files });
        await run(built.args);
        rendered.set(key, file);
        return file;
      };
      for (const part of layout.lead) lead.push({ path: await partPath(part), frames: part.frames });
      for (const part of layout.tail) tail.push({ path: await partPath(part), frames: part.frames });
    }
    const listDir = path.join(workDir, 'parts');
    await mkdir(listDir);
    const videoList = await writeConcatList({ parts: [...lead, ...pictureParts, ...tail], dir: listDir });
    const { stderr } = await run(buildMuxArgs({ videoList, audioPath, audioIsEncoded, layout, profile, outPath: partial }));
    if (MOOV_RESERVE_TOO_SMALL.test(stderr))
      await run(buildMuxArgs({ videoList, audioPath, audioIsEncoded, layout, profile, outPath: partial, reserveIndex: false }));
    const found = await readVideoFrameCount({ path: partial, demuxer: profile.container === 'mxf' ? 'mxf' : 'mov', tools });
    if (found !== null && found !== layout.totalFrames) throw new FrameCountMismatchError({ what: 'delivered file', expected: layout.totalFrames, found });
    await rename(partial, outPath);
    return { path: outPath, layout };
  } finally {
    await rm(partial, { force: true });
    await rm(workDir, { recursive: true, force: true });
  }
}

async function checkCoverage({ texts, fontFiles }: { texts: string[]; fontFiles: string[] }): Promise<void> {
  const missing = new Set<string>();
  for (const fontFile of fontFiles) {
    const info = await readFontInfo({ fontFile });
    for (const text of texts) for (const char of findMissingCharacters({ text, info })) missing.add(char);
  }
  if (missing.size > 0) throw new MissingGlyphError({ characters: [...missing].map(describeCharacter), fontFile: fontFiles[0]! });
}
