/**
 * Arguments of the last steps of a render: the programme sound with the layout's tone and silence
 * around it, encoded for the profile (`buildProgrammeAudioArgs`), and the final mux
 * (`buildMuxArgs`). Pure.
 */
import type { DeliveryProfile } from '../../domain/delivery-profiles.ts';
import { toOutputUrl } from '../build-input-args.ts';
import { buildCleanOutputArgs } from './build-encoder-args.ts';
import { ownWavInputs } from './build-loudness-args.ts';
import { concatListInput } from './join-segments.ts';
import { LINE_UP_TONE, SAMPLES_PER_FRAME, type ProgrammeLayout } from './plan-programme-layout.ts';
import { FPS, SAMPLE_RATE } from '../../domain/project.ts';

const STEREO_FLOAT = `aformat=sample_fmts=fltp:sample_rates=${SAMPLE_RATE}:channel_layouts=stereo`;

/**
 * Graph statements that put the programme sound (`[input]`, 48 kHz stereo) in the layout: the
 * 1 kHz line-up tone at −18 dBFS under the bars, silence under slate, black, head and tail, the
 * programme exactly `programmeFrames × 1920` samples, all in one stream labelled `[output]`.
 */
export function buildProgrammeAudioGraph({ layout, input, output }: { layout: ProgrammeLayout; input: string; output: string }): string[] {
  const amplitude = (10 ** (LINE_UP_TONE.levelDbfs / 20)).toFixed(6);
  const statements: string[] = [];
  const labels: string[] = [];
  const generated = (parts: ProgrammeLayout['lead'], side: string) => {
    // Consecutive parts with the same sound make one stretch.
    const stretches: { tone: boolean; frames: number }[] = [];
    for (const part of parts) {
      const last = stretches[stretches.length - 1];
      if (last && last.tone === part.tone) last.frames += part.frames;
      else stretches.push({ tone: part.tone, frames: part.frames });
    }
    stretches.forEach((stretch, i) => {
      const label = `${side}${i}`;
      const source = stretch.tone
        ? `aevalsrc='${amplitude}*sin(2*PI*${LINE_UP_TONE.frequencyHz}*n/${SAMPLE_RATE})':s=${SAMPLE_RATE}:c=stereo`
        : `anullsrc=r=${SAMPLE_RATE}:cl=stereo`;
      statements.push(`${source},atrim=end_sample=${stretch.frames * SAMPLES_PER_FRAME},${STEREO_FLOAT}[${label}]`);
      labels.push(label);
    });
  };
  generated(layout.lead, 'lead');
  const programmeSamples = layout.programmeFrames * SAMPLES_PER_FRAME;
  statements.push(`[${input}]${STEREO_FLOAT},atrim=end_sample=${programmeSamples},apad=whole_len=${programmeSamples}[programme]`);
  labels.push('programme');
  generated(layout.tail, 'tail');
  statements.push(labels.length > 1 ? `${labels.map((l) => `[${l}]`).join('')}concat=n=${labels.length}:v=0:a=1[${output}]` : `[programme]anull[${output}]`);
  return statements;
}

/** AAC bitrate from which left/right coding is used without the mid/side search (`buildAudioEncoderArgs`). */
const MID_SIDE_OFF_FROM_KBPS = 256;

/**
 * The sound encoder of a profile: AAC at its bitrate, or 24-bit PCM (MXF).
 *
 * AAC uses ffmpeg's `fast` coder: ~2.6× the speed of the default `twoloop` here (a 13-minute
 * programme in ~35 CPU-seconds instead of ~90), which keeps the whole-programme audio from
 * dominating a re-render; at the profiles' 128–320 kbit/s the two are not told apart by ear, and
 * the loudness is measured again on the encoded file by QC either way.
 *
 * From `MID_SIDE_OFF_FROM_KBPS` (the screening's 320k) the channels are coded left and right,
 * without the encoder's per-band mid/side search (`-aac_ms 0`): mid/side saves bits, and at 128k a
 * channel and more there are bits to spare. The search is a quarter of the encode (a 13-minute
 * programme at 320k: 14 → 10.7 CPU-seconds), and the encode is the longest step of a re-render's
 * sound.
 */
export function buildAudioEncoderArgs({ audio }: { audio: DeliveryProfile['audio'] }): string[] {
  if (audio.codec === 'pcm_s24le') return ['-c:a', 'pcm_s24le', '-ar', String(SAMPLE_RATE)];
  const kbps = audio.bitrateKbps ?? 192;
  return [
    '-c:a',
    'aac',
    '-aac_coder',
    'fast',
    ...(kbps >= MID_SIDE_OFF_FROM_KBPS ? ['-aac_ms', '0'] : []),
    '-b:a',
    `${kbps}k`,
    '-ar',
    String(SAMPLE_RATE),
    '-ac',
    '2',
  ];
}

/**
 * Encodes the programme mix in the layout, once: AAC in an `.m4a` for MP4 profiles, 24-bit PCM
 * WAV for MXF. The mix is read from its windows in order (or one file) and given the loudness
 * gain on the way (`gainDb`: the second pass of the normalisation, see build-loudness-args.ts).
 * The mux then copies it.
 */
export function buildProgrammeAudioArgs({
  mixPaths,
  gainDb,
  layout,
  profile,
  outPath,
}: {
  mixPaths: readonly string[];
  gainDb: number;
  layout: ProgrammeLayout;
  profile: Pick<DeliveryProfile, 'audio'>;
  outPath: string;
}): string[] {
  const pcm = profile.audio.codec === 'pcm_s24le';
  const { args: inputs, head } = ownWavInputs({ paths: mixPaths });
  const gain = gainDb === 0 ? 'anull' : `volume=${gainDb}dB:precision=double`;
  return [
    ...inputs,
    '-filter_complex',
    [`${head}${gain}[mixed]`, ...buildProgrammeAudioGraph({ layout, input: 'mixed', output: 'aout' })].join(';'),
    '-map',
    '[aout]',
    ...buildAudioEncoderArgs({ audio: profile.audio }),
    ...buildCleanOutputArgs(),
    ...(pcm ? ['-rf64', 'auto', '-f', 'wav'] : ['-f', 'mp4']),
    toOutputUrl({ path: outPath }),
  ];
}

/**
 * The final mux: the picture by stream copy (`-c:v copy`: segments, line-up and all were encoded
 * with the profile's settings), the sound either copied (already encoded in the layout by
 * `buildProgrammeAudioArgs`) or placed and encoded here from the normalised WAV, and the
 * timecode of the first frame (`timecode` metadata: a `tmcd` track in MP4, the material
 * package's timecode in MXF).
 *
 * - MP4: `+faststart` when the profile asks (the index first: plays while downloading).
 * - MXF OP1a (XDCAM HD422): the stereo sound as mono 24-bit PCM tracks, the way broadcast MXF
 *   carries audio channels (one AES channel per track): 2, 4 or 8 tracks (`profile.audio.tracks`),
 *   the programme's left and right on the tracks the profile names, the others silent.
 */
export function buildMuxArgs({
  videoPath,
  videoList,
  audioPath,
  audioIsEncoded,
  layout,
  profile,
  outPath,
  reserveIndex = true,
}: {
  /** The picture: one MP4 … */
  videoPath?: string;
  /** … or the concat list of its parts (`writeConcatList`: line-up, segments, tail), joined by stream copy as the file is written. */
  videoList?: string;
  audioPath: string;
  /** True when `audioPath` came from `buildProgrammeAudioArgs` with this layout. */
  audioIsEncoded: boolean;
  layout: ProgrammeLayout;
  profile: Pick<DeliveryProfile, 'audio' | 'container' | 'faststart'>;
  outPath: string;
  /**
   * Faststart by reserving room for the index at the start (`-moov_size`, sized from the layout):
   * the file is written once. False: `+faststart`, which writes the file again to move the index
   * (the fallback when the reserve was too small).
   */
  reserveIndex?: boolean;
}): string[] {
  const mxf = profile.container === 'mxf';
  const audioDemuxer = audioIsEncoded && !mxf ? 'mov' : 'wav';
  const statements: string[] = [];
  let audioMaps: string[];
  if (!audioIsEncoded) {
    statements.push(...buildProgrammeAudioGraph({ layout, input: '1:a:0', output: mxf ? 'stereo' : 'aout' }));
  }
  if (mxf) {
    const tracks = profile.audio.tracks.kind === 'mono-tracks' ? profile.audio.tracks : { count: 2, left: 0, right: 1 };
    const source = audioIsEncoded ? '1:a:0' : 'stereo';
    const silent = tracks.count - 2;
    if (silent === 0) {
      statements.push(`[${source}]channelsplit=channel_layout=stereo[left][right]`);
    } else {
      // Tracks that do not carry the programme are written silent (the same length, from the same clock).
      const labels = Array.from({ length: silent }, (_, i) => `[mute${i}]`).join('');
      statements.push(`[${source}]asplit=2[programme_lr][programme_mute]`);
      statements.push('[programme_lr]channelsplit=channel_layout=stereo[left][right]');
      statements.push(`[programme_mute]pan=mono|c0=0*c0${silent > 1 ? `,asplit=${silent}` : ''}${labels}`);
    }
    let next = 0;
    audioMaps = Array.from({ length: tracks.count }, (_, track) => [
      '-map',
      track === tracks.left ? '[left]' : track === tracks.right ? '[right]' : `[mute${next++}]`,
    ]).flat();
  } else {
    audioMaps = audioIsEncoded ? ['-map', '1:a:0'] : ['-map', '[aout]'];
  }
  const audioCodec = audioIsEncoded && !mxf ? ['-c:a', 'copy'] : buildAudioEncoderArgs({ audio: profile.audio });
  const video =
    videoList !== undefined ? concatListInput({ listPath: videoList }) : videoPath !== undefined ? ownInput({ path: videoPath, demuxer: 'mov' }) : null;
  if (video === null) throw new TypeError('buildMuxArgs needs videoPath or videoList');
  return [
    ...withInputQueue(video),
    ...withInputQueue(ownInput({ path: audioPath, demuxer: audioDemuxer })),
    ...(statements.length > 0 ? ['-filter_complex', statements.join(';')] : []),
    '-map',
    '0:v:0',
    ...audioMaps,
    '-c:v',
    'copy',
    ...audioCodec,
    // The concat demuxer does not carry the parts' frame rate, and the MXF muxer needs it (XDCAM is 25 fps).
    ...(mxf ? ['-r', String(FPS)] : []),
    ...buildCleanOutputArgs(),
    '-metadata',
    `timecode=${layout.fileStartTimecode}`,
    ...(mxf ? ['-f', 'mxf'] : [...(profile.faststart ? faststartArgs({ layout, reserveIndex }) : []), '-f', 'mp4']),
    toOutputUrl({ path: outPath }),
  ];
}

/**
 * Packets each input's reader thread may queue ahead of the muxer. ffmpeg reads every input of a
 * multi-input run on its own thread and hands packets over through a queue of 8 by default; a
 * stream copy drains it faster than it fills, so reader and muxer wake each other for every
 * packet (a 13-minute review: ~56 000 packets, the mux on the render's critical path). With 256
 * the review's mux takes ~1.5 s instead of ~1.9 s (same bytes); the memory it may hold is 256
 * packets per input (~64 MB of 50 Mbit/s XDCAM at worst).
 */
const MUX_INPUT_QUEUE_PACKETS = 256;

function withInputQueue(input: readonly string[]): string[] {
  return ['-thread_queue_size', String(MUX_INPUT_QUEUE_PACKETS), ...input];
}

/** A file the renderer wrote itself, read with its demuxer forced and only `file:`. */
function ownInput({ path, demuxer }: { path: string; demuxer: string }): string[] {
  return ['-protocol_whitelist', 'file', '-format_whitelist', demuxer, '-f', demuxer, '-i', toOutputUrl({ path })];
}

/** ffmpeg's words when the reserved index room was too small (it still exits 0). */
export const MOOV_RESERVE_TOO_SMALL = /reserved_moov_size is too small/;

/**
 * The index first: room reserved from the sample counts (every video frame and AAC frame costs at
 * most ~16 bytes across the sample tables; a timecode track and headers fit in the margin), or a
 * second pass that moves it.
 */
function faststartArgs({ layout, reserveIndex }: { layout: ProgrammeLayout; reserveIndex: boolean }): string[] {
  if (!reserveIndex) return ['-movflags', '+faststart'];
  const audioFrames = Math.ceil((layout.totalFrames * (SAMPLE_RATE / 25)) / 1024);
  const bytes = Math.ceil((layout.totalFrames * 24 + audioFrames * 16 + 256 * 1024) / 4096) * 4096;
  return ['-moov_size', String(bytes)];
}
