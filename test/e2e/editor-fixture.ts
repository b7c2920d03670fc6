/**
 * What the cut editor's browser tests and its benchmark need: a few small clips, a voice-over and a
 * photo made with ffmpeg's lavfi sources, ingested into a running server's data folder by
 * `reportage ingest`, and a cut of N shots over them saved as the draft through the API.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import type { CutInput } from '../../shared/domain/cut/index.ts';
import { cached, ffmpeg, TONE_23 } from '../helpers/media-cache.ts';

const BIN = fileURLToPath(new URL('../../bin/reportage.js', import.meta.url));
const execFileAsync = promisify(execFile);
const NAMESPACE = 'editor-fixture-v1';

/** Clip lengths in seconds: long enough for shots of 1–6 s anywhere in them. */
export const CLIP_SECONDS = 12;

/** A 320×180 25p clip with a frame counter over a test pattern, and a tone. */
function makeClip(name: string, pattern: string): Promise<string> {
  const recipe = {
    video: `${pattern}=s=320x180:r=25:d=${CLIP_SECONDS},drawtext=text='%{n}':x=8:y=8:fontsize=24:fontcolor=white:box=1:boxcolor=black`,
    audio: TONE_23(CLIP_SECONDS),
  };
  return cached({
    namespace: NAMESPACE,
    name,
    recipe,
    build: (out) =>
      ffmpeg([
        '-f',
        'lavfi',
        '-i',
        recipe.video,
        '-f',
        'lavfi',
        '-i',
        recipe.audio,
        '-c:v',
        'libx264',
        '-preset',
        'ultrafast',
        '-pix_fmt',
        'yuv420p',
        '-g',
        '25',
        '-c:a',
        'aac',
        '-shortest',
        '-f',
        'mp4',
        out,
      ]),
  });
}

/** The media: two clips, a voice-over (WAV, 6 s), a photo (JPEG). */
export async function makeEditorMedia(): Promise<{ clips: string[]; voiceover: string; photo: string }> {
  const clips = [await makeClip('editor-clip-a', 'testsrc2'), await makeClip('editor-clip-b', 'smptebars')];
  const voiceover = await cached({
    namespace: NAMESPACE,
    name: 'editor-voiceover',
    recipe: { a: 'sine=f=330:d=6' },
    build: (out) => ffmpeg(['-f', 'lavfi', '-i', 'sine=f=330:sample_rate=48000:d=6', '-ac', '2', '-c:a', 'pcm_s16le', '-f', 'wav', out]),
  });
  const photo = await cached({
    namespace: NAMESPACE,
    name: 'editor-photo',
    recipe: { v: 'mandelbrot' },
    build: (out) => ffmpeg(['-f', 'lavfi', '-i', 'mandelbrot=s=640x360', '-frames:v', '1', '-f', 'mjpeg', out]),
  });
  return { clips, voiceover, photo };
}

/** Ingests files into the server's data folder (`reportage ingest --json`); returns the asset ids in order. */
export async function ingestFiles({ dataDir, files, kind }: { dataDir: string; files: string[]; kind: 'footage' | 'voiceover' | 'photo' }): Promise<string[]> {
  const { stdout } = await execFileAsync(process.execPath, [BIN, 'ingest', '--json', '--kind', kind, ...files], {
    env: { ...process.env, REPORTAGE_DATA_DIR: dataDir, REPORTAGE_LOG_LEVEL: 'warn' },
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { asset: { id: string; status: string } }).asset)
    .map((asset) => {
      if (asset.status !== 'ready') throw new Error(`asset ${asset.id} is ${asset.status}, expected ready`);
      return asset.id;
    });
}

/** Whole frames as a source timecode. */
export function tc(frames: number): string {
  const seconds = Math.floor(frames / 25);
  return `00:${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}:${String(frames % 25).padStart(2, '0')}`;
}

/**
 * A cut of `shots` shots: clips of 1–4 s taken from the clips in turn at varied in points, every
 * seventh a photo, a title card first; one narration item and a cue per tenth shot.
 */
export function buildEditorCut({
  projectId,
  cutId,
  clipIds,
  photoId,
  voiceoverId,
  shots,
}: {
  projectId: string;
  cutId: string;
  clipIds: string[];
  photoId: string;
  voiceoverId: string;
  shots: number;
}): CutInput {
  const list: CutInput['shots'] = [{ id: 's1', type: 'title', text: 'Đại hội lần thứ I', duration: '00:00:02:00' }];
  for (let n = 2; n <= shots; n++) {
    if (n % 7 === 0) {
      list.push({ id: `s${n}`, type: 'photo', assetId: photoId, duration: 50 + (n % 3) * 25, motion: 'zoom-in' });
      continue;
    }
    const inFrames = ((n * 37) % (CLIP_SECONDS * 25 - 110)) + 5;
    const length = 25 + ((n * 13) % 75);
    list.push({ id: `s${n}`, type: 'clip', assetId: clipIds[n % clipIds.length]!, in: tc(inFrames), out: tc(inFrames + length) });
  }
  const subtitles: NonNullable<CutInput['subtitles']> = [];
  for (let n = 0; n < Math.floor(shots / 10); n++) subtitles.push({ id: `c${n + 1}`, start: n * 250 + 10, end: n * 250 + 80, text: `Phụ đề số ${n + 1}` });
  return {
    schemaVersion: 1,
    projectId,
    id: cutId,
    title: `Bản dựng ${shots} cảnh`,
    kind: 'reportage',
    shots: list,
    narration: [{ id: 'vo1', assetId: voiceoverId, at: 25 }],
    music: [],
    subtitles,
  };
}

/** Saves `cut` as the draft of a new cut through the API, as the signed-in person of `page`. */
export async function saveDraft({ page, projectId, cut }: { page: Page; projectId: string; cut: CutInput }): Promise<void> {
  const { session } = (await (await page.request.get('/api/session')).json()) as { session: { csrfToken: string } };
  const response = await page.request.put(`/api/projects/${projectId}/cuts/${cut.id}`, {
    data: { cut, expectedRevision: 0 },
    headers: { 'x-csrf-token': session.csrfToken, origin: new URL(page.url()).origin },
  });
  if (!response.ok()) throw new Error(`saving the draft answered ${response.status()}: ${await response.text()}`);
}

/** The saved draft, as the API returns it. */
export async function loadDraft({ page, projectId, cutId }: { page: Page; projectId: string; cutId: string }): Promise<{ cut: CutInput; revision: number }> {
  const response = await page.request.get(`/api/projects/${projectId}/cuts/${cutId}`);
  const { draft } = (await response.json()) as { draft: { cut: CutInput; revision: number } };
  return draft;
}
