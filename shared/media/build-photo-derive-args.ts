import type { ProbeFacts } from '../domain/media-facts.ts';
import { buildInputArgs, toOutputUrl, withDemuxer } from './build-input-args.ts';
import type { MediaSource } from './media-tools.ts';
import { orientationFilters } from './orientation-filters.ts';
import type { PhotoDerivePlan } from './plan-photo-derivatives.ts';

/**
 * One ffmpeg pass making `preview.jpg` (within 1920×1080) and `poster.jpg` (within 480×480) from a
 * photo: transparency composited onto black (`premultiply`: colour × alpha is exactly "over black"),
 * scaled once at the source orientation (cheaper on a 24-megapixel picture), then turned upright.
 */
export function buildPhotoDeriveArgs({
  source,
  facts,
  plan,
  outputs,
}: {
  source: MediaSource;
  facts: ProbeFacts;
  plan: PhotoDerivePlan;
  outputs: { preview: string; poster: string };
}): string[] {
  const { filters, swapsSides } = orientationFilters({ orientation: plan.orientation });
  const scaled = swapsSides ? { width: plan.preview.height, height: plan.preview.width } : plan.preview;
  const chain = [...(plan.flattenAlpha ? ['premultiply=inplace=1'] : []), `scale=${scaled.width}:${scaled.height}:flags=lanczos`, 'setsar=1', ...filters];
  const graph = [`[0:V:0]${chain.join(',')},split=2[preview][rest]`, `[rest]scale=${plan.poster.width}:${plan.poster.height}:flags=lanczos[poster]`].join(';');
  const jpeg = (quality: string) => [
    '-frames:v',
    '1',
    '-c:v',
    'mjpeg',
    '-q:v',
    quality,
    '-pix_fmt',
    'yuvj420p',
    '-map_metadata',
    '-1',
    '-f',
    'image2',
    '-update',
    '1',
  ];
  return [
    // Debian's ffmpeg 5.1 turns JPEGs by their EXIF orientation itself (the decoder exports it as
    // a frame display matrix), older and other builds do not, and ffprobe never reports it. Off,
    // so exifr's reading, the same one the probe facts use, decides in every build.
    ...buildInputArgs({ source: withDemuxer({ source, facts }), autorotate: false }),
    '-filter_complex',
    graph,
    '-map',
    '[preview]',
    ...jpeg('3'),
    toOutputUrl({ path: outputs.preview }),
    '-map',
    '[poster]',
    ...jpeg('4'),
    toOutputUrl({ path: outputs.poster }),
  ];
}
