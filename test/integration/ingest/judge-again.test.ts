import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalBackend } from '../../../shared/adapters/local/index.ts';
import { silentLogger } from '../../../shared/adapters/log/json-logger.ts';
import { createProject, type AssetKind } from '../../../shared/domain/index.ts';
import { processIngest, submitUpload } from '../../../shared/ingest/index.ts';
import { systemClock } from '../../../shared/ports/index.ts';
import { TEST_TOOLS } from '../../helpers/make-media.ts';

/** A broken SRT: its first timing line has a comma for the arrow. */
const BROKEN_SRT = '1\n00:00:01,000 , 00:00:02,000\nXin chào\n\n2\n00:00:03,000 --> 00:00:04,000\nHải Phòng\n';

describe('ingest judges subtitle files as subtitles, and a refused file again when it is sent again', () => {
  let dir: string;
  let backend: ReturnType<typeof createLocalBackend>;
  const deps = () => ({ ...backend, clock: systemClock, log: silentLogger, tools: TEST_TOOLS, scratchDir: path.join(dir, 'scratch') });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'reportage-judge-'));
    backend = createLocalBackend({ dataDir: dir, maxAttempts: 1 });
    await backend.store.projects.create({ project: createProject({ now: new Date() }) });
  });
  afterAll(async () => {
    await backend.close();
    await rm(dir, { recursive: true, force: true });
  });

  const ingest = async ({ text, name, kind }: { text: string; name: string; kind?: AssetKind }) => {
    const { asset, duplicate } = await submitUpload({
      deps: deps(),
      projectId: 'dai-hoi-2026',
      body: Readable.from([Buffer.from(text)]),
      originalName: name,
      metadata: kind ? { kind } : {},
    });
    const done = await processIngest({ deps: deps(), assetId: asset.id, attempt: 1, maxAttempts: 1 });
    return { done, duplicate };
  };

  it('refuses a broken .srt sent without a kind as MALFORMED_SUBTITLES naming its line, not as NOT_MEDIA', async () => {
    const { done } = await ingest({ text: BROKEN_SRT, name: 'phong-van.srt' });
    expect(done.status).toBe('rejected');
    expect(done.error?.code).toBe('MALFORMED_SUBTITLES');
    expect(done.error?.message).toContain('line 2');
  });

  it('judges the same bytes again when they are sent again, as this upload describes them', async () => {
    // Same bytes, another name that says nothing: judged again from its content (a "-->" in text).
    const { done, duplicate } = await ingest({ text: BROKEN_SRT, name: 'ban-ghi', kind: 'subtitle' });
    expect(duplicate).toBe(true);
    expect(done.status).toBe('rejected');
    expect(done.error?.code).toBe('MALFORMED_SUBTITLES');
    expect(done.requestedKind).toBe('subtitle');
    expect(done.originalName).toBe('ban-ghi');
  });

  it('accepts a fixed file, and reads a .vtt without its header as WebVTT', async () => {
    const fixed = await ingest({ text: BROKEN_SRT.replace(' , ', ' --> '), name: 'phong-van.srt' });
    expect(fixed.done.status).toBe('ready');
    expect(fixed.done.kind).toBe('subtitle');
    const vtt = await ingest({ text: '00:00.000 --> 00:01.000\nXin chào\n', name: 'phu-de.vtt' });
    expect(vtt.done.error?.code).toBe('MALFORMED_SUBTITLES');
    expect(vtt.done.error?.message).toContain('WEBVTT');
  });
});
