import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryProfile } from '../../../shared/domain/delivery-profiles.ts';
import { findFontFile, readFontInfo, findMissingCharacters, renderSegment, renderSegments } from '../../../shared/media/index.ts';
import type { SegmentLayer, SegmentSpec, SourceRef } from '../../../shared/media/render/render-spec.ts';
import { formatAss } from '../../../shared/subtitles/index.ts';
import { meanColour } from '../../helpers/ffprobe.ts';
import { TEST_TOOLS } from '../../helpers/make-media.ts';
import { countFrames, makePhoto, makeShapeClip, regionLuma, resolveLocal, sourceRefOf, testProfile } from '../../helpers/make-render-media.ts';

const run = promisify(execFile);
const VIETNAMESE = 'ậ ệ ộ ặ ẫ ỗ — Đại hội đại biểu';

let workDir: string;
let fontFile: string;
let wide: SourceRef;
let fourThree: SourceRef;
let portrait: SourceRef;
let photo: SourceRef;
const screening = testProfile('screening');

function spec(layers: SegmentSpec['layers'], change: Partial<SegmentSpec> = {}): SegmentSpec {
  return { id: 'seg', startFrame: 0, frames: 10, layers, fadeInFrames: 0, fadeOutFrames: 0, lowerThirds: [], cues: [], logo: null, ...change };
}

const clip = (source: SourceRef): SegmentLayer => ({ shotId: 's', visual: { type: 'clip', source, inSeconds: { num: 0, den: 1 } } });

async function render(name: string, segment: SegmentSpec, profile: DeliveryProfile = screening, font = fontFile): Promise<string> {
  const outPath = path.join(workDir, `${name}.mp4`);
  await renderSegment({
    spec: segment,
    profile,
    resolveSource: resolveLocal,
    fontFile: font,
    versionNumber: 2,
    programmeStartFrame: 0,
    tools: TEST_TOOLS,
    outPath,
  });
  return outPath;
}

/** One frame as 8-bit luma, for comparing pictures. */
async function lumaOf(file: string, frame: number): Promise<Buffer> {
  const { stdout } = await run(
    'ffmpeg',
    ['-hide_banner', '-nostdin', '-v', 'error', '-i', file, '-vf', `select=eq(n\\,${frame}),format=gray`, '-frames:v', '1', '-f', 'rawvideo', '-'],
    { encoding: 'buffer' },
  );
  return stdout as unknown as Buffer;
}

async function sha256(file: string): Promise<string> {
  return (await run('sha256sum', [file])).stdout.split(' ')[0]!;
}

function meanDifference(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return sum / a.length;
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'reportage-picture-'));
  fontFile = await findFontFile();
  [wide, fourThree, portrait, photo] = await Promise.all([
    makeShapeClip({ width: 320, height: 180 }).then((file) => sourceRefOf(file)),
    makeShapeClip({ width: 320, height: 240 }).then((file) => sourceRefOf(file)),
    makeShapeClip({ width: 180, height: 320 }).then((file) => sourceRefOf(file)),
    makePhoto({ width: 640, height: 480 }).then((file) => sourceRefOf(file, { still: true })),
  ]);
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('conforming sources to the programme frame', () => {
  it('pillarboxes 4:3 footage on black', async () => {
    const file = await render('four-three', spec([clip(fourThree)]));
    expect(await regionLuma({ file, x: 0, y: 0.1, w: 0.1, h: 0.8 })).toBeLessThan(20);
    expect(await regionLuma({ file, x: 0.9, y: 0.1, w: 0.1, h: 0.8 })).toBeLessThan(20);
    expect(await regionLuma({ file, x: 0.3, y: 0.1, w: 0.4, h: 0.8 })).toBeGreaterThan(40);
  });

  it('puts portrait footage in front of a blurred, darkened fill, not black columns', async () => {
    const file = await render('portrait', spec([clip(portrait)]));
    const side = await regionLuma({ file, x: 0, y: 0.1, w: 0.1, h: 0.8 });
    const middle = await regionLuma({ file, x: 0.4, y: 0.1, w: 0.2, h: 0.8 });
    expect(side).toBeGreaterThan(25);
    expect(side).toBeLessThan(middle);
  });

  it('holds a photo with its motion continuing across a split hold', async () => {
    const layer = (holdOffsetFrames: number, frames: number) =>
      spec([{ shotId: 'p', visual: { type: 'photo', source: photo, motion: 'zoom-in', holdFrames: 40, holdOffsetFrames } }], { frames });
    const whole = await render('photo-whole', layer(0, 40));
    const secondHalf = await render('photo-second', layer(20, 20));
    expect(await countFrames(whole)).toBe(40);
    expect(await countFrames(secondHalf)).toBe(20);
    const atTwenty = await lumaOf(whole, 20);
    // The split hold's first frame is the whole hold's frame 20 (up to coding noise)…
    expect(meanDifference(atTwenty, await lumaOf(secondHalf, 0))).toBeLessThan(2);
    // …and the picture does move over the hold.
    expect(meanDifference(await lumaOf(whole, 0), atTwenty)).toBeGreaterThan(4);
  });

  it('dissolves over the whole segment from the first layer to the second', async () => {
    const file = await render('dissolve', spec([clip(fourThree), clip(portrait)], { frames: 20 }));
    expect(await countFrames(file)).toBe(20);
    // The pillarbox columns are black on the first frame and filled by the portrait's blur on the last.
    expect(await regionLuma({ file, frame: 0, x: 0, y: 0.1, w: 0.1, h: 0.8 })).toBeLessThan(20);
    expect(await regionLuma({ file, frame: 19, x: 0, y: 0.1, w: 0.1, h: 0.8 })).toBeGreaterThan(25);
  });

  it('fades from black', async () => {
    const file = await render('fade', spec([clip(wide)], { fadeInFrames: 5 }));
    expect(await regionLuma({ file, frame: 0, x: 0, y: 0, w: 1, h: 1 })).toBeLessThan(20);
    expect(await regionLuma({ file, frame: 6, x: 0, y: 0, w: 1, h: 1 })).toBeGreaterThan(50);
  });
});

describe('Vietnamese text burned into the picture', () => {
  it('has a font that covers every Vietnamese letter, stacked marks included', async () => {
    const info = await readFontInfo({ fontFile });
    expect(info.family).toBe('Noto Sans');
    expect(findMissingCharacters({ text: 'ậ ệ ộ ặ ẫ ỗ ẩ ỡ ự Đ đ ƯỚ', info })).toEqual([]);
    expect(findMissingCharacters({ text: '中 ☃', info })).toEqual(['中', '☃']);
  });

  it('renders ASS subtitles with the stacked marks without any missing-glyph report from libass', async () => {
    const dir = path.join(workDir, 'libass');
    await mkdir(path.join(dir, 'fonts'), { recursive: true });
    await copyFile(fontFile, path.join(dir, 'fonts', path.basename(fontFile)));
    const ass = path.join(dir, 'cues.ass');
    await writeFile(
      ass,
      formatAss({
        cues: [{ index: 1, startMs: 0, endMs: 400, lines: [VIETNAMESE, 'Hải Phòng nhiệm kỳ 2026–2031'] }],
        width: 320,
        height: 180,
        fontName: 'Noto Sans',
        sizePercentOfHeight: 6.5,
      }),
    );
    const { stderr } = await run(
      'ffmpeg',
      [
        '-hide_banner',
        '-nostdin',
        '-loglevel',
        'level+info',
        '-f',
        'lavfi',
        '-i',
        'color=c=gray:s=320x180:r=25:d=0.4',
        '-vf',
        `ass=${ass}:fontsdir=${path.join(dir, 'fonts')}`,
        '-f',
        'null',
        '-',
      ],
      { cwd: dir },
    );
    expect(stderr).toContain('fontselect: (Noto Sans, 400, 0) -> ');
    expect(stderr).not.toMatch(/Glyph 0x[0-9A-F]+ not found|failed to find any fallback/i);
  });

  it('burns subtitles and a lower third into a segment', async () => {
    const plain = await render('no-text', spec([clip(wide)]));
    const texted = await render(
      'text',
      spec([clip(wide)], {
        cues: [{ startFrame: 0, endFrame: 10, lines: [VIETNAMESE] }],
        lowerThirds: [{ name: 'Nguyễn Thị Ậu', position: 'Phó Chủ tịch Liên hiệp các Hội', startFrame: 0, endFrame: 10 }],
      }),
    );
    expect(await countFrames(texted)).toBe(10);
    // Subtitles: bottom centre; lower third: left, above the subtitle zone.
    const subtitleZone = { x: 0.2, y: 0.8, w: 0.6, h: 0.12 };
    expect(Math.abs((await regionLuma({ file: texted, ...subtitleZone })) - (await regionLuma({ file: plain, ...subtitleZone })))).toBeGreaterThan(3);
    const lowerThird = { x: 0.05, y: 0.55, w: 0.3, h: 0.2 };
    expect(Math.abs((await regionLuma({ file: texted, ...lowerThird })) - (await regionLuma({ file: plain, ...lowerThird })))).toBeGreaterThan(3);
  });

  it("puts the organiser's logo in its corner with its transparency kept (PNG alpha)", async () => {
    // A 2:1 logo: left half transparent, right half opaque red.
    const png = path.join(workDir, 'logo.png');
    await run('ffmpeg', [
      '-hide_banner',
      '-nostdin',
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'color=c=black:s=200x100,format=rgba',
      '-vf',
      "geq=r='255':g='0':b='0':a='if(lt(X,W/2),0,255)'",
      '-frames:v',
      '1',
      png,
    ]);
    const logo = await sourceRefOf(png, { still: true });
    expect(logo.facts.video?.hasAlpha).toBe(true);
    const file = await render('logo', spec([clip(wide)], { logo: { source: logo, corner: 'top-right', heightPercent: 20, opacity: 1 } }));
    expect(await countFrames(file)).toBe(10);
    // 320×180: the logo is 72×36, 16 px from the right edge and 9 px from the top.
    const opaque = await meanColour({ file, x: 272 / 320, y: 14 / 180, w: 28 / 320, h: 26 / 180 });
    expect(opaque.r).toBeGreaterThan(180);
    expect(opaque.g).toBeLessThan(80);
    const plain = await render('no-logo', spec([clip(wide)]));
    // Well inside the transparent half: what shows there is the clip (up to coding noise).
    const clear = { x: 238 / 320, y: 16 / 180, w: 18 / 320, h: 22 / 180 };
    const under = await meanColour({ file, ...clear });
    const without = await meanColour({ file: plain, ...clear });
    expect(Math.abs(under.r - without.r) + Math.abs(under.g - without.g) + Math.abs(under.b - without.b)).toBeLessThan(20);
  });

  it('refuses text the font cannot draw instead of burning boxes (FONT_MISSING_GLYPH)', async () => {
    await expect(render('snowman', spec([clip(wide)], { cues: [{ startFrame: 0, endFrame: 10, lines: ['Trời lạnh ☃'] }] }))).rejects.toMatchObject({
      code: 'FONT_MISSING_GLYPH',
      details: { characters: ['U+2603 ☃'] },
    });
    await expect(render('title-cjk', spec([{ shotId: 't', visual: { type: 'title', title: '大会', subtitle: '' } }]))).rejects.toMatchObject({
      code: 'FONT_MISSING_GLYPH',
    });
  });

  it('works with a font path that holds quotes, colons, commas and brackets (escaped in the filter graph)', async () => {
    const dir = path.join(workDir, "font's dir: a, b [x]; c");
    await mkdir(dir, { recursive: true });
    const odd = path.join(dir, 'NotoSans-Regular.ttf');
    await copyFile(fontFile, odd);
    const file = await render(
      'odd-font',
      spec([{ shotId: 't', visual: { type: 'title', title: 'Chương một', subtitle: 'Khoa học' } }], {
        cues: [{ startFrame: 0, endFrame: 10, lines: ['Xin chào'] }],
        lowerThirds: [{ name: 'Trần B', position: 'Kỹ sư', startFrame: 0, endFrame: 10 }],
      }),
      testProfile('review'),
      odd,
    );
    expect(await countFrames(file)).toBe(10);
  });
});

describe('several segments in one ffmpeg run', () => {
  it('gives each segment the same bytes and the same picture checks as rendering it alone, whatever the decoder and graph threads', async () => {
    const review = testProfile('review');
    const segments: SegmentSpec[] = [
      spec([clip(wide)], { id: 'a', frames: 12, cues: [{ startFrame: 0, endFrame: 12, lines: [VIETNAMESE] }] }),
      spec([{ shotId: 't', visual: { type: 'title', title: 'Chương một', subtitle: 'Khoa học' } }], { id: 'b', startFrame: 12, frames: 8, fadeInFrames: 4 }),
      spec([clip(portrait)], { id: 'c', startFrame: 20, frames: 10, lowerThirds: [{ name: 'Trần Thị B', position: 'Kỹ sư', startFrame: 0, endFrame: 10 }] }),
    ];
    const common = {
      profile: review,
      resolveSource: resolveLocal,
      fontFile,
      versionNumber: 3,
      programmeStartFrame: 0,
      tools: TEST_TOOLS,
      analysePicture: true,
    };
    const alone = [];
    for (const segment of segments) alone.push(await renderSegment({ ...common, spec: segment, outPath: path.join(workDir, `alone-${segment.id}.mp4`) }));
    // Alone with ffmpeg's threads (a serverless worker); together on one thread each (the local lanes).
    const together = await renderSegments({
      ...common,
      pipelineThreads: 1,
      segments: segments.map((segment) => ({ spec: segment, outPath: path.join(workDir, `together-${segment.id}.mp4`) })),
    });
    expect(together.map((r) => r.frames)).toEqual([12, 8, 10]);
    for (const [i, result] of together.entries()) {
      expect(await sha256(result.path)).toBe(await sha256(alone[i]!.path));
      expect(result.picture).toEqual(alone[i]!.picture);
      expect(result.picture?.luma).toHaveLength(segments[i]!.frames);
    }
    // The title fades in from black: its checks see it.
    expect(together[1]!.picture?.luma[0]).toBeLessThan(together[1]!.picture!.luma[7]!);
  });
});
