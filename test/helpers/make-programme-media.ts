/**
 * Finished programmes as a partner studio would send them, in miniature: 320×180 H.264 flagged
 * interlaced top field first (as 1080i50 is) at 25 frames a second, 8 s, with 5.1 sound (six PCM
 * channels) whose level moves all the time, in a QuickTime file. The "revised" one differs from
 * the first in exactly 00:00:03:00–00:00:05:00: a flat red picture and a quiet 300 Hz tone.
 * Generated with ffmpeg's lavfi sources and cached like the other test media.
 */
import { cached, ffmpeg } from './media-cache.ts';

const HELPER_VERSION = 'make-programme-media-v1';

/** The programme's length, and the range the revised one replaces (frames at 25 fps, end exclusive). */
export const PROGRAMME_FRAMES = 200;
export const REVISED_RANGE = { startFrame: 75, endFrame: 125 } as const;

const LEVEL = '0.3*sin(2*PI*440*t)*(0.55+0.45*sin(2*PI*0.9*t))';

/** `startTimecode`: the file's timecode track starts there (a master with a line-up: before 10:00:00:00). */
export function makeProgramme({ revised = false, startTimecode }: { revised?: boolean; startTimecode?: string } = {}): Promise<string> {
  const recipe = { revised, LEVEL, size: '320x180', seconds: 8, ...(startTimecode ? { startTimecode } : {}) };
  return cached({
    namespace: HELPER_VERSION,
    name: `${revised ? 'programme-revised' : 'programme'}${startTimecode ? '-tc' : ''}.mov`,
    recipe,
    build: async (out) => {
      const picture = revised
        ? 'testsrc2=s=320x180:r=25:d=8,split=2[a][c];[a]trim=0:3,setpts=PTS-STARTPTS[a1];[c]trim=5:8,setpts=PTS-STARTPTS[c1];' +
          'color=c=0xC03020:s=320x180:r=25:d=2[m];[a1][m][c1]concat=n=3:v=1:a=0,format=yuv420p[v]'
        : 'testsrc2=s=320x180:r=25:d=8,format=yuv420p[v]';
      const level = revised ? `if(between(t,3,5),0.02*sin(2*PI*300*t),${LEVEL})` : LEVEL;
      // L R C LFE Ls Rs: each channel its own share of the programme.
      const sound = `aevalsrc='${level}|${level}|0.7*${level}|0.1*${level}|0.5*${level}|0.5*${level}':s=48000:d=8:c=5.1[s]`;
      await ffmpeg([
        '-filter_complex',
        `${picture};${sound}`,
        '-map',
        '[v]',
        '-map',
        '[s]',
        '-c:v',
        'libx264',
        '-preset',
        'ultrafast',
        '-flags',
        '+ildct+ilme',
        '-x264opts',
        'tff=1',
        '-field_order',
        'tt',
        '-c:a',
        'pcm_s16le',
        '-shortest',
        ...(startTimecode ? ['-timecode', startTimecode] : []),
        '-f',
        'mov',
        out,
      ]);
    },
  });
}

/** The SRT the studio sends with it (Vietnamese, UTF-8). */
export const PROGRAMME_SRT = '1\n00:00:01,000 --> 00:00:03,000\nChương trình hoàn chỉnh\n\n2\n00:00:04,000 --> 00:00:06,500\nTừ đối tác sản xuất\n';

/**
 * A finished programme as XDCAM HD422 carries it, in miniature: MPEG-2 4:2:2 interlaced TFF in
 * MXF with one mono 24-bit track per channel — track 1 (left) a 440 Hz tone, track 2 (right)
 * silent, tracks 3–4 (M&E) loud noise that must not reach the stereo programme. 4 s.
 */
export function makeXdcamProgramme(): Promise<string> {
  return cached({
    namespace: HELPER_VERSION,
    name: 'programme-xdcam.mxf',
    recipe: { tracks: 4, seconds: 4 },
    build: async (out) => {
      await ffmpeg([
        '-f',
        'lavfi',
        '-i',
        'testsrc2=s=320x180:r=25:d=4',
        '-f',
        'lavfi',
        '-i',
        'sine=f=440:r=48000:d=4',
        '-f',
        'lavfi',
        '-i',
        'anullsrc=r=48000:cl=mono:d=4',
        '-f',
        'lavfi',
        '-i',
        'anoisesrc=r=48000:a=0.3:d=4',
        '-f',
        'lavfi',
        '-i',
        'anoisesrc=r=48000:a=0.3:d=4:seed=7',
        '-map',
        '0:v',
        '-map',
        '1:a',
        '-map',
        '2:a',
        '-map',
        '3:a',
        '-map',
        '4:a',
        '-c:v',
        'mpeg2video',
        '-pix_fmt',
        'yuv422p',
        '-b:v',
        '2M',
        '-flags',
        '+ildct+ilme',
        '-top',
        '1',
        '-c:a',
        'pcm_s24le',
        '-t',
        '4',
        '-f',
        'mxf',
        out,
      ]);
    },
  });
}

/**
 * A 1080p50-style master in miniature: 320×180 progressive at 50 pictures a second, 2 s, stereo.
 * Each picture is flat grey, its level stepping with the picture's number (16 + 4 × (n mod 50)),
 * so a field of the delivered file tells which source picture it came from.
 */
export function makeProgramme50p(): Promise<string> {
  return cached({
    namespace: HELPER_VERSION,
    name: 'programme-50p.mov',
    recipe: { size: '320x180', rate: 50, seconds: 2, level: '16+4*mod(N,50)' },
    build: async (out) => {
      await ffmpeg([
        '-f',
        'lavfi',
        '-i',
        "color=c=black:s=320x180:r=50:d=2,format=yuv420p,geq=lum='16+4*mod(N,50)':cb=128:cr=128",
        '-f',
        'lavfi',
        '-i',
        'sine=f=440:r=48000:d=2',
        '-ac',
        '2',
        '-c:v',
        'libx264',
        '-preset',
        'ultrafast',
        '-qp',
        '0',
        '-c:a',
        'pcm_s16le',
        '-f',
        'mov',
        out,
      ]);
    },
  });
}

/**
 * A finished programme as an edit suite exports it, in miniature (320×180, 25p, 4 s, stereo tone):
 * ProRes 422 HQ (10-bit 4:2:2) with 24-bit PCM in QuickTime, or DNxHR LB (8-bit 4:2:2) with 16-bit
 * PCM in MXF OP1a, as Premiere Pro and DaVinci Resolve write them.
 */
export function makeStudioMaster({ codec }: { codec: 'prores' | 'dnxhr' }): Promise<string> {
  const prores = codec === 'prores';
  return cached({
    namespace: HELPER_VERSION,
    name: prores ? 'programme-prores.mov' : 'programme-dnxhr.mxf',
    recipe: { codec, size: '320x180', seconds: 4 },
    build: async (out) => {
      await ffmpeg([
        '-f',
        'lavfi',
        '-i',
        'testsrc2=s=320x180:r=25:d=4',
        '-f',
        'lavfi',
        '-i',
        'sine=f=440:r=48000:d=4',
        '-ac',
        '2',
        ...(prores
          ? ['-c:v', 'prores_ks', '-profile:v', '3', '-pix_fmt', 'yuv422p10le', '-c:a', 'pcm_s24le', '-f', 'mov']
          : ['-c:v', 'dnxhd', '-profile:v', 'dnxhr_lb', '-pix_fmt', 'yuv422p', '-c:a', 'pcm_s16le', '-f', 'mxf']),
        out,
      ]);
    },
  });
}
