import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILES } from '../../../shared/domain/delivery-profiles.ts';
import { buildCleanOutputArgs, buildVideoEncoderArgs, SEGMENT_ENCODER_THREADS } from '../../../shared/media/index.ts';
import { argAfter } from '../../helpers/tool-args.ts';

/** The value that follows `flag`. */
describe('buildVideoEncoderArgs', () => {
  it('encodes the review profile as x264 Baseline, constant QP 22, ultrafast, 4:2:0, GOP 25', () => {
    const args = buildVideoEncoderArgs({ video: DEFAULT_PROFILES.review.video });
    expect(argAfter(args, '-c:v')).toBe('libx264');
    expect(argAfter(args, '-preset')).toBe('ultrafast');
    expect(argAfter(args, '-profile:v')).toBe('baseline');
    expect(argAfter(args, '-pix_fmt')).toBe('yuv420p');
    expect(argAfter(args, '-qp')).toBe('22');
    expect(args).not.toContain('-crf');
    expect(args).not.toContain('-b:v');
    expect(argAfter(args, '-g')).toBe('25');
  });

  it('uses the bitrate, maxrate and buffer of bitrate profiles instead of CRF', () => {
    const args = buildVideoEncoderArgs({ video: DEFAULT_PROFILES.screening.video });
    expect(argAfter(args, '-b:v')).toBe('20000k');
    expect(argAfter(args, '-maxrate')).toBe('24000k');
    expect(argAfter(args, '-bufsize')).toBe('30000k');
    expect(args).not.toContain('-crf');
    expect(args).not.toContain('-qp');
  });

  it('uses CRF when a profile sets no bitrate and no QP', () => {
    const args = buildVideoEncoderArgs({ video: { ...DEFAULT_PROFILES.review.video, qp: undefined, crf: 24 } });
    expect(argAfter(args, '-crf')).toBe('24');
    expect(args).not.toContain('-qp');
  });

  it.each(['review', 'broadcast', 'screening', 'web'] as const)('makes closed GOPs of the profile length starting with an IDR (%s)', (id) => {
    const video = DEFAULT_PROFILES[id].video;
    const args = buildVideoEncoderArgs({ video });
    expect(argAfter(args, '-g')).toBe(String(video.gopFrames));
    expect(argAfter(args, '-keyint_min')).toBe(String(video.gopFrames));
    expect(argAfter(args, '-sc_threshold')).toBe('0');
    const x264 = argAfter(args, '-x264-params')!.split(':');
    expect(x264).toContain('open-gop=0');
    expect(x264).toContain('stitchable=1');
  });

  it('encodes on one thread (x264 threads are not deterministic) with bitexact flags, so a re-render is byte-identical', () => {
    const args = buildVideoEncoderArgs({ video: DEFAULT_PROFILES.web.video });
    expect(SEGMENT_ENCODER_THREADS).toBe(1);
    expect(argAfter(args, '-threads')).toBe('1');
    expect(argAfter(args, '-flags:v')).toContain('+bitexact');
    expect(buildVideoEncoderArgs({ video: DEFAULT_PROFILES.web.video, threads: 4 })).toContain('4');
  });

  it('codes the broadcast profile interlaced, top field first', () => {
    const args = buildVideoEncoderArgs({ video: DEFAULT_PROFILES.broadcast.video });
    expect(argAfter(args, '-flags:v')).toBe('+bitexact+ilme+ildct');
    expect(argAfter(args, '-top')).toBe('1');
    expect(argAfter(args, '-x264-params')!.split(':')).toContain('tff=1');
  });

  it('codes progressive profiles without interlace flags', () => {
    const args = buildVideoEncoderArgs({ video: DEFAULT_PROFILES.screening.video });
    expect(argAfter(args, '-flags:v')).toBe('+bitexact');
    expect(args).not.toContain('-top');
    expect(argAfter(args, '-x264-params')!.split(':')).not.toContain('tff=1');
  });

  it('follows the XDCAM HD422 recipe for the MXF profile: MPEG-2 4:2:2 at high level, CBR 50 Mbit/s, closed GOP of 12', () => {
    const args = buildVideoEncoderArgs({ video: DEFAULT_PROFILES['broadcast-mxf'].video });
    expect(argAfter(args, '-c:v')).toBe('mpeg2video');
    expect(argAfter(args, '-profile:v')).toBe('0');
    expect(argAfter(args, '-level:v')).toBe('2');
    expect(argAfter(args, '-pix_fmt')).toBe('yuv422p');
    expect(argAfter(args, '-b:v')).toBe('50000k');
    expect(argAfter(args, '-minrate')).toBe('50000k');
    expect(argAfter(args, '-maxrate')).toBe('50000k');
    expect(argAfter(args, '-g')).toBe('12');
    expect(argAfter(args, '-flags:v')).toBe('+bitexact+ilme+ildct+cgop');
    expect(argAfter(args, '-top')).toBe('1');
    expect(argAfter(args, '-sc_threshold')).toBe('1000000000');
    expect(argAfter(args, '-alternate_scan')).toBe('1');
    expect(args).not.toContain('-x264-params');
  });

  it('tags the picture BT.709', () => {
    const args = buildVideoEncoderArgs({ video: DEFAULT_PROFILES.review.video });
    expect(argAfter(args, '-colorspace')).toBe('bt709');
    expect(argAfter(args, '-color_primaries')).toBe('bt709');
    expect(argAfter(args, '-color_trc')).toBe('bt709');
  });
});

describe('buildCleanOutputArgs', () => {
  it('drops source metadata and chapters and writes bitexact containers', () => {
    expect(buildCleanOutputArgs()).toEqual(['-map_metadata', '-1', '-map_chapters', '-1', '-fflags', '+bitexact']);
  });
});
