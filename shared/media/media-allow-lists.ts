/**
 * What untrusted files may be: the containers ffprobe may pick (`-format_whitelist`) and the codecs
 * ingest accepts. Everything else is refused before any decoding work is spent on it.
 */

/**
 * Demuxers allowed on untrusted input, by their ffmpeg 5.1 names (`ffprobe -demuxers`).
 * Originals are stored without a file extension, so pictures arrive through the `*_pipe`
 * demuxers, never `image2` (which expands file-name patterns).
 */
export const ALLOWED_DEMUXERS = [
  'mov',
  'matroska',
  'avi',
  'mpegts',
  'mxf',
  'dv',
  'mpeg',
  'flv',
  'asf',
  'wav',
  'w64',
  'aiff',
  'mp3',
  'aac',
  'flac',
  'ogg',
  'jpeg_pipe',
  'png_pipe',
  'webp_pipe',
  'tiff_pipe',
  'bmp_pipe',
] as const;

/** Demuxers that read other files or network streams named inside the input. */
export const REFERENCE_DEMUXERS: ReadonlySet<string> = new Set(['hls', 'applehttp', 'concat', 'dash', 'imf', 'sdp', 'rtsp', 'rtp', 'image2', 'lavfi']);

/** Demuxers of single pictures: their one frame is a photo. */
export const IMAGE_DEMUXERS: ReadonlySet<string> = new Set(['jpeg_pipe', 'png_pipe', 'webp_pipe', 'tiff_pipe', 'bmp_pipe']);

export const ALLOWED_VIDEO_CODECS: ReadonlySet<string> = new Set([
  'h264',
  'hevc',
  'mpeg1video',
  'mpeg2video',
  'mpeg4',
  'h263',
  'prores',
  'dnxhd',
  'dvvideo',
  'vp8',
  'vp9',
  'av1',
  'vc1',
  'wmv3',
  'wmv2',
  'theora',
  'ffv1',
  'rawvideo',
  'mjpeg',
  'png',
  'webp',
  'tiff',
  'bmp',
]);

export const ALLOWED_AUDIO_CODECS: ReadonlySet<string> = new Set([
  'aac',
  'mp3',
  'mp2',
  'ac3',
  'eac3',
  'opus',
  'vorbis',
  'flac',
  'alac',
  'wmav2',
  'wmapro',
  'dts',
  'amr_nb',
  'amr_wb',
]);

/** True when ingest accepts this codec for a stream of this type. */
export function isAllowedCodec({ streamType, codec }: { streamType: 'video' | 'audio'; codec: string }): boolean {
  if (streamType === 'video') return ALLOWED_VIDEO_CODECS.has(codec);
  return ALLOWED_AUDIO_CODECS.has(codec) || /^pcm_[a-z0-9]+$/.test(codec);
}
