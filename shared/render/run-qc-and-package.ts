import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { z } from 'zod';
import { framesToTimecode, type DeliveredFile, type Loudness, type Render, type Version } from '../domain/index.ts';
import {
  buildManifest,
  buildQcReport,
  checksumFile,
  qcThumbnailTimes,
  renderQcHtml,
  summariseQcReport,
  writeChecksumFiles,
  type DeliveryProfile,
} from '../delivery/index.ts';
import {
  analyseAudio,
  analyseLineUp,
  DecodeTestResultSchema,
  decodeTest,
  extractThumbnails,
  layoutFor,
  mergePictureAnalyses,
  muxProgramme,
  offsetPictureAnalysis,
  planTextBoxes,
  probeConformance,
  textSafeRect,
  type AudioAnalysis,
  type DecodeTestResult,
  type LineUpAnalysis,
  type LineUpParts,
  type MediaSource,
  type MediaTools,
  type ProgrammeLayout,
} from '../media/index.ts';
import { checkSubtitleRules, formatSrt, formatVtt, type Cue } from '../subtitles/index.ts';
import type { RenderPlan } from './plan-render.ts';
import type { RenderDeps } from './render-deps.ts';
import type { RenderSpec } from '../media/render/render-spec.ts';
import { forEachLimited } from './for-each-limited.ts';
import { readPictureAnalysis } from './picture-analysis-job.ts';
import { FPS } from '../domain/project.ts';
import { packageHlsLadder } from './package-hls-ladder.ts';

const SumsSchema = z.object({ sha256: z.string(), md5: z.string(), sizeBytes: z.number() });

/**
 * The end of a render: mux the programme (line-up or black head/tail as the profile asks), run QC
 * on the delivered file (conformance, decode test, loudness, silence; the picture checks come
 * from the segments' cached analyses, merged), write the QC report (JSON and HTML with loudness
 * plot and thumbnails), sidecars, poster, manifest and checksum files. A profile with a ladder
 * (`stream`) also gets its HLS ladder, made from the delivered file beside the QC passes
 * (`packageHlsLadder`), stored under the delivery's prefix and judged in the report.
 */
export async function runQcAndPackage({
  deps,
  plan,
  spec,
  profile,
  version,
  scratch,
  timings,
  audioLoudness,
  pictureKeys,
}: {
  deps: RenderDeps;
  plan: RenderPlan;
  spec: RenderSpec;
  profile: DeliveryProfile;
  version: Version;
  scratch: string;
  timings: Record<string, number>;
  audioLoudness: Loudness;
  pictureKeys: string[];
}): Promise<{ files: DeliveredFile[]; qc: NonNullable<Render['qc']> }> {
  const ext = profile.container === 'mxf' ? 'mxf' : 'mp4';
  const baseName = `${version.cutId}_v${version.number}_${profile.id}`;
  const layout = layoutFor({ profile, programmeFrames: spec.durationFrames });
  const slate = {
    lines: [
      version.cut.title,
      `Phiên bản v${version.number} · ${profile.label.vi}`,
      `Thời lượng ${framesToTimecode({ frames: spec.durationFrames })}`,
      `Âm lượng ${audioLoudness.integratedLufs.toFixed(1)} LUFS · TP ${audioLoudness.truePeakDbtp.toFixed(1)} dBTP`,
      `${profile.video.width}×${profile.video.height} ${profile.video.scan === 'interlaced-tff' ? '50i TFF' : '25p'} ${profile.video.codec} ${profile.video.bitrateKbps ?? ''}k · ${profile.audio.codec}`,
    ],
  };
  const programmeKey = `${plan.programmeKey}-${createHash('sha256').update(JSON.stringify(slate)).digest('hex').slice(0, 16)}`;

  const muxStarted = Date.now();
  if ((await deps.blobs.head({ key: programmeKey })) === null) {
    const pictureParts = await Promise.all(
      plan.segments.map(async (s) => ({ path: (await deps.blobs.mediaInput({ key: s.key })).url, frames: s.spec.frames })),
    );
    const audioPath = (await deps.blobs.mediaInput({ key: plan.audioEncodedKey })).url;
    const out = path.join(scratch, `${baseName}.${ext}`);
    await muxProgramme({ pictureParts, audioPath, audioIsEncoded: true, profile, outPath: out, tools: deps.tools, slate, fontFile: deps.fontFile });
    await deps.blobs.putFile({ key: programmeKey, path: out, contentType: profile.container === 'mxf' ? 'application/mxf' : 'video/mp4' });
  }
  timings.muxSeconds = (Date.now() - muxStarted) / 1000;

  const prefix = `deliveries/${version.projectId}/${version.id.slice(0, 16)}/${profile.id}`;
  const outDir = path.join(scratch, 'package');
  const qcStarted = Date.now();
  const source: MediaSource = { ...(await deps.blobs.mediaInput({ key: programmeKey })), demuxer: profile.container === 'mxf' ? 'mxf' : 'mov' };
  const sums = await checksumsOf({ deps, key: programmeKey });
  const parts = [];
  for (const [index, key] of pictureKeys.entries()) {
    const segment = plan.segments[index];
    if (!segment) continue;
    parts.push(offsetPictureAnalysis({ analysis: await readPictureAnalysis({ deps, key }), startFrame: layout.leadFrames + segment.spec.startFrame }));
  }
  const [conformance, decode, { audio, lineUp }, ladder] = await Promise.all([
    probeConformance({ source, tools: deps.tools, profile }),
    decodeTestOfDeliveredFile({ deps, plan, source, layout }),
    measureDeliveredSound({ source, tools: deps.tools, profile, layout }),
    profile.ladder ? ladderOf({ deps, source, profile, prefix, outDir, layout, timings }) : null,
  ]);
  const picture = mergePictureAnalyses({ parts });
  const cues: Cue[] = spec.cues.map((cue, i) => ({
    index: i + 1,
    startMs: cue.startFrame * 40,
    endMs: cue.endFrame * 40,
    lines: cue.lines,
    ...(cue.placement ? { placement: cue.placement } : {}),
  }));
  const report = buildQcReport({
    file: { name: `${baseName}.${ext}`, sizeBytes: sums.sizeBytes, sha256: sums.sha256 },
    profile,
    conformance,
    durations: {
      programmeFrames: spec.durationFrames,
      videoSeconds: conformance.readings.videoSeconds,
      audioSeconds: conformance.readings.audioSeconds,
      limits: { minFrames: version.lengthCheck.minFrames, maxFrames: version.lengthCheck.maxFrames },
    },
    picture,
    audio,
    decode,
    subtitleViolations: checkSubtitleRules({ cues }),
    // A review of a short draft is useful; a deliverable outside the cut's limits is not.
    lengthCheck: profile.id === 'review' ? 'warn' : 'fail',
    lineUp,
    ladder: ladder?.reading ?? null,
    programmeStartFrame: layout.leadFrames,
    // A social profile: the text the segments laid out, against the platform's safe area.
    textLayout: profile.platform
      ? {
          platform: profile.platform.name,
          area: textSafeRect({ width: profile.video.width, height: profile.video.height, safeArea: profile.platform.safeArea }),
          boxes: planTextBoxes({ spec, profile }),
        }
      : null,
    createdAt: deps.clock.now(),
  });
  timings.qcSeconds = (Date.now() - qcStarted) / 1000;

  // The package: small files are written to a folder, then stored under the delivery's prefix.
  await mkdir(path.join(outDir, 'qc'), { recursive: true });
  const thumbs = await extractThumbnails({
    source,
    timesSeconds: qcThumbnailTimes({ report }).map((t) => t.seconds),
    outDir: path.join(outDir, 'qc'),
    tools: deps.tools,
  });
  const written: { role: DeliveredFile['role']; name: string; path: string; contentType: string }[] = [];
  const write = async (role: DeliveredFile['role'], name: string, content: string, contentType: string) => {
    const file = path.join(outDir, name);
    await writeFile(file, content, 'utf8');
    written.push({ role, name, path: file, contentType });
  };
  // Sidecars are timed on the file's own clock: the programme starts after the line-up or black head.
  const fileCues = cues.map((cue) => ({ ...cue, startMs: cue.startMs + layout.leadFrames * 40, endMs: cue.endMs + layout.leadFrames * 40 }));
  if (fileCues.length > 0) {
    if (profile.subtitles.sidecars.includes('srt')) await write('srt', `${baseName}.srt`, formatSrt({ cues: fileCues }), 'application/x-subrip; charset=utf-8');
    if (profile.subtitles.sidecars.includes('vtt')) await write('vtt', `${baseName}.vtt`, formatVtt({ cues: fileCues }), 'text/vtt; charset=utf-8');
  }
  if (profile.extras.poster) {
    const [poster] = await extractThumbnails({
      source,
      timesSeconds: [(layout.leadFrames + Math.floor(spec.durationFrames / 10)) / 25],
      outDir,
      tools: deps.tools,
      width: profile.video.width,
    });
    if (poster) written.push({ role: 'poster', name: `${baseName}.jpg`, path: poster.path, contentType: 'image/jpeg' });
  }
  for (const thumb of thumbs) written.push({ role: 'thumbnail', name: `qc/${thumb.fileName}`, path: thumb.path, contentType: 'image/jpeg' });
  await write('qc-json', 'qc/report.json', JSON.stringify(report, null, 2), 'application/json');
  const html = renderQcHtml({ report, thumbnails: thumbs.map((t) => ({ frame: Math.round(t.timeSeconds * 25), path: t.fileName })) });
  await write('qc-html', 'qc/report.html', html, 'text/html; charset=utf-8');

  const summary = summariseQcReport({ report });
  const files: DeliveredFile[] = [
    { role: 'programme', name: `${baseName}.${ext}`, key: programmeKey, contentType: profile.container === 'mxf' ? 'application/mxf' : 'video/mp4', ...sums },
  ];
  for (const file of written) {
    const fileSums = await checksumFile({ path: file.path });
    const stored = await deps.blobs.putFile({ key: `${prefix}/${file.name}`, path: file.path, contentType: file.contentType });
    files.push({ role: file.role, name: file.name, key: stored.key, contentType: file.contentType, ...fileSums });
  }
  // The ladder's segments are listed in its index, not one by one here (hundreds of them).
  if (ladder) files.push(...ladder.files);
  const manifest = buildManifest({
    title: version.cut.title,
    version: { number: version.number, hash: version.id },
    profile,
    files: files.map((f) => ({ name: f.name, role: f.role, sizeBytes: f.sizeBytes, sha256: f.sha256, md5: f.md5 })),
    qc: { status: summary.status, failed: summary.failed, report: 'qc/report.html' },
    createdAt: deps.clock.now(),
  });
  const manifestPath = path.join(outDir, 'manifest.json');
  await writeFile(manifestPath, JSON.stringify(manifest, null, 2), 'utf8');
  const manifestSums = await checksumFile({ path: manifestPath });
  const storedManifest = await deps.blobs.putFile({ key: `${prefix}/manifest.json`, path: manifestPath, contentType: 'application/json' });
  files.push({ role: 'manifest', name: 'manifest.json', key: storedManifest.key, contentType: 'application/json', ...manifestSums });

  const checksums = await writeChecksumFiles({
    files: files.map((f) => ({ path: path.join(outDir, f.name), name: f.name, sha256: f.sha256, md5: f.md5, sizeBytes: f.sizeBytes })),
    outDir,
  });
  for (const [role, file, name] of [
    ['checksums-sha256', checksums.sha256sums, 'SHA256SUMS'],
    ['checksums-md5', checksums.md5sums, 'MD5SUMS'],
  ] as const) {
    const fileSums = await checksumFile({ path: file });
    const stored = await deps.blobs.putFile({ key: `${prefix}/${name}`, path: file, contentType: 'text/plain; charset=utf-8' });
    files.push({ role, name, key: stored.key, contentType: 'text/plain; charset=utf-8', ...fileSums });
  }
  return { files, qc: { status: summary.status, failed: [...summary.failed], loudness: report.loudness.measured ?? null } };
}

/** The HLS ladder of a ladder profile's file (`packageHlsLadder`), timed (`ladderSeconds`). */
async function ladderOf({
  deps,
  source,
  profile,
  prefix,
  outDir,
  layout,
  timings,
}: {
  deps: RenderDeps;
  source: MediaSource;
  profile: DeliveryProfile;
  prefix: string;
  outDir: string;
  layout: ProgrammeLayout;
  timings: Record<string, number>;
}): Promise<Awaited<ReturnType<typeof packageHlsLadder>>> {
  const started = Date.now();
  const ladder = await packageHlsLadder({ deps, source, profile, prefix, outDir, programmeFrames: layout.programmeFrames, leadFrames: layout.leadFrames });
  timings.ladderSeconds = (Date.now() - started) / 1000;
  return ladder;
}

/**
 * The sound checks of a delivered file, as EBU R128 asks: the programme measured alone (the
 * line-up's tone would lift the reading; a black head or tail is left out too), on the profile's
 * channel layout (one stereo stream, or the left and right mono tracks together), and the line-up
 * read on its own (bars, tone level and frequency per channel, slate, black, silence).
 *
 * @example const { audio, lineUp } = await measureDeliveredSound({ source, tools, profile, layout });
 */
export async function measureDeliveredSound({
  source,
  tools,
  profile,
  layout,
}: {
  source: MediaSource;
  tools: MediaTools;
  profile: DeliveryProfile;
  layout: ProgrammeLayout;
}): Promise<{ audio: AudioAnalysis; lineUp: LineUpAnalysis | null }> {
  const tracks = profile.audio.tracks;
  const range = { startFrame: layout.leadFrames, frames: layout.programmeFrames };
  const parts = lineUpPartsOf({ layout });
  const [audio, lineUp] = await Promise.all([
    analyseAudio({ source, tools, tracks, ...(layout.leadFrames + layout.tailFrames > 0 ? { range } : {}) }),
    parts ? analyseLineUp({ source, tools, tracks, parts, leadFrames: layout.leadFrames }) : null,
  ]);
  return { audio, lineUp };
}

/** Where the line-up's parts sit in the file (file frames); null when the file has no line-up (no bars). */
function lineUpPartsOf({ layout }: { layout: ProgrammeLayout }): LineUpParts | null {
  if (!layout.lead.some((part) => part.kind === 'bars')) return null;
  const parts: LineUpParts = { bars: null, slate: null, black: null };
  let startFrame = 0;
  for (const part of layout.lead) {
    if (parts[part.kind] === null) parts[part.kind] = { startFrame, frames: part.frames };
    startFrame += part.frames;
  }
  return parts;
}

/** SHA-256, MD5 and size of a stored blob, computed once and cached beside it. */
async function checksumsOf({ deps, key }: { deps: Pick<RenderDeps, 'blobs'>; key: string }): Promise<z.infer<typeof SumsSchema>> {
  const sumsKey = `${key}.sums.json`;
  if ((await deps.blobs.head({ key: sumsKey })) !== null) {
    return SumsSchema.parse(JSON.parse((await buffer(await deps.blobs.read({ key: sumsKey }))).toString('utf8')));
  }
  const sums = await checksumFile({ path: (await deps.blobs.mediaInput({ key })).url });
  await deps.blobs.putBytes({ key: sumsKey, body: JSON.stringify(sums), contentType: 'application/json' });
  return sums;
}

/** More new segments than this, and the delivered file is decoded whole instead. */
const DECODE_WHOLE_FROM = 3;

/**
 * The decode test of a delivered file whose programme picture is its segments joined by stream
 * copy, each segment's decode test cached beside it (`<segment>.decode.json`), so a re-render
 * decodes only what it made:
 *
 * - Many new segments (a first render): the whole file is decoded in one run (one process
 *   instead of hundreds, the same frames), and if it is clean each new segment is recorded clean.
 *   If it is not, the new segments are decoded one by one to tell which has the error.
 * - Few: the file is read packet by packet (container and timestamps, no picture decoding), its
 *   sound and the parts made at mux time (line-up, black head and tail) decoded, and each new
 *   segment decoded on its own.
 *
 * Every frame of the file is decoded once either way.
 */
async function decodeTestOfDeliveredFile({
  deps,
  plan,
  source,
  layout,
}: {
  deps: RenderDeps;
  plan: RenderPlan;
  source: MediaSource;
  layout: ReturnType<typeof layoutFor>;
}): Promise<DecodeTestResult> {
  const fps = FPS;
  const keyOf = (index: number) => `${plan.segments[index]!.key}.decode.json`;
  const results: (DecodeTestResult | null)[] = await Promise.all(
    plan.segments.map(async (_, index) => {
      const stored = await deps.blobs.head({ key: keyOf(index) });
      return stored === null ? null : DecodeTestResultSchema.parse(JSON.parse((await buffer(await deps.blobs.read({ key: keyOf(index) }))).toString('utf8')));
    }),
  );
  const save = async (index: number, result: DecodeTestResult) => {
    results[index] = result;
    await deps.blobs.putBytes({ key: keyOf(index), body: JSON.stringify(result), contentType: 'application/json' });
  };
  const missing = results.flatMap((result, index) => (result === null ? [index] : []));
  const fileResults: DecodeTestResult[] = [];
  if (missing.length > DECODE_WHOLE_FROM) {
    const whole = await decodeTest({ source, tools: deps.tools, expectedSeconds: layout.totalFrames / fps });
    fileResults.push(whole);
    if (whole.ok) {
      for (const index of missing) await save(index, { ok: true, errors: [], errorCount: 0, decodedSeconds: plan.segments[index]!.spec.frames / fps });
    }
  } else {
    const passes = [decodeTest({ source, tools: deps.tools, picture: 'packets', expectedSeconds: layout.totalFrames / fps })];
    if (layout.leadFrames > 0)
      passes.push(
        decodeTest({
          source,
          tools: deps.tools,
          range: { startSeconds: 0, durationSeconds: layout.leadFrames / fps },
          expectedSeconds: layout.leadFrames / fps,
        }),
      );
    if (layout.tailFrames > 0) {
      const startSeconds = (layout.leadFrames + layout.programmeFrames) / fps;
      passes.push(decodeTest({ source, tools: deps.tools, range: { startSeconds }, expectedSeconds: layout.tailFrames / fps }));
    }
    fileResults.push(...(await Promise.all(passes)));
  }
  const pending = results.flatMap((result, index) => (result === null ? [index] : []));
  await forEachLimited({
    items: pending,
    limit: deps.concurrency,
    run: async (index) => {
      const segment = plan.segments[index]!;
      const segmentSource: MediaSource = { ...(await deps.blobs.mediaInput({ key: segment.key })), demuxer: 'mov' };
      await save(index, await decodeTest({ source: segmentSource, tools: deps.tools, expectedSeconds: segment.spec.frames / fps }));
    },
  });
  // Errors of the file stay in the result even if every segment alone decodes cleanly.
  const errors = fileResults.flatMap((r) => r.errors);
  plan.segments.forEach((segment, index) => {
    for (const line of results[index]!.errors) errors.push(`segment at ${framesToTimecode({ frames: layout.leadFrames + segment.spec.startFrame })}: ${line}`);
  });
  const errorCount = [...fileResults, ...results.map((r) => r!)].reduce((sum, r) => sum + r.errorCount, 0);
  return { ok: errorCount === 0, errors: errors.slice(0, 50), errorCount, decodedSeconds: fileResults[0]?.decodedSeconds ?? null };
}
