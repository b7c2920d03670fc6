import { z } from 'zod';

/**
 * The index of an HLS ladder (role `hls-index`, stored as `hls/index.json` beside the master
 * playlist): every file of the ladder with its blob key, so the watch page can serve them and a
 * delivery can be copied or removed whole, without a render record listing hundreds of segments.
 * Names are relative to the `hls/` folder (`720p/seg-00003.ts`); the master playlist is
 * `master.m3u8` and is listed too.
 */
export const HlsIndexSchema = z.object({
  segmentSeconds: z.number().positive(),
  /** The programme's frames (25 fps): every rung lasts exactly this long. */
  durationFrames: z.number().int().nonnegative(),
  /** Highest first, as in the master playlist. */
  renditions: z.array(
    z.object({
      name: z.string(),
      width: z.number().int().positive(),
      height: z.number().int().positive(),
      /** Peak segment bit rate (RFC 8216 `BANDWIDTH`), bit/s, measured from the segments. */
      bandwidth: z.number().int().positive(),
      averageBandwidth: z.number().int().positive(),
      /** The rung's media playlist, relative to `hls/` (`720p/index.m3u8`). */
      playlist: z.string(),
    }),
  ),
  files: z.array(
    z.object({
      name: z.string(),
      key: z.string(),
      contentType: z.string(),
      sizeBytes: z.number().int().nonnegative(),
    }),
  ),
});
export type HlsIndex = z.infer<typeof HlsIndexSchema>;

/** Content types of the ladder's files: playlists and MPEG-TS segments. */
export const HLS_CONTENT_TYPES = { playlist: 'application/vnd.apple.mpegurl', segment: 'video/mp2t' } as const;
