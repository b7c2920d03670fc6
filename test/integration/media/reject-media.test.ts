import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssetKind } from '../../../shared/domain/asset.ts';
import type { ProbeFacts } from '../../../shared/domain/media-facts.ts';
import {
  MediaError,
  MediaRejectedError,
  deriveAudio,
  derivePhoto,
  deriveVideo,
  probeMedia,
  readHead,
  sniffMedia,
  validateMedia,
} from '../../../shared/media/index.ts';
import {
  PLAYLIST_TARGET,
  TEST_TOOLS,
  localSource,
  makeEmptyFile,
  makeFfconcatList,
  makeHlsDisguisedAsMp4,
  makeRandomBytes,
  makeTextFile,
  makeTooShortClip,
  makeTruncatedFaststartMp4,
  makeTruncatedMp4,
  makeUndecodableMp4,
  makeUnsupportedCodecAvi,
  makeWav,
  makeCameraClip,
} from '../../helpers/make-media.ts';
import { videoFacts } from '../../helpers/video-facts.ts';

let workDir: string;

/** Ingest's media path: sniff the head, probe, validate, derive for the kind. Resolves to the kind. */
async function ingest(file: string, requestedKind?: AssetKind): Promise<AssetKind> {
  const source = localSource(file);
  const head = (await readHead({ source })) ?? Buffer.alloc(0);
  const sniffed = sniffMedia({ head });
  if (sniffed.kind === 'playlist') throw MediaError.playlist({ format: sniffed.format });
  const facts = await probeMedia({ source, tools: TEST_TOOLS, head });
  const { kind } = validateMedia({ facts, minDurationSeconds: 1, ...(requestedKind ? { requestedKind } : {}) });
  const outDir = await mkdtemp(path.join(workDir, 'out-'));
  const located = { ...source, demuxer: facts.demuxer };
  if (kind === 'photo') await derivePhoto({ source: located, facts, tools: TEST_TOOLS, outDir, head });
  else if (kind === 'music' || kind === 'voiceover') await deriveAudio({ source: located, facts, tools: TEST_TOOLS, outDir });
  else await deriveVideo({ source: located, facts, tools: TEST_TOOLS, outDir });
  return kind;
}

async function rejection(promise: Promise<unknown>): Promise<MediaRejectedError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MediaRejectedError);
  const rejected = error as MediaRejectedError;
  expect(rejected.retryable).toBe(false);
  expect(rejected.kind).toBe('invalid');
  expect(rejected.message.length).toBeGreaterThan(20);
  expect(rejected.messageVi.length).toBeGreaterThan(20);
  return rejected;
}

/** Nothing the playlist names — its path or the contents of that file — may appear in what the error carries. */
async function expectNothingFromThePlaylist(error: MediaRejectedError): Promise<void> {
  const shown = JSON.stringify({ json: error.toJSON(), details: error.details, message: error.message, messageVi: error.messageVi });
  expect(shown).not.toContain(PLAYLIST_TARGET);
  expect(shown).not.toContain('hostname');
  const contents = (await readFile(PLAYLIST_TARGET, 'utf8')).trim();
  if (contents.length > 0) expect(shown).not.toContain(contents);
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'reportage-reject-'));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('ingest refuses unusable files with a stable code', () => {
  it('rejects an empty file (EMPTY_FILE)', async () => {
    expect((await rejection(ingest(await makeEmptyFile()))).code).toBe('EMPTY_FILE');
  });

  it('rejects random bytes (NOT_MEDIA)', async () => {
    expect((await rejection(ingest(await makeRandomBytes()))).code).toBe('NOT_MEDIA');
  });

  it('rejects a plain text file (NOT_MEDIA)', async () => {
    expect((await rejection(ingest(await makeTextFile()))).code).toBe('NOT_MEDIA');
  });

  it('rejects an MP4 cut in half before its index (TRUNCATED)', async () => {
    expect((await rejection(ingest(await makeTruncatedMp4()))).code).toBe('TRUNCATED');
  });

  it('rejects a faststart MP4 cut in half (TRUNCATED)', async () => {
    expect((await rejection(ingest(await makeTruncatedFaststartMp4()))).code).toBe('TRUNCATED');
  });

  it('rejects a cut-short MP4 while deriving even when probing let it through (TRUNCATED)', async () => {
    const facts: ProbeFacts = {
      demuxer: 'mov',
      formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
      durationSeconds: 3,
      sizeBytes: 1,
      bitRate: null,
      audioStreams: 1,
      video: videoFacts({ width: 320, height: 180 }),
      audio: { codec: 'aac', sampleRate: 48000, channels: 1, channelLayout: 'mono' },
    };
    const outDir = await mkdtemp(path.join(workDir, 'cut-'));
    const source = { ...localSource(await makeTruncatedFaststartMp4()), demuxer: 'mov' };
    expect((await rejection(deriveVideo({ source, facts, tools: TEST_TOOLS, outDir }))).code).toBe('TRUNCATED');
  });

  it('rejects an MP4 whose video data is corrupt (UNDECODABLE)', async () => {
    expect((await rejection(ingest(await makeUndecodableMp4()))).code).toBe('UNDECODABLE');
  });

  it('rejects Cinepak video, which is not on the codec allow list (UNSUPPORTED_CODEC)', async () => {
    const error = await rejection(ingest(await makeUnsupportedCodecAvi()));
    expect(error).toMatchObject({ code: 'UNSUPPORTED_CODEC', details: { streamType: 'video', codec: 'cinepak' } });
  });

  it('rejects an HLS playlist disguised as MP4 without echoing what it points to (PLAYLIST_REJECTED)', async () => {
    const error = await rejection(ingest(await makeHlsDisguisedAsMp4()));
    expect(error).toMatchObject({ code: 'PLAYLIST_REJECTED', details: { format: 'hls' } });
    await expectNothingFromThePlaylist(error);
  });

  it('rejects an HLS playlist through the ffprobe format whitelist when sniffing is bypassed', async () => {
    const source = localSource(await makeHlsDisguisedAsMp4());
    const error = await rejection(probeMedia({ source, tools: TEST_TOOLS, head: new Uint8Array(0) }));
    expect(error).toMatchObject({ code: 'PLAYLIST_REJECTED', details: { format: 'hls' } });
    await expectNothingFromThePlaylist(error);
  });

  it('rejects an ffconcat list, by sniffing and by the format whitelist (PLAYLIST_REJECTED)', async () => {
    const file = await makeFfconcatList();
    const sniffed = await rejection(ingest(file));
    expect(sniffed).toMatchObject({ code: 'PLAYLIST_REJECTED', details: { format: 'ffconcat' } });
    const probed = await rejection(probeMedia({ source: localSource(file), tools: TEST_TOOLS, head: new Uint8Array(0) }));
    expect(probed).toMatchObject({ code: 'PLAYLIST_REJECTED', details: { format: 'ffconcat' } });
    await expectNothingFromThePlaylist(probed);
  });

  it('rejects a 0.3 s clip (TOO_SHORT)', async () => {
    const error = await rejection(ingest(await makeTooShortClip()));
    expect(error).toMatchObject({ code: 'TOO_SHORT', details: { minDurationSeconds: 1 } });
  });

  it('rejects a WAV sent as an interview, suggesting voice-over (KIND_MISMATCH)', async () => {
    const error = await rejection(ingest(await makeWav(), 'interview'));
    expect(error).toMatchObject({ code: 'KIND_MISMATCH', details: { requestedKind: 'interview', found: 'audio', suggestedKind: 'voiceover' } });
  });

  it('rejects a video sent as a photo (KIND_MISMATCH)', async () => {
    const error = await rejection(ingest(await makeCameraClip(), 'photo'));
    expect(error).toMatchObject({ code: 'KIND_MISMATCH', details: { found: 'video', suggestedKind: 'footage' } });
  });
});
