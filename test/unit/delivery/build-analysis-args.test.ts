import { describe, expect, it } from 'vitest';
import { buildAudioAnalysisArgs, buildDecodeTestArgs, buildPictureAnalysisArgs, buildThumbnailArgs } from '../../../shared/media/index.ts';

const source = { url: '/data/renders/ab/master', protocols: 'file', demuxer: 'mov' };

describe('QC argument builders', () => {
  it('opens the input through the whitelists, forcing the demuxer', () => {
    for (const args of [buildPictureAnalysisArgs({ source }), buildAudioAnalysisArgs({ source }), buildDecodeTestArgs({ source })]) {
      expect(args.slice(0, 8)).toEqual([
        '-protocol_whitelist',
        'file',
        '-format_whitelist',
        expect.any(String),
        '-f',
        'mov',
        '-i',
        'file:/data/renders/ab/master',
      ]);
      expect(args.slice(-3)).toEqual(['-f', 'null', '-']);
    }
  });

  it('runs blackdetect (pix_th 0.10), freezedetect (noise 0.001) and the luma meter in one picture pass', () => {
    const args = buildPictureAnalysisArgs({ source, fps: 25 });
    const graph = args[args.indexOf('-vf') + 1]!;
    expect(graph).toBe(
      'blackdetect=d=2:pix_th=0.10:pic_th=0.98,freezedetect=n=0.001:d=0.0600,metadata=mode=print,' +
        'scale=64:36:flags=area,format=yuv420p,signalstats,metadata=mode=print:key=lavfi.signalstats.YAVG',
    );
    expect(args).toEqual(expect.arrayContaining(['-map', '0:v:0', '-an']));
  });

  it('measures loudness with true peak and per-100 ms lines, then silence below −60 dB for 2 s', () => {
    const args = buildAudioAnalysisArgs({ source });
    expect(args[args.indexOf('-filter_complex') + 1]).toBe(
      '[0:a:0]anull[programme];[programme]ebur128=peak=true:framelog=info,aresample,silencedetect=n=-60dB:d=2[measured]',
    );
    expect(args).toEqual(expect.arrayContaining(['-map', '[measured]', '-vn']));
  });

  it('measures only the programme after a line-up, and the left and right mono tracks together', () => {
    const args = buildAudioAnalysisArgs({ source, tracks: { kind: 'mono-tracks', count: 4, left: 2, right: 3 }, range: { startFrame: 1500, frames: 250 } });
    expect(args[args.indexOf('-filter_complex') + 1]).toBe(
      '[0:a:2][0:a:3]join=inputs=2:channel_layout=stereo:map=0.0-FL|1.0-FR,atrim=start_sample=2880000:end_sample=3360000[programme];' +
        '[programme]ebur128=peak=true:framelog=info,aresample,silencedetect=n=-60dB:d=2[measured]',
    );
  });

  it('decodes every picture and sound stream in the decode test', () => {
    expect(buildDecodeTestArgs({ source })).toEqual(expect.arrayContaining(['-map', '0:v?', '-map', '0:a?']));
  });

  it('takes each thumbnail from its own accurately seeked input', () => {
    const args = buildThumbnailArgs({
      source,
      shots: [
        { timeSeconds: 2, output: '/qc/a.jpg' },
        { timeSeconds: 7.52, output: '/qc/b.jpg' },
      ],
    });
    expect(args.filter((arg) => arg === '-i')).toHaveLength(2);
    expect(args[args.indexOf('-ss') + 1]).toBe('2.000');
    expect(args).toEqual(expect.arrayContaining(['-ss', '7.520', '-map', '1:v:0', 'file:/qc/b.jpg', '-frames:v', '1']));
  });
});
