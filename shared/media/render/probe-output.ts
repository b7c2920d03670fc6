import { z } from 'zod';
import { buildInputArgs } from '../build-input-args.ts';
import type { MediaTools } from '../media-tools.ts';
import { runFfprobe } from '../run-ffprobe.ts';

const StreamsSchema = z.object({
  streams: z.array(z.object({ nb_frames: z.string().optional(), nb_read_packets: z.string().optional() })),
});

/**
 * The number of video frames in a file the renderer wrote. From the MP4 sample table when the
 * container has one (read without decoding: instant even for a full programme); otherwise (MXF)
 * by counting the video packets, which for these files are frames, still without decoding.
 * Null when neither says.
 */
export async function readVideoFrameCount({ path, demuxer = 'mov', tools }: { path: string; demuxer?: string; tools: MediaTools }): Promise<number | null> {
  const input = buildInputArgs({ source: { url: path, protocols: 'file', demuxer }, formatWhitelist: [demuxer] });
  const read = async (count: boolean) => {
    const { stdout } = await runFfprobe({
      args: [
        ...input,
        ...(count ? ['-count_packets'] : []),
        '-select_streams',
        'v:0',
        '-show_entries',
        `stream=${count ? 'nb_read_packets' : 'nb_frames'}`,
        '-print_format',
        'json',
      ],
      tools,
    });
    const stream = StreamsSchema.parse(JSON.parse(stdout)).streams[0];
    const value = Number(count ? stream?.nb_read_packets : stream?.nb_frames);
    return Number.isSafeInteger(value) && value > 0 ? value : null;
  };
  return (await read(false)) ?? (await read(true));
}
