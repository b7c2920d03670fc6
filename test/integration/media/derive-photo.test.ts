import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { derivePhoto, probeMedia, validateMedia, type PhotoDerivatives } from '../../../shared/media/index.ts';
import { TEST_TOOLS, localSource, makeAlphaPng, makeExifRotatedJpeg, makeLargeJpeg } from '../../helpers/make-media.ts';
import { brightCorner, meanColour, probeFile, videoStreamOf } from '../../helpers/ffprobe.ts';

let workDir: string;
const derived: Record<string, PhotoDerivatives> = {};

async function ingestPhoto(name: string, file: string): Promise<void> {
  const source = localSource(file);
  const facts = await probeMedia({ source, tools: TEST_TOOLS });
  expect(validateMedia({ facts, minDurationSeconds: 1 }).kind).toBe('photo');
  const outDir = await mkdtemp(path.join(workDir, `${name}-`));
  derived[name] = await derivePhoto({ source: { ...source, demuxer: facts.demuxer }, facts, tools: TEST_TOOLS, outDir });
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'reportage-derive-photo-'));
  const [large, alpha, exif] = await Promise.all([makeLargeJpeg(), makeAlphaPng(), makeExifRotatedJpeg()]);
  await ingestPhoto('large', large);
  await ingestPhoto('alpha', alpha);
  await ingestPhoto('exif', exif);
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('derivePhoto', () => {
  it('bounds a 6000×4000 JPEG to a 1620×1080 preview and a 480×320 poster', async () => {
    const preview = videoStreamOf(await probeFile(derived.large!.files.preview.path))!;
    const poster = videoStreamOf(await probeFile(derived.large!.files.poster.path))!;
    expect(preview).toMatchObject({ codec_name: 'mjpeg', width: 1620, height: 1080 });
    expect(poster).toMatchObject({ codec_name: 'mjpeg', width: 480, height: 320 });
    expect(derived.large!.files.preview).toMatchObject({ width: 1620, height: 1080, contentType: 'image/jpeg' });
  });

  it('applies EXIF orientation 6: a 640×360 picture becomes a 360×640 preview, marker turned to the top right', async () => {
    const preview = videoStreamOf(await probeFile(derived.exif!.files.preview.path))!;
    expect(preview).toMatchObject({ width: 360, height: 640 });
    expect(await brightCorner(derived.exif!.files.preview.path)).toBe('top-right');
    const poster = videoStreamOf(await probeFile(derived.exif!.files.poster.path))!;
    expect(poster).toMatchObject({ width: 270, height: 480 });
    expect(await brightCorner(derived.exif!.files.poster.path)).toBe('top-right');
  });

  it('flattens PNG transparency onto black, keeping opaque colours', async () => {
    const file = derived.alpha!.files.preview.path;
    const transparent = await meanColour({ file, x: 0.05, y: 0.1, w: 0.3, h: 0.8 });
    const opaque = await meanColour({ file, x: 0.65, y: 0.1, w: 0.3, h: 0.8 });
    expect(Math.max(transparent.r, transparent.g, transparent.b)).toBeLessThan(20);
    expect(opaque.r).toBeGreaterThan(230);
    expect(Math.max(opaque.g, opaque.b)).toBeLessThan(30);
  });
});
