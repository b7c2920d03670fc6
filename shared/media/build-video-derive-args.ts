import type { ProbeFacts } from '../domain/media-facts.ts';
import { buildInputArgs, toOutputUrl, withDemuxer } from './build-input-args.ts';
import { buildSoundOutputArgs } from './build-sound-args.ts';
import type { MediaSource } from './media-tools.ts';
import { PROXY_FPS, type VideoDerivePlan } from './plan-video-derivatives.ts';
import { SAMPLE_RATE } from '../domain/project.ts';

/**
 * The arguments of the one ffmpeg pass that makes a clip's proxy MP4 and thumbnail strip and
 * measures its loudness. The picture is decoded once: deinterlaced (bwdif) when interlaced, made
 * 25 fps CFR, scaled once, then split between the proxy encoder and the strip. Rotation is left to
 * ffmpeg's autorotate, which turns the picture before the graph. The sound is measured
 * (`ebur128=peak=true`, summary on stderr) on the original channels, then mixed to stereo 48 kHz.
 * A clip without sound gets a proxy without an audio track: nothing is invented. With
 * `outputs.sound`, the same pass writes the sound as the programme mix reads it.
 *
 * The proxy is coded with CAVLC, not CABAC (`-coder cavlc`): the review render decodes every proxy
 * frame it uses, and CAVLC decodes in about two thirds of the CPU time (960×540: 1.0 ms a frame
 * against 1.5 ms) for ~12 % more bytes at the same quality (PSNR unchanged).
 *
 * @example buildVideoDeriveArgs({ source, facts, plan: planVideoDerivatives({ facts }), outputs: { proxy: '/tmp/x/proxy.mp4', thumbnails: '/tmp/x/thumbnails.jpg' } })
 */
export function buildVideoDeriveArgs({
  source,
  facts,
  plan,
  outputs,
  preset = 'superfast',
}: {
  source: MediaSource;
  facts: ProbeFacts;
  plan: VideoDerivePlan;
  /** `sound`: where the clip's sound goes as the programme mix reads it (`buildSoundOutputArgs`), when it has sound. */
  outputs: { proxy: string; thumbnails: string; sound?: string };
  /**
   * x264 preset of the proxy. `superfast` by default: the proxy encoder is the largest share of
   * the pass, and superfast spends about 15 % less CPU than veryfast for a 540p picture that looks
   * the same in review (measured on 2 cores: ingest of 1080p25 H.264 at ~7–8× real time).
   */
  preset?: 'veryfast' | 'superfast' | 'ultrafast';
}): string[] {
  const { tile, durationSeconds } = plan;
  // Tile k shows the first frame of the k-th tenth of the clip, counted from the middle of the
  // first tenth (past a fade-in): slots cannot drift, so the last tile is never lost at the end.
  const slot = (durationSeconds / tile.count).toFixed(6);
  const start = (durationSeconds / tile.count / 2).toFixed(6);
  const pickThumbnails = `select='gte(t,${start})*(isnan(prev_selected_t)+gt(floor((t-${start})/${slot}),floor((prev_selected_t-${start})/${slot})))'`;
  const graph = [
    `[0:V:0]${pictureChain({ plan })},split=2[vproxy][vthumbs]`,
    `[vthumbs]${pickThumbnails},scale=${tile.width}:${tile.height}:flags=bilinear,tile=${tile.count}x1[thumbs]`,
  ];
  const merged = plan.hasAudio && plan.mergedTracks > 1;
  if (merged) {
    // One mono track per channel (XDCAM MXF): joined in track order into one sound, which the
    // sound file keeps whole (the mix picks the programme's channels by the declared layout).
    const tracks = Array.from({ length: plan.mergedTracks }, (_, i) => `[0:a:${i}]`).join('');
    graph.push(`${tracks}amerge=inputs=${plan.mergedTracks}${outputs.sound !== undefined ? ',asplit=2[asource][asound]' : '[asource]'}`);
  }
  if (plan.hasAudio) {
    // The explicit aresample keeps the proxy's stereo from reaching back through format
    // negotiation: without it ebur128 would measure an already downmixed (or upmixed) signal.
    graph.push(
      `[${merged ? 'asource' : '0:a:0'}]ebur128=peak=true:framelog=verbose,aresample,aformat=sample_fmts=fltp:sample_rates=${SAMPLE_RATE}:channel_layouts=stereo[aproxy]`,
    );
  }
  return [
    ...buildInputArgs({ source: withDemuxer({ source, facts }) }),
    '-filter_complex',
    graph.join(';'),
    '-map',
    '[vproxy]',
    ...(plan.hasAudio ? ['-map', '[aproxy]'] : []),
    '-c:v',
    'libx264',
    '-preset',
    preset,
    '-crf',
    '23',
    '-profile:v',
    'high',
    '-coder',
    'cavlc',
    '-pix_fmt',
    'yuv420p',
    '-g',
    String(PROXY_FPS * 2),
    '-fps_mode',
    'cfr',
    ...(plan.hasAudio ? ['-c:a', 'aac', '-b:a', '128k', '-ar', String(SAMPLE_RATE), '-ac', '2'] : []),
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
    '[thumbs]',
    '-frames:v',
    '1',
    ...jpegOutput(),
    '-f',
    'image2',
    '-update',
    '1',
    toOutputUrl({ path: outputs.thumbnails }),
    ...(plan.hasAudio && outputs.sound !== undefined ? buildSoundOutputArgs({ outPath: outputs.sound, ...(merged ? { map: '[asound]' } : {}) }) : []),
  ];
}

/**
 * The arguments of the poster: one frame at `plan.posterAtSeconds`, reached by input seeking
 * (no decoding from the start), at the proxy's size.
 */
export function buildPosterArgs({ source, facts, plan, output }: { source: MediaSource; facts: ProbeFacts; plan: VideoDerivePlan; output: string }): string[] {
  return [
    ...buildInputArgs({ source: withDemuxer({ source, facts }), seekSeconds: plan.posterAtSeconds }),
    '-map',
    '0:V:0',
    '-an',
    '-sn',
    '-dn',
    '-vf',
    pictureChain({ plan, fps: false }),
    '-frames:v',
    '1',
    ...jpegOutput(),
    '-f',
    'image2',
    '-update',
    '1',
    toOutputUrl({ path: output }),
  ];
}

function pictureChain({ plan, fps = true }: { plan: VideoDerivePlan; fps?: boolean }): string {
  return [
    ...(plan.deinterlace ? [`bwdif=mode=send_frame:parity=${plan.deinterlace}:deint=all`] : []),
    // fps before scale: frames that will be dropped (50p, 29.97) are never scaled.
    ...(fps ? [`fps=${PROXY_FPS}`] : []),
    `scale=${plan.proxy.width}:${plan.proxy.height}:flags=bilinear`,
    'setsar=1',
    'format=yuv420p',
  ].join(',');
}

function jpegOutput(): string[] {
  return ['-c:v', 'mjpeg', '-q:v', '4', '-pix_fmt', 'yuvj420p', '-map_metadata', '-1'];
}
