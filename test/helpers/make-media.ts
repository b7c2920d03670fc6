/**
 * Test media, generated with ffmpeg's lavfi sources (nothing downloaded). One function per case,
 * each returning the path of a file named like an original in the blob store: no extension.
 *
 * Files are cached in one folder under the OS temp dir, keyed by a hash of how they are made, so
 * test files that need the same clip share it and a second run starts at once. Generation writes
 * to a temporary name and renames, and a lock file keeps two test workers from making the same
 * file at the same time.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { cached as cachedFile, ffmpeg, TONE_23 } from './media-cache.ts';

/** The tools as the tests run them: the system ffmpeg, generous bounds. */
export const TEST_TOOLS = { ffmpegPath: 'ffmpeg', ffprobePath: 'ffprobe', timeoutSeconds: 120, memoryMb: 8192 };

/** How the local blob store hands a file to ffmpeg. */
export function localSource(file: string): { url: string; protocols: string } {
  return { url: file, protocols: 'file' };
}

/** Bump to regenerate every cached file. */
const HELPER_VERSION = 'make-media-v1';

const cached = (name: string, recipe: unknown, build: (out: string) => Promise<void>) => cachedFile({ namespace: HELPER_VERSION, name, recipe, build });

/** Encodes a lavfi picture (and optional sound) recipe into `out`. */
function encode({ video, audio, output }: { video?: string; audio?: string; output: string[] }) {
  return async (out: string) => {
    await ffmpeg([...(video ? ['-f', 'lavfi', '-i', video] : []), ...(audio ? ['-f', 'lavfi', '-i', audio] : []), ...output, out]);
  };
}

/** Deterministic noise (a linear congruential generator): random-looking, identical on every run. */
function noise(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

/** A camera clip: 1920×1080 25p H.264 High, 2 s, stereo AAC 1 kHz tone at −23 dBFS. */
export function makeCameraClip(): Promise<string> {
  const recipe = {
    video: 'testsrc2=s=1920x1080:r=25:d=2',
    audio: TONE_23(2),
    output: ['-c:v', 'libx264', '-preset', 'superfast', '-crf', '23', '-pix_fmt', 'yuv420p', '-g', '25', '-c:a', 'aac', '-b:a', '192k', '-f', 'mp4'],
  };
  return cached('camera-1080p25', recipe, encode(recipe));
}

/**
 * A phone clip: 640×360 coded, 29.97 fps with every 7th frame dropped (variable frame rate),
 * rotated by a display matrix (`rotate=90` metadata, written on a stream copy: ffmpeg 5.1 drops it
 * when encoding), AAC stereo 48 kHz. A white square marks the coded picture's top-left corner so a
 * test can see which way the proxy was turned.
 */
export function makePhoneClip(): Promise<string> {
  const recipe = {
    video: "color=c=0x203040:s=640x360:r=30000/1001:d=3,drawbox=x=0:y=0:w=80:h=80:c=white:t=fill,select='not(eq(mod(n\\,7)\\,3))'",
    audio: 'sine=f=440:sample_rate=48000:d=3',
    output: ['-fps_mode', 'vfr', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-ac', '2', '-f', 'mp4'],
  };
  return cached('phone-rotated-vfr', recipe, async (out) => {
    const plain = `${out}.plain`;
    await encode(recipe)(plain);
    await ffmpeg(['-i', plain, '-map', '0', '-c', 'copy', '-metadata:s:v:0', 'rotate=90', '-f', 'mp4', out]);
    await rm(plain, { force: true });
  });
}

/** A clip shot in portrait: 360×640 coded, no rotation flag, 25p, AAC. */
export function makePortraitClip(): Promise<string> {
  const recipe = {
    video: 'testsrc2=s=360x640:r=25:d=2',
    audio: 'sine=f=440:sample_rate=48000:d=2',
    output: ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-f', 'mp4'],
  };
  return cached('portrait', recipe, encode(recipe));
}

/** SD PAL 4:3 DV: dvvideo 720×576, interlaced bottom field first, SAR 16:15, mono PCM 48 kHz, in MOV. */
export function makeDvClip(): Promise<string> {
  const recipe = {
    video: 'testsrc2=s=720x576:r=25:d=2,setsar=16/15,setfield=bff',
    audio: 'sine=f=1000:sample_rate=48000:d=2',
    output: ['-c:v', 'dvvideo', '-pix_fmt', 'yuv420p', '-flags', '+ildct+ilme', '-top', '0', '-c:a', 'pcm_s16le', '-ac', '1', '-f', 'mov'],
  };
  return cached('dv-pal-4x3', recipe, encode(recipe));
}

/** 4K 50p HEVC Main 10 (yuv420p10le), 1.2 s, with 5.1 AAC. Encoded with x265 ultrafast to stay quick. */
export function makeHevc4kClip(): Promise<string> {
  const recipe = {
    video: 'testsrc2=s=960x540:r=50:d=1.2,scale=3840:2160:flags=neighbor,format=yuv420p10le',
    audio: 'sine=f=1000:sample_rate=48000:d=1.2,aformat=channel_layouts=5.1',
    output: [
      '-c:v',
      'libx265',
      '-preset',
      'ultrafast',
      '-x265-params',
      'log-level=error:bframes=0:rc-lookahead=5:sao=0',
      '-tag:v',
      'hvc1',
      '-c:a',
      'aac',
      '-f',
      'mp4',
    ],
  };
  return cached('hevc-4k50-10bit', recipe, encode(recipe));
}

/** A clip without any audio stream: 320×180 25p, 2 s. */
export function makeSilentClip(): Promise<string> {
  const recipe = { video: 'testsrc2=s=320x180:r=25:d=2', output: ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-f', 'mp4'] };
  return cached('no-audio', recipe, encode(recipe));
}

/**
 * A clip larger than Lambda's 6 MB payloads, small in pixels: 320×180 25p, 3 s of grey with
 * temporal noise on every pixel, lossless H.264 (`-qp 0`: noise does not compress, ~9.5 MB), and
 * a stereo 1 kHz tone. Its review render is larger than 6 MB too.
 */
export function makeNoisyClip(): Promise<string> {
  const recipe = {
    video: 'color=c=gray:s=320x180:r=25:d=3,noise=alls=100:allf=t',
    audio: 'sine=f=1000:r=48000:d=3',
    output: ['-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '0', '-pix_fmt', 'yuv420p', '-g', '25', '-c:a', 'aac', '-ac', '2', '-b:a', '128k', '-f', 'mp4'],
  };
  return cached('noisy-320x180-3s', recipe, encode(recipe));
}

/** WAV: PCM 16-bit 48 kHz stereo, 4 s of a 1 kHz tone at −23 dBFS. */
export function makeWav(): Promise<string> {
  const recipe = { audio: TONE_23(4), output: ['-c:a', 'pcm_s16le', '-f', 'wav'] };
  return cached('tone-23', recipe, encode(recipe));
}

/** MP3: 44.1 kHz stereo 192k, 3 s. */
export function makeMp3(): Promise<string> {
  const recipe = {
    audio: "aevalsrc='0.2*sin(2*PI*440*t)|0.2*sin(2*PI*660*t)':s=44100:d=3",
    output: ['-c:a', 'libmp3lame', '-b:a', '192k', '-f', 'mp3'],
  };
  return cached('music-mp3', recipe, encode(recipe));
}

/** A large camera JPEG: 6000×4000. */
export function makeLargeJpeg(): Promise<string> {
  const recipe = { video: 'testsrc2=s=6000x4000:d=1', output: ['-frames:v', '1', '-c:v', 'mjpeg', '-q:v', '5', '-f', 'image2', '-update', '1'] };
  return cached('photo-6000x4000', recipe, encode(recipe));
}

/**
 * A PNG with alpha, 640×360: the left half is fully transparent over white colour values (so a
 * converter that drops alpha shows white, one that composites onto black shows black), the right
 * half opaque red.
 */
export function makeAlphaPng(): Promise<string> {
  const recipe = {
    video: "color=c=white:s=640x360:d=1,format=rgba,geq=r='255':g='if(lt(X,320),255,0)':b='if(lt(X,320),255,0)':a='if(lt(X,320),0,255)'",
    output: ['-frames:v', '1', '-c:v', 'png', '-pix_fmt', 'rgba', '-f', 'image2', '-update', '1'],
  };
  return cached('photo-alpha-png', recipe, encode(recipe));
}

/**
 * A 640×360 JPEG whose EXIF says Orientation = 6 (turn 90° clockwise to view), with a white square
 * in the coded top-left corner. ffmpeg cannot write EXIF, so a minimal APP1 segment (big-endian
 * TIFF, one IFD0 entry) is spliced in right after the SOI marker.
 */
export function makeExifRotatedJpeg(): Promise<string> {
  const recipe = {
    video: 'color=c=0x203040:s=640x360:d=1,drawbox=x=0:y=0:w=80:h=80:c=white:t=fill',
    output: ['-frames:v', '1', '-c:v', 'mjpeg', '-q:v', '3', '-f', 'image2', '-update', '1'],
    orientation: 6,
  };
  return cached('photo-exif-6', recipe, async (out) => {
    const plain = `${out}.plain`;
    await encode(recipe)(plain);
    const jpeg = await readFile(plain);
    await writeFile(out, Buffer.concat([jpeg.subarray(0, 2), exifApp1({ orientation: recipe.orientation }), jpeg.subarray(2)]));
    await rm(plain, { force: true });
  });
}

function exifApp1({ orientation }: { orientation: number }): Buffer {
  const tiff = Buffer.alloc(26);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4); // IFD0 offset
  tiff.writeUInt16BE(1, 8); // one entry
  tiff.writeUInt16BE(0x0112, 10); // Orientation
  tiff.writeUInt16BE(3, 12); // SHORT
  tiff.writeUInt32BE(1, 14); // count
  tiff.writeUInt16BE(orientation, 18); // value, left-justified in the 4-byte field
  tiff.writeUInt32BE(0, 22); // no next IFD
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const header = Buffer.alloc(4);
  header.writeUInt16BE(0xffe1, 0);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, payload]);
}

// ── Files ingest must refuse ────────────────────────────────────────────────────────────────

export function makeEmptyFile(): Promise<string> {
  return cached('empty', {}, (out) => writeFile(out, ''));
}

/** 64 KiB of noise (deterministic, checked not to look like any container). */
export function makeRandomBytes(): Promise<string> {
  return cached('random-bytes', { seed: 20260101 }, (out) => writeFile(out, noise(64 * 1024, 20260101)));
}

/** A plain text file that is no known format. */
export function makeTextFile(): Promise<string> {
  const text = 'Danh sách khách mời đại hội\nNguyễn Văn A\nTrần Thị B\nPhòng họp tầng 3\n'.repeat(20);
  return cached('text', { text }, (out) => writeFile(out, text, 'utf8'));
}

/** A base clip for the damaged cases: 320×180 25p H.264 + AAC, 3 s, index (`moov`) at the end. */
function damagedBase(): { recipe: { video: string; audio: string; output: string[] } } {
  return {
    recipe: {
      video: 'testsrc2=s=320x180:r=25:d=3',
      audio: 'sine=f=440:sample_rate=48000:d=3',
      output: ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-f', 'mp4'],
    },
  };
}

/** An MP4 cut in half, index at the end: the index is missing ("moov atom not found"). */
export function makeTruncatedMp4(): Promise<string> {
  const { recipe } = damagedBase();
  return cached('truncated-moov-end', recipe, async (out) => {
    const whole = `${out}.whole`;
    await encode(recipe)(whole);
    const bytes = await readFile(whole);
    await writeFile(out, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await rm(whole, { force: true });
  });
}

/** An MP4 with its index first (`+faststart`) cut in half: it opens, but half its data is gone. */
export function makeTruncatedFaststartMp4(): Promise<string> {
  const { recipe } = damagedBase();
  const withFaststart = { ...recipe, output: [...recipe.output.slice(0, -2), '-movflags', '+faststart', '-f', 'mp4'] };
  return cached('truncated-faststart', withFaststart, async (out) => {
    const whole = `${out}.whole`;
    await encode(withFaststart)(whole);
    const bytes = await readFile(whole);
    await writeFile(out, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await rm(whole, { force: true });
  });
}

/** An MP4 whose media data is overwritten with noise from 40 % to 60 % of the file (index intact). */
export function makeUndecodableMp4(): Promise<string> {
  const { recipe } = damagedBase();
  return cached('undecodable', { recipe, corrupt: [0.4, 0.6] }, async (out) => {
    const whole = `${out}.whole`;
    await encode(recipe)(whole);
    const bytes = await readFile(whole);
    const from = Math.floor(bytes.length * 0.4);
    const to = Math.floor(bytes.length * 0.6);
    noise(to - from, 7).copy(bytes, from);
    await writeFile(out, bytes);
    await rm(whole, { force: true });
  });
}

/** Cinepak video in AVI: ffmpeg reads and writes it, ingest does not accept it. */
export function makeUnsupportedCodecAvi(): Promise<string> {
  const recipe = {
    video: 'testsrc2=s=320x180:r=25:d=1.2',
    audio: 'sine=f=440:sample_rate=48000:d=1.2',
    output: ['-c:v', 'cinepak', '-c:a', 'pcm_s16le', '-f', 'avi'],
  };
  return cached('cinepak-avi', recipe, encode(recipe));
}

/** The local file the playlists below point at: its name and contents must never be echoed. */
export const PLAYLIST_TARGET = '/etc/hostname';

/** An HLS playlist uploaded as "holiday.mp4", naming a local file as its one segment. */
export function makeHlsDisguisedAsMp4(): Promise<string> {
  const text = `#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:10\n#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:10.0,\n${PLAYLIST_TARGET}\n#EXT-X-ENDLIST\n`;
  return cached('holiday.mp4', { text }, (out) => writeFile(out, text, 'utf8'));
}

/** An ffconcat list naming a local file. */
export function makeFfconcatList(): Promise<string> {
  const text = `ffconcat version 1.0\nfile '${PLAYLIST_TARGET}'\nduration 10\n`;
  return cached('ffconcat', { text }, (out) => writeFile(out, text, 'utf8'));
}

/** A valid clip too short to use: 0.3 s. */
export function makeTooShortClip(): Promise<string> {
  const recipe = {
    video: 'testsrc2=s=320x180:r=25:d=0.3',
    audio: 'sine=f=440:sample_rate=48000:d=0.3',
    output: ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', '-f', 'mp4'],
  };
  return cached('too-short', recipe, encode(recipe));
}
