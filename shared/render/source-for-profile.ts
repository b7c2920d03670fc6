import { RenderError } from './render-error.ts';
import type { Asset, ProbeFacts } from '../domain/index.ts';
import type { DeliveryProfile } from '../domain/delivery-profiles.ts';
import type { SourceRef } from '../media/render/render-spec.ts';

/**
 * Which stored file a render reads for each asset:
 * - clips: the ingest proxy for a profile that renders from proxies (review: 960×540, 25 fps CFR,
 *   progressive, upright — fast to decode), the original otherwise;
 * - photos: the upright, alpha-flattened preview (≤ 1920×1080) for every profile;
 * - narration and music: the original.
 * Derived files are ours; their demuxer is known. Originals use the demuxer ingest found.
 */
export function sourceForProfile({ profile }: { profile: Pick<DeliveryProfile, 'source'> }): (asset: Asset) => SourceRef {
  return (asset) => {
    const probe = asset.probe;
    if (probe === null) throw RenderError.assetNotReady({ assetId: asset.id });
    if (asset.kind === 'photo') {
      const preview = asset.derivatives.preview;
      if (!preview?.width || !preview.height) throw RenderError.assetNotReady({ assetId: asset.id });
      return {
        assetId: asset.id,
        sha256: asset.original.sha256,
        key: preview.key,
        demuxer: 'jpeg_pipe',
        facts: uprightFacts({ probe, width: preview.width, height: preview.height, still: true }),
      };
    }
    const proxy = asset.derivatives.proxy;
    if (profile.source === 'proxy' && probe.video !== null && proxy?.width && proxy.height) {
      return {
        assetId: asset.id,
        sha256: asset.original.sha256,
        key: proxy.key,
        demuxer: 'mov',
        facts: uprightFacts({ probe, width: proxy.width, height: proxy.height, still: false }),
      };
    }
    return { assetId: asset.id, sha256: asset.original.sha256, key: asset.original.key, demuxer: probe.demuxer, facts: probe };
  };
}

/** The facts of a file ingest derived: square pixels, upright, progressive, 25 fps, 8-bit 4:2:0, stereo AAC. */
function uprightFacts({ probe, width, height, still }: { probe: ProbeFacts; width: number; height: number; still: boolean }): ProbeFacts {
  return {
    ...probe,
    demuxer: still ? 'jpeg_pipe' : 'mov',
    video: {
      codec: still ? 'mjpeg' : 'h264',
      width,
      height,
      displayWidth: width,
      displayHeight: height,
      rotation: 0,
      sampleAspectRatio: { num: 1, den: 1 },
      pixelFormat: still ? 'yuvj420p' : 'yuv420p',
      bitDepth: 8,
      frameRate: { num: 25, den: 1 },
      variableFrameRate: false,
      fieldOrder: 'progressive',
      hasAlpha: false,
      still,
    },
    audio: still || probe.audio === null ? null : { codec: 'aac', sampleRate: 48_000, channels: 2, channelLayout: 'stereo' },
    audioStreams: still || probe.audio === null ? 0 : 1,
  };
}

/** Image demuxers whose originals may carry transparency. */
const ALPHA_IMAGE_DEMUXERS = new Set(['png_pipe', 'webp_pipe']);

/**
 * Which file the organiser's logo is read from: the original when it is a PNG or WebP with an
 * alpha channel (the preview is flattened, and a logo is mostly transparency), else the preview.
 * The original is still read with the demuxer ingest found, never guessed.
 */
export function logoSourceFor(asset: Asset): SourceRef {
  const probe = asset.probe;
  if (probe === null) throw RenderError.assetNotReady({ assetId: asset.id });
  if (probe.video?.hasAlpha && ALPHA_IMAGE_DEMUXERS.has(probe.demuxer)) {
    return { assetId: asset.id, sha256: asset.original.sha256, key: asset.original.key, demuxer: probe.demuxer, facts: probe };
  }
  return sourceForProfile({ profile: { source: 'original' } })(asset);
}
