import { execFile } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { createLocalBackend } from '../../../shared/adapters/local/index.ts';
import type { DeliveryProfile, QcReport } from '../../../shared/delivery/index.ts';
import { HlsIndexSchema, type Asset, type CutInput, type Render, type Version } from '../../../shared/domain/index.ts';
import { exportRenderFiles, freezeCut, renderVersion, type RenderDeps } from '../../../shared/render/index.ts';
import { makeRenderFixture, type RenderFixture } from '../../helpers/render-fixture.ts';
import { testProfile } from '../../helpers/make-render-media.ts';

const run = promisify(execFile);

/**
 * The `stream` profile end to end on the local backend: a clean master and its HLS ladder, read
 * back with ffprobe and by reading the playlists here (never through the code under test). The
 * profile is shrunk to 320×180 (rungs 214×120, 142×80, 106×60) and its segments to 2 s, so a
 * 10-second version gives five full segments and a short last one per rung.
 */
const SEGMENT_SECONDS = 2;
const FPS = 25;

interface Packet {
  pts: number;
  flags: string;
  stream_index: number;
}

/** The kinds of a file's streams and its video packets in decode order, in one ffprobe run. */
async function probePackets(file: string): Promise<{ streams: string[]; video: Packet[] }> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'packet=pts,flags,stream_index:stream=index,codec_type', '-of', 'json', file], {
    maxBuffer: 16 * 1024 * 1024,
  });
  const { streams, packets } = JSON.parse(stdout) as { streams: { index: number; codec_type: string }[]; packets: Packet[] };
  const video = streams.find((s) => s.codec_type === 'video')?.index;
  return { streams: streams.map((s) => s.codec_type), video: packets.filter((p) => p.stream_index === video) };
}

/** `#EXTINF` durations and URIs of a media playlist, read plainly. */
function readPlaylist(text: string): { seconds: number; uri: string }[] {
  const lines = text.split('\n').map((line) => line.trim());
  return lines.flatMap((line, i) => (line.startsWith('#EXTINF:') ? [{ seconds: Number.parseFloat(line.slice(8)), uri: lines[i + 1]! }] : []));
}

/** The picture's frames as MD5s (what a viewer sees), without container details. */
async function frameHashes(file: string): Promise<string[]> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:v:0', '-f', 'framemd5', '-'], { maxBuffer: 16 * 1024 * 1024 });
  return stdout
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split(',').at(-1)!.trim());
}

describe('the stream profile: a clean master and its HLS ladder', () => {
  let fixture: RenderFixture;
  let dir: string;
  let out: string;
  let backend: ReturnType<typeof createLocalBackend>;
  let deps: RenderDeps;
  let toolchain: string;
  let version: Version;
  let render: Render;
  const assets: Record<string, Asset> = {};
  const base = testProfile('stream');
  const profile: DeliveryProfile = { ...base, ladder: { ...base.ladder!, segmentSeconds: SEGMENT_SECONDS } };
  const rungNames = ['180p', ...profile.ladder!.renditions.map((r) => r.name)];

  const cut = ({ subtitles }: { subtitles: boolean }): CutInput => ({
    schemaVersion: 1,
    projectId: 'dai-hoi-2026',
    id: subtitles ? 'xem-truc-tuyen' : 'xem-truc-tuyen-khong-phu-de',
    title: 'Xem trực tuyến',
    kind: 'reportage',
    shots: [
      { id: 'mo-dau', type: 'title', text: 'Đại hội lần thứ I', subtitle: 'Hải Phòng', duration: 30, transitionIn: { type: 'fade-from-black', frames: 10 } },
      { id: 'canh-1', type: 'clip', assetId: assets.camera!.id, in: 0, out: 2 },
      { id: 'canh-2', type: 'clip', assetId: assets.silent!.id, in: 0, out: 1.6, transitionIn: { type: 'dissolve', frames: 10 } },
      { id: 'anh-1', type: 'photo', assetId: assets.photo!.id, duration: 85, motion: 'zoom-in' },
      { id: 'canh-3', type: 'clip', assetId: assets.camera!.id, in: 0.4, out: 2 },
    ],
    narration: [{ id: 'loi-binh', assetId: assets.narration!.id, at: '00:00:01:00', in: 0, out: 3 }],
    // The music file lasts 3 s: four items of it under the programme's 235 frames.
    music: [0, 70, 140, 210].map((from, i) => ({
      id: `nhac-${i}`,
      assetId: assets.music!.id,
      from,
      to: Math.min(from + 70, 235),
      fadeInFrames: 10,
      fadeOutFrames: 10,
    })),
    subtitles: subtitles ? [{ id: 'c1', start: '00:00:01:05', end: '00:00:04:00', text: 'Liên hiệp hội hợp nhất' }] : [],
  });

  beforeAll(async () => {
    fixture = await makeRenderFixture({ prefix: 'reportage-stream-' });
    ({ dir, backend, deps, toolchain } = fixture);
    Object.assign(assets, fixture.assets);
    out = path.join(dir, 'out');
    ({ version } = await freezeCut({ deps, cut: cut({ subtitles: true }) }));
    render = await renderVersion({ deps, version, profile, toolchain });
    await exportRenderFiles({ deps, render, outDir: out });
  }, 300_000);
  afterAll(async () => {
    await fixture?.close();
  });

  it('delivers a master that passes QC, the ladder judged in the report, and lists two HLS files instead of every segment', async () => {
    expect(version.durationFrames).toBe(30 + 50 + 40 - 10 + 85 + 40);
    expect(render.status).toBe('done');
    expect(render.qc?.failed).toEqual([]);
    expect(render.files.filter((f) => f.role.startsWith('hls-')).map((f) => [f.role, f.name, f.contentType])).toEqual([
      ['hls-master', 'hls/master.m3u8', 'application/vnd.apple.mpegurl'],
      ['hls-index', 'hls/index.json', 'application/json'],
    ]);
    expect(render.files.some((f) => f.name.endsWith('.ts'))).toBe(false);
    const report = JSON.parse(await readFile(path.join(out, 'qc/report.json'), 'utf8')) as QcReport;
    const ladder = report.checks.find((check) => check.id === 'ladder')!;
    expect([ladder.status, ladder.details.table!.rows.map((row) => row.cells[0])]).toEqual(['pass', rungNames]);
    expect(await readFile(path.join(out, 'qc/report.html'), 'utf8')).toContain('HLS ladder');
    const manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')) as { files: { name: string }[] };
    expect(manifest.files.map((f) => f.name).filter((name) => name.startsWith('hls/'))).toEqual(['hls/master.m3u8', 'hls/index.json']);
  });

  it('has a master playlist with four variants, highest first, each with its resolution, bandwidth and codecs', async () => {
    const text = await readFile(path.join(out, 'hls/master.m3u8'), 'utf8');
    expect(text.startsWith('#EXTM3U\n')).toBe(true);
    expect(text).toContain('#EXT-X-INDEPENDENT-SEGMENTS');
    const variants = [...text.matchAll(/#EXT-X-STREAM-INF:(.*)\n(.*)\n/g)].map(([, attributes, uri]) => ({
      bandwidth: Number(/(?:^|,)BANDWIDTH=(\d+)/.exec(attributes!)?.[1]),
      average: Number(/AVERAGE-BANDWIDTH=(\d+)/.exec(attributes!)?.[1]),
      resolution: /RESOLUTION=(\d+x\d+)/.exec(attributes!)?.[1],
      codecs: /CODECS="([^"]+)"/.exec(attributes!)?.[1],
      frameRate: /FRAME-RATE=([\d.]+)/.exec(attributes!)?.[1],
      uri,
    }));
    expect(variants.map((v) => [v.uri, v.resolution])).toEqual([
      ['180p/index.m3u8', '320x180'],
      ['720p/index.m3u8', '214x120'],
      ['480p/index.m3u8', '142x80'],
      ['360p/index.m3u8', '106x60'],
    ]);
    for (const [i, v] of variants.entries()) {
      expect(v.codecs).toMatch(/^avc1\.6400[0-9a-f]{2},mp4a\.40\.2$/);
      expect(v.frameRate).toBe('25.000');
      expect(v.bandwidth).toBeGreaterThanOrEqual(v.average);
      if (i > 0) expect(v.bandwidth).toBeLessThanOrEqual(variants[i - 1]!.bandwidth);
    }
  });

  it('cuts every rung into the same segments of at most the target, each starting on a keyframe at the same time, as long as the version', async () => {
    const starts = new Map<string, number[]>();
    for (const name of rungNames) {
      const segments = readPlaylist(await readFile(path.join(out, 'hls', name, 'index.m3u8'), 'utf8'));
      expect(segments).toHaveLength(Math.ceil(version.durationFrames / (SEGMENT_SECONDS * FPS)));
      for (const segment of segments.slice(0, -1)) expect(segment.seconds).toBeCloseTo(SEGMENT_SECONDS, 3);
      expect(segments.at(-1)!.seconds).toBeLessThanOrEqual(SEGMENT_SECONDS + 1 / FPS);
      const total = segments.reduce((sum, s) => sum + s.seconds, 0);
      expect(Math.abs(total - version.durationFrames / FPS)).toBeLessThanOrEqual(1 / FPS);
      const firsts: number[] = [];
      let frames = 0;
      for (const segment of segments) {
        const file = path.join(out, 'hls', name, segment.uri);
        expect(segment.uri).toMatch(/^seg-\d{5}\.ts$/);
        const { streams, video } = await probePackets(file);
        expect(video[0]!.flags.startsWith('K')).toBe(true);
        firsts.push(video[0]!.pts);
        frames += video.length;
        expect(streams.sort()).toEqual(['audio', 'video']);
      }
      expect(frames).toBe(version.durationFrames);
      starts.set(name, firsts);
    }
    for (const name of rungNames) expect(starts.get(name)).toEqual(starts.get('180p'));
    // The boundaries are the programme's grid: 0, 2, 4 … s after the first frame.
    const top = starts.get('180p')!;
    expect(top.map((pts) => (pts - top[0]!) / 90_000)).toEqual(top.map((_, i) => i * SEGMENT_SECONDS));
  });

  it('puts a keyframe on every grid frame of the master, whatever shot it falls in', async () => {
    const programme = render.files.find((f) => f.role === 'programme')!;
    const packets = (await probePackets(path.join(out, programme.name))).video;
    const frameOf = (pts: number) => Math.round(((pts - Math.min(...packets.map((p) => p.pts))) * FPS) / 12_800);
    const keyframes = new Set(packets.filter((p) => p.flags.startsWith('K')).map((p) => frameOf(p.pts)));
    for (let frame = 0; frame < version.durationFrames; frame += SEGMENT_SECONDS * FPS) expect(keyframes.has(frame), `frame ${frame}`).toBe(true);
  });

  it('indexes every ladder file with its key in the store, the master playlist included', async () => {
    const index = HlsIndexSchema.parse(JSON.parse(await readFile(path.join(out, 'hls/index.json'), 'utf8')));
    expect(index.segmentSeconds).toBe(SEGMENT_SECONDS);
    expect(index.durationFrames).toBe(version.durationFrames);
    expect(index.renditions.map((r) => [r.name, r.playlist])).toEqual(rungNames.map((name) => [name, `${name}/index.m3u8`]));
    const onDisk = (await readdir(path.join(out, 'hls'), { recursive: true })).filter((name) => /\.(ts|m3u8)$/.test(name)).sort();
    expect(index.files.map((f) => f.name).sort()).toEqual(onDisk);
    const prefix = `deliveries/${version.projectId}/${version.id.slice(0, 16)}/stream/hls/`;
    for (const file of index.files) {
      expect(file.key).toBe(`${prefix}${file.name}`);
      expect((await backend.blobs.head({ key: file.key }))?.sizeBytes).toBe(file.sizeBytes);
      expect(file.contentType).toBe(file.name.endsWith('.ts') ? 'video/mp2t' : 'application/vnd.apple.mpegurl');
    }
  });

  it('burns no subtitles into the picture and delivers them as WebVTT beside it', async () => {
    const vtt = render.files.find((f) => f.role === 'vtt')!;
    expect(await readFile(path.join(out, vtt.name), 'utf8')).toContain('Liên hiệp hội hợp nhất');
    // The same cut without its cue gives the very same pictures: the cue was never drawn.
    const { version: plain } = await freezeCut({ deps, cut: cut({ subtitles: false }) });
    const plainRender = await renderVersion({ deps, version: plain, profile, toolchain });
    const plainOut = path.join(dir, 'plain');
    await exportRenderFiles({ deps, render: plainRender, outDir: plainOut });
    const name = (r: Render) => r.files.find((f) => f.role === 'programme')!.name;
    expect(await frameHashes(path.join(out, name(render)))).toEqual(await frameHashes(path.join(plainOut, name(plainRender))));
    expect(plainRender.files.some((f) => f.role === 'vtt')).toBe(false);
  });
});
