import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILES } from '../../../shared/domain/delivery-profiles.ts';
import type { ProbeFacts, VideoFacts } from '../../../shared/domain/media-facts.ts';
import {
  ALLOWED_DEMUXERS,
  buildSegmentArgs,
  escapeFilterValue,
  mergeSegmentArgs,
  planConform,
  segmentCues,
  type BuildSegmentArgsOptions,
} from '../../../shared/media/index.ts';
import type { SegmentLayer, SegmentSpec, SourceRef } from '../../../shared/media/render/render-spec.ts';
import { argAfter } from '../../helpers/tool-args.ts';
import { videoFacts } from '../../helpers/video-facts.ts';

const video = videoFacts();

function ref(name: string, change: Partial<VideoFacts> = {}, demuxer = 'mov'): SourceRef {
  const facts: ProbeFacts = {
    demuxer,
    formatName: demuxer,
    durationSeconds: 60,
    sizeBytes: 1,
    bitRate: null,
    audioStreams: 1,
    video: { ...video, ...change },
    audio: { codec: 'aac', sampleRate: 48000, channels: 2, channelLayout: 'stereo' },
  };
  return { assetId: name, sha256: 'a'.repeat(64), key: `originals/${name}`, demuxer, facts };
}

const clip = (source: SourceRef, inSeconds = { num: 0, den: 1 }): SegmentLayer => ({ shotId: 's', visual: { type: 'clip', source, inSeconds } });

function spec(change: Partial<SegmentSpec> = {}): SegmentSpec {
  return {
    id: 'seg-1',
    startFrame: 250,
    frames: 100,
    layers: [clip(ref('a'))],
    fadeInFrames: 0,
    fadeOutFrames: 0,
    lowerThirds: [],
    cues: [],
    logo: null,
    ...change,
  };
}

function build(change: Partial<BuildSegmentArgsOptions> = {}) {
  const s = change.spec ?? spec();
  return buildSegmentArgs({
    spec: s,
    profile: DEFAULT_PROFILES.screening,
    sources: s.layers.map((layer) => ('source' in layer.visual ? { url: `/store/${layer.visual.source.key}`, protocols: 'file' } : null)),
    fontFile: '/fonts/NotoSans-Regular.ttf',
    boldFontFile: '/fonts/NotoSans-Bold.ttf',
    fontFamily: 'Noto Sans',
    versionNumber: 3,
    programmeStartFrame: 0,
    workDir: '/work/seg',
    outPath: '/cache/seg-1.mp4',
    ...change,
  });
}

const graphOf = (args: readonly string[]) => argAfter(args, '-filter_complex')!;

describe('buildSegmentArgs: inputs', () => {
  it('opens every input with the protocol whitelist, the demuxer whitelist and the forced demuxer', () => {
    const { args } = build({ spec: spec({ layers: [clip(ref('a')), clip(ref('b', {}, 'matroska'))] }) });
    const inputs = args.flatMap((arg, i) => (arg === '-i' ? [i] : []));
    expect(inputs).toHaveLength(2);
    expect(argAfter(args, '-protocol_whitelist', 0)).toBe('file');
    expect(argAfter(args, '-protocol_whitelist', 1)).toBe('file');
    expect(argAfter(args, '-format_whitelist', 0)).toBe(ALLOWED_DEMUXERS.join(','));
    expect(argAfter(args, '-format_whitelist', 1)).toBe(ALLOWED_DEMUXERS.join(','));
    expect(argAfter(args, '-f', 0)).toBe('mov');
    expect(argAfter(args, '-f', 1)).toBe('matroska');
    expect(argAfter(args, '-i', 0)).toBe('file:/store/originals/a');
    expect(argAfter(args, '-i', 1)).toBe('file:/store/originals/b');
    expect(args).not.toContain('concat');
    expect(args).not.toContain('lavfi');
  });

  it('seeks the input to the in point, rounded down to the millisecond so the in frame is never skipped', () => {
    // Frame 40 of a 29.97 fps clip is at 40 × 1001 / 30000 = 1.33467 s.
    const { args } = build({ spec: spec({ layers: [clip(ref('a'), { num: 40 * 1001, den: 30000 })] }) });
    expect(argAfter(args, '-ss')).toBe('1.334');
    expect(args.indexOf('-ss')).toBeLessThan(args.indexOf('-i'));
  });

  it('reads no input for a title card', () => {
    const { args } = build({ spec: spec({ layers: [{ shotId: 't', visual: { type: 'title', title: 'Chương 1', subtitle: '' } }] }) });
    expect(args).not.toContain('-i');
    expect(graphOf(args)).toMatch(/^color=c=0x0c2340:s=1920x1080:r=25,trim=end_frame=100,/);
  });
});

describe('buildSegmentArgs: frames and encoding', () => {
  it('makes exactly the segment frame count: fps 25, trim, tpad for a short source, trim again, -frames:v', () => {
    const { args } = build();
    const graph = graphOf(args);
    expect(graph).toContain('fps=25,trim=end_frame=100,setpts=PTS-STARTPTS');
    expect(graph).toContain('tpad=stop_mode=clone:stop=-1,trim=end_frame=100');
    expect(graph).toMatch(/settb=1\/25,setpts=N\[vout\]$/);
    expect(argAfter(args, '-frames:v')).toBe('100');
    expect(argAfter(args, '-map')).toBe('[vout]');
    expect(args).not.toContain('-c:a');
  });

  it('writes an MP4 with the profile encoder, no source metadata and bitexact flags', () => {
    const { args } = build();
    expect(argAfter(args, '-c:v')).toBe('libx264');
    expect(argAfter(args, '-map_metadata')).toBe('-1');
    expect(argAfter(args, '-fflags')).toBe('+bitexact');
    expect(args.slice(-3)).toEqual(['-f', 'mp4', 'file:/cache/seg-1.mp4']);
  });

  it("decodes and filters on one thread each when asked (runs side by side), with ffmpeg's threads otherwise", () => {
    const layers: [SegmentLayer, SegmentLayer] = [clip(ref('a')), clip(ref('b'))];
    const { args } = build({ spec: spec({ layers }), pipelineThreads: 1 });
    const inputs = args.flatMap((arg, i) => (arg === '-i' ? [i] : []));
    for (const at of inputs) expect(args.slice(0, at).lastIndexOf('-threads')).toBe(at - 2);
    expect(args.indexOf('-filter_complex_threads')).toBe(args.indexOf('-filter_complex') - 2);
    expect(argAfter(args, '-filter_complex_threads')).toBe('1');
    const alone = build({ spec: spec({ layers }) }).args;
    expect(alone).not.toContain('-filter_complex_threads');
    expect(alone.filter((arg) => arg === '-threads')).toHaveLength(1); // the encoder's
  });

  it('marks the picture top field first for an interlaced profile', () => {
    const { args } = build({ profile: DEFAULT_PROFILES.broadcast });
    expect(graphOf(args)).toContain('setfield=tff,format=yuv420p');
  });

  it('renders the MXF profile in 4:2:2', () => {
    const { args } = build({ profile: DEFAULT_PROFILES['broadcast-mxf'] });
    expect(graphOf(args)).toContain('format=yuv422p');
    expect(argAfter(args, '-c:v')).toBe('mpeg2video');
  });
});

describe('buildSegmentArgs: conforming the picture', () => {
  it('scales a 16:9 source straight to the frame with square pixels', () => {
    expect(graphOf(build().args)).toContain('scale=1920:1080:flags=bicubic');
  });

  it('pillarboxes a 4:3 source on black', () => {
    const source = ref('sd', { width: 720, height: 576, displayWidth: 768, displayHeight: 576, sampleAspectRatio: { num: 16, den: 15 } });
    const graph = graphOf(build({ spec: spec({ layers: [clip(source)] }) }).args);
    expect(graph).toContain('scale=1440:1080:flags=bicubic:in_color_matrix=bt601:out_color_matrix=bt709:out_range=tv,pad=1920:1080:240:0:black');
  });

  it('letterboxes a 2.39:1 source', () => {
    const source = ref('scope', { width: 1920, height: 804, displayWidth: 1920, displayHeight: 804 });
    expect(graphOf(build({ spec: spec({ layers: [clip(source)] }) }).args)).toContain('scale=1920:804:flags=bicubic,pad=1920:1080:0:138:black');
  });

  it('puts portrait footage in front of a blurred, darkened fill of itself', () => {
    const source = ref('phone', { width: 1080, height: 1920, displayWidth: 1080, displayHeight: 1920 });
    const graph = graphOf(build({ spec: spec({ layers: [clip(source)] }) }).args);
    expect(graph).toContain('split=2[l0_bg][l0_fg]');
    expect(graph).toMatch(
      /\[l0_bg\]scale=240:426:flags=area,crop=240:136,boxblur=2:2,lutyuv=y=val\*0\.55[^[]*,scale=1920:1080:flags=bilinear,setsar=1\[l0_fill\]/,
    );
    expect(graph).toContain('[l0_fg]scale=608:1080:flags=bicubic,setsar=1[l0_pic]');
    expect(graph).toContain('[l0_fill][l0_pic]overlay=656:0:format=yuv420[l0_fit]');
  });

  it('deinterlaces an interlaced original with bwdif, one picture per frame for a progressive profile', () => {
    const source = ref('dv', { fieldOrder: 'bff', width: 720, height: 576, displayWidth: 768, displayHeight: 576 });
    const graph = graphOf(build({ spec: spec({ layers: [clip(source)] }) }).args);
    expect(graph).toContain('[0:V:0]bwdif=mode=send_frame:parity=bff:deint=all,fps=25,trim=end_frame=100');
  });

  it('keeps field motion for an interlaced profile: a picture per field, conformed, woven back top field first', () => {
    const source = ref('tff', { fieldOrder: 'tff' });
    const graph = graphOf(build({ profile: DEFAULT_PROFILES.broadcast, spec: spec({ layers: [clip(source)] }) }).args);
    expect(graph).toContain('bwdif=mode=send_field:parity=tff:deint=all,fps=50,trim=end_frame=200');
    expect(graph).toContain('tpad=stop_mode=clone:stop=-1,trim=end_frame=200,interlace=scan=tff:lowpass=linear');
  });

  it('does not deinterlace when the review profile reads the (progressive) proxy', () => {
    const source = ref('tff', { fieldOrder: 'tff' });
    const graph = graphOf(build({ profile: DEFAULT_PROFILES.review, spec: spec({ layers: [clip(source)] }) }).args);
    expect(graph).not.toContain('bwdif');
  });
});

describe('buildSegmentArgs: photos', () => {
  const photo = ref('photo', { codec: 'mjpeg', width: 4000, height: 3000, displayWidth: 4000, displayHeight: 3000, still: true }, 'jpeg_pipe');
  const layer = (holdOffsetFrames: number, motion: 'zoom-in' | 'pan-left' = 'zoom-in'): SegmentLayer => ({
    shotId: 'p',
    visual: { type: 'photo', source: photo, motion, holdFrames: 150, holdOffsetFrames },
  });

  it('fills the frame with a 4:3 photo at twice the frame size, then moves with zoompan over the whole hold', () => {
    const { args } = build({ spec: spec({ layers: [layer(0)] }) });
    const graph = graphOf(args);
    expect(argAfter(args, '-f')).toBe('jpeg_pipe');
    expect(args).not.toContain('-ss');
    expect(graph).toContain('scale=3840:2880:flags=bicubic:in_color_matrix=bt601:out_color_matrix=bt709:out_range=tv,crop=3840:2160:0:360');
    expect(graph).toContain("zoompan=z='1+0.12*min(1,(0+on)/149)':x='(iw-iw/zoom)/2':y='(ih-ih/zoom)/2':d=100:s=1920x1080:fps=25");
  });

  it('continues the motion of a hold split across segments from its offset', () => {
    const graph = graphOf(build({ spec: spec({ frames: 50, layers: [layer(100, 'pan-left')] }) }).args);
    expect(graph).toContain("x='(iw-iw/zoom)*(1-min(1,(100+on)/149))'");
    expect(graph).toContain('d=50:');
  });
});

describe('buildSegmentArgs: combining and overlays', () => {
  it('dissolves between two layers over the whole segment', () => {
    const { args } = build({ spec: spec({ frames: 12, layers: [clip(ref('a')), clip(ref('b'))] }) });
    expect(graphOf(args)).toContain('[l0][l1]xfade=transition=fade:duration=0.48:offset=0[mix]');
    expect(graphOf(args)).toContain('[mix]');
  });

  it('fades from black over the first frames and to black over the last ones, frame-exact', () => {
    const graph = graphOf(build({ spec: spec({ fadeInFrames: 13, fadeOutFrames: 25 }) }).args);
    expect(graph).toContain('fade=t=in:s=0:n=13,fade=t=out:s=75:n=25');
  });

  it('draws a lower third from text files: name bold, position below, between its frames', () => {
    const { args, files } = build({ spec: spec({ lowerThirds: [{ name: 'Nguyễn Văn A', position: 'Chủ tịch', startFrame: 10, endFrame: 60 }] }) });
    const graph = graphOf(args);
    expect(graph).toContain(
      `drawtext=fontfile=${escapeFilterValue({ value: '/fonts/NotoSans-Bold.ttf' })}:textfile=/work/seg/lower-third0-name.txt:expansion=none`,
    );
    expect(graph).toContain(`fontfile=${escapeFilterValue({ value: '/fonts/NotoSans-Regular.ttf' })}:textfile=/work/seg/lower-third0-position.txt`);
    expect(graph).toContain("enable='between(n,10,59)'");
    expect(files).toContainEqual({ path: '/work/seg/lower-third0-name.txt', content: 'Nguyễn Văn A' });
    expect(files).toContainEqual({ path: '/work/seg/lower-third0-position.txt', content: 'Chủ tịch' });
  });

  it('keeps the lower third left in the title-safe area, above the subtitle zone when subtitles are burned in', () => {
    const graph = graphOf(build({ spec: spec({ lowerThirds: [{ name: 'A', position: 'B', startFrame: 0, endFrame: 100 }] }) }).args);
    const x = Number(/lower-third0-name\.txt:expansion=none:fontsize=\d+:fontcolor=white:x=(\d+)/.exec(graph)?.[1]);
    expect(x).toBeGreaterThanOrEqual(1920 * 0.05);
    const y = Number(/lower-third0-position\.txt:expansion=none:fontsize=\d+:fontcolor=0xf2f2f2:x=\d+:y=(\d+)/.exec(graph)?.[1]);
    expect(y).toBeLessThan(1080 * (0.95 - 2 * 0.065));
  });

  it('writes NFC text files (a decomposed title becomes precomposed)', () => {
    const decomposed = 'Đại hội'.normalize('NFD');
    const { files } = build({ spec: spec({ layers: [{ shotId: 't', visual: { type: 'title', title: decomposed, subtitle: '' } }] }) });
    expect(files[0]!.content).toBe('Đại hội'.normalize('NFC'));
  });

  it('burns subtitles from an ASS file with the fonts folder, and links the font there', () => {
    const built = build({ spec: spec({ cues: [{ startFrame: 5, endFrame: 50, lines: ['Xin chào'] }] }) });
    expect(graphOf(built.args)).toContain(
      `ass=filename=${escapeFilterValue({ value: '/work/seg/subtitles.ass' })}:fontsdir=${escapeFilterValue({ value: '/work/seg/fonts' })}`,
    );
    expect(built.links).toEqual([{ path: '/work/seg/fonts/NotoSans-Regular.ttf', target: '/fonts/NotoSans-Regular.ttf' }]);
    const ass = built.files.find((file) => file.path === '/work/seg/subtitles.ass')!.content;
    expect(ass).toContain('Dialogue: 0,0:00:00.20,0:00:02.00,Default,,0,0,0,,Xin chào');
    expect(ass).toContain('Style: Default,Noto Sans,70,');
    expect(built.burnsSubtitles).toBe(true);
  });

  it('burns no subtitles when the profile keeps a clean picture', () => {
    const built = build({ profile: DEFAULT_PROFILES.broadcast, spec: spec({ cues: [{ startFrame: 5, endFrame: 50, lines: ['Xin chào'] }] }) });
    expect(graphOf(built.args)).not.toContain('ass=');
    expect(built.burnsSubtitles).toBe(false);
  });

  it('burns the programme timecode and the versioned watermark for review, after the fades', () => {
    const built = build({ profile: DEFAULT_PROFILES.review, programmeStartFrame: 0, spec: spec({ fadeOutFrames: 10 }) });
    const graph = graphOf(built.args);
    expect(graph).toContain(`timecode=${escapeFilterValue({ value: '00:00:10:00' })}:rate=25`);
    expect(graph.indexOf('fade=t=out')).toBeLessThan(graph.indexOf('timecode='));
    expect(built.files).toContainEqual({ path: '/work/seg/watermark.txt', content: 'BẢN DUYỆT v3' });
  });

  it('starts the burned timecode at the programme start plus the segment start', () => {
    const graph = graphOf(build({ profile: DEFAULT_PROFILES.review, programmeStartFrame: 900_000 }).args);
    expect(graph).toContain(`timecode=${escapeFilterValue({ value: '10:00:10:00' })}`);
  });

  it('burns no timecode or watermark for delivery profiles', () => {
    const graph = graphOf(build({ profile: DEFAULT_PROFILES.web }).args);
    expect(graph).not.toContain('timecode=');
    expect(graph).not.toContain('watermark');
  });

  it('lists every burned text for the font check', () => {
    const built = build({
      profile: DEFAULT_PROFILES.review,
      spec: spec({ lowerThirds: [{ name: 'Ậu', position: 'Ỗ', startFrame: 0, endFrame: 10 }], cues: [{ startFrame: 0, endFrame: 10, lines: ['ặ ẫ'] }] }),
    });
    expect(built.texts).toEqual(expect.arrayContaining(['Ậu', 'Ỗ', 'ặ ẫ', 'BẢN DUYỆT v3']));
  });
});

describe('buildSegmentArgs: refusing a broken spec', () => {
  it.each([
    ['no frames', spec({ frames: 0 })],
    ['a negative fade', spec({ fadeInFrames: -1 })],
    ['three layers', spec({ layers: [clip(ref('a')), clip(ref('b')), clip(ref('c'))] as unknown as SegmentSpec['layers'] })],
  ])('refuses %s', (_name, broken) => {
    expect(() => build({ spec: broken })).toThrow(expect.objectContaining({ code: 'INVALID_RENDER_INPUT' }));
  });
});

describe('segmentCues', () => {
  it('turns segment frames into milliseconds, clipped to the segment', () => {
    expect(
      segmentCues({
        spec: {
          frames: 50,
          cues: [
            { startFrame: -5, endFrame: 10, lines: ['a'] },
            { startFrame: 40, endFrame: 80, lines: ['b'] },
            { startFrame: 60, endFrame: 70, lines: ['c'] },
          ],
        },
      }),
    ).toEqual([
      { index: 1, startMs: 0, endMs: 400, lines: ['a'] },
      { index: 2, startMs: 1600, endMs: 2000, lines: ['b'] },
    ]);
  });
});

describe('planConform', () => {
  it('scales shapes within 1 % of the frame', () => {
    expect(planConform({ displayWidth: 1920, displayHeight: 1088, width: 1920, height: 1080, kind: 'clip' }).mode).toBe('scale');
  });

  it('centres a pillarboxed picture on an even column', () => {
    expect(planConform({ displayWidth: 4, displayHeight: 3, width: 320, height: 180, kind: 'clip' })).toEqual({
      mode: 'pillarbox',
      width: 320,
      height: 180,
      picture: { width: 240, height: 180 },
      x: 40,
      y: 0,
    });
  });

  it('fills the frame with landscape photos and puts portrait ones in front of a fill', () => {
    expect(planConform({ displayWidth: 3, displayHeight: 2, width: 1920, height: 1080, kind: 'photo' }).mode).toBe('cover');
    expect(planConform({ displayWidth: 2, displayHeight: 3, width: 1920, height: 1080, kind: 'photo' }).mode).toBe('blurred-fill');
    expect(planConform({ displayWidth: 2, displayHeight: 3, width: 1920, height: 1080, kind: 'clip' }).mode).toBe('blurred-fill');
  });

  it('keeps every size and offset even (4:2:0 chroma)', () => {
    for (const [w, h] of [
      [1080, 1920],
      [720, 576],
      [1000, 333],
      [333, 1000],
    ] as const) {
      const plan = planConform({ displayWidth: w, displayHeight: h, width: 1920, height: 1080, kind: 'clip' });
      for (const value of [plan.picture.width, plan.picture.height, plan.x, plan.y]) expect(value % 2).toBe(0);
    }
  });
});

describe('mergeSegmentArgs', () => {
  it('puts several segments in one run: inputs renumbered, labels prefixed, the graph options given once', () => {
    const a = build({ spec: spec({ id: 'a' }), pipelineThreads: 1 });
    const b = build({ spec: spec({ id: 'b', layers: [clip(ref('b')), clip(ref('c'))] }), outPath: '/cache/seg-2.mp4', pipelineThreads: 1 });
    const merged = mergeSegmentArgs({ segments: [a, b] });
    expect(merged.graphOptions).toEqual(['-filter_complex_threads', '1']);
    expect(merged.inputs).not.toContain('-filter_complex_threads');
    expect(merged.inputs.filter((arg) => arg === '-i')).toHaveLength(3);
    expect(merged.graph).toContain('[0:V:0]');
    expect(merged.graph).toContain('[1:V:0]');
    expect(merged.graph).toContain('[2:V:0]');
    expect(merged.graph).toContain('[s0_vout]');
    expect(merged.graph).toContain('[s1_vout]');
    expect(merged.outputs.map((output) => argAfter(output, '-map'))).toEqual(['[s0_vout]', '[s1_vout]']);
  });

  it('refuses segments that disagree on their graph options', () => {
    const a = build({ spec: spec({ id: 'a' }), pipelineThreads: 1 });
    const b = build({ spec: spec({ id: 'b' }) });
    expect(() => mergeSegmentArgs({ segments: [a, b] })).toThrow(/graph options/);
    expect(mergeSegmentArgs({ segments: [b, b] }).graphOptions).toEqual([]);
  });
});

describe('buildSegmentArgs: review marks and the logo', () => {
  const review = (corner: 'top-left' | 'top-right' | 'bottom-right') =>
    graphOf(
      build({
        profile: DEFAULT_PROFILES.review,
        logoSource: { url: '/store/originals/logo', protocols: 'file' },
        spec: spec({ logo: { source: ref('logo', {}, 'png_pipe'), corner, heightPercent: 8, opacity: 0.85 } }),
      }).args,
    );
  /** Rows the logo covers, read back from its overlay and scale (540 high: logo 44 px from row 27). */
  const logoRows = (graph: string) => {
    const height = Number(/scale=-2:(\d+):flags=lanczos/.exec(graph)?.[1]);
    const y = /overlay=x=[^:]+:y=(\d+)(?:-h)?:/.exec(graph);
    return { top: Number(y?.[1]), bottom: Number(y?.[1]) + height };
  };

  it('puts the watermark below a logo in the top right corner, never under it', () => {
    const graph = review('top-right');
    const { bottom } = logoRows(graph);
    const watermarkY = Number(/fontcolor=white@0\.45[^,]*?:y=(\d+)/.exec(graph)?.[1] ?? /:y=(\d+)[^,]*fontcolor=white@0\.45/.exec(graph)?.[1]);
    expect(bottom).toBe(27 + 44);
    expect(watermarkY).toBeGreaterThanOrEqual(bottom);
    // The timecode keeps its corner.
    expect(graph).toMatch(/timecode=[^,]*:y=\d+/);
  });

  it('puts the timecode below a logo in the top left corner, and leaves the marks where they are for a logo at the bottom', () => {
    const graph = review('top-left');
    const timecodeY = Number(/timecode=[^,]*?:y=(\d+)/.exec(graph)?.[1]);
    expect(timecodeY).toBeGreaterThanOrEqual(logoRows(graph).bottom);
    const bottom = review('bottom-right');
    expect(bottom).toContain('y=h*0.05');
    expect(Number(/timecode=[^,]*?:y=(\d+)/.exec(bottom)?.[1])).toBeLessThan(40);
  });
});
