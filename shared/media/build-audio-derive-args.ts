import type { ProbeFacts } from '../domain/media-facts.ts';
import { buildInputArgs, toOutputUrl, withDemuxer } from './build-input-args.ts';
import { buildSoundOutputArgs } from './build-sound-args.ts';
import type { MediaSource } from './media-tools.ts';
import { SAMPLE_RATE } from '../domain/project.ts';

export const WAVEFORM_SIZE = { width: 1200, height: 200 } as const;

/**
 * One ffmpeg pass over a file's first audio stream: loudness (`ebur128=peak=true`, on the original
 * channels), an AAC stereo 48 kHz proxy (`.m4a`, faststart) and a waveform picture
 * (`showwavespic`, of the mono mix, peak per column so short transients show), and with
 * `outputs.sound` the sound as the programme mix reads it (`buildSoundOutputArgs`).
 */
export function buildAudioDeriveArgs({
  source,
  facts,
  outputs,
}: {
  source: MediaSource;
  facts: Pick<ProbeFacts, 'demuxer'>;
  outputs: { proxy: string; waveform: string; sound?: string };
}): string[] {
  const { width, height } = WAVEFORM_SIZE;
  const graph = [
    // aresample stops format negotiation at the meter: the mono waveform or stereo proxy must not
    // make ffmpeg convert the signal before ebur128 measures it.
    '[0:a:0]ebur128=peak=true:framelog=verbose,aresample,asplit=2[measured][forwave]',
    `[measured]aformat=sample_fmts=fltp:sample_rates=${SAMPLE_RATE}:channel_layouts=stereo[aproxy]`,
    `[forwave]aformat=channel_layouts=mono,showwavespic=s=${width}x${height}:colors=0x3b82f6:filter=peak[wave]`,
  ].join(';');
  return [
    ...buildInputArgs({ source: withDemuxer({ source, facts }) }),
    '-filter_complex',
    graph,
    '-map',
    '[aproxy]',
    '-c:a',
    'aac',
    '-b:a',
    '128k',
    '-ar',
    String(SAMPLE_RATE),
    '-ac',
    '2',
    '-map_metadata',
    '-1',
    '-map_chapters',
    '-1',
    '-movflags',
    '+faststart',
    '-f',
    'mp4',
    toOutputUrl({ path: outputs.proxy }),
    '-map',
    '[wave]',
    '-frames:v',
    '1',
    '-c:v',
    'png',
    '-map_metadata',
    '-1',
    '-f',
    'image2',
    '-update',
    '1',
    toOutputUrl({ path: outputs.waveform }),
    ...(outputs.sound !== undefined ? buildSoundOutputArgs({ outPath: outputs.sound }) : []),
  ];
}
