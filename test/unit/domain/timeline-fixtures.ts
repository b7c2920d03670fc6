/**
 * Builders for cut and timeline tests: asset records as ingest leaves them, without any I/O.
 */
import { createHash } from 'node:crypto';
import type { Asset, AssetKind, AssetStatus, CutInput, Project, Speaker } from '../../../shared/domain/index.ts';
import { REPORTAGE_TARGET_LENGTH } from '../../../shared/domain/index.ts';

export const PROJECT_ID = 'dai-hoi-2026';

export const project: Pick<Project, 'id' | 'targetLength' | 'cutKinds'> = { id: PROJECT_ID, targetLength: REPORTAGE_TARGET_LENGTH, cutKinds: {} };

export interface AssetOptions {
  id: string;
  kind: AssetKind;
  durationSeconds?: number | null;
  speaker?: Speaker | null;
  status?: AssetStatus;
  hasAudio?: boolean;
  projectId?: string;
  /** Changes the original's SHA-256 (as a new upload with other bytes would). */
  bytes?: string;
}

export function makeAsset({
  id,
  kind,
  durationSeconds = 60,
  speaker = null,
  status = 'ready',
  hasAudio,
  projectId = PROJECT_ID,
  bytes = id,
}: AssetOptions): Asset {
  const video = kind === 'footage' || kind === 'interview' || kind === 'photo' || kind === 'programme';
  const audio = hasAudio ?? (kind !== 'photo' && kind !== 'subtitle');
  return {
    id,
    projectId,
    kind,
    requestedKind: kind,
    originalName: `${id}.bin`,
    organisation: '',
    contributor: '',
    theme: null,
    speaker,
    description: '',
    original: { key: `originals/${id}`, sha256: createHash('sha256').update(bytes).digest('hex'), sizeBytes: 1000 },
    probe:
      kind === 'subtitle'
        ? null
        : {
            demuxer: kind === 'photo' ? 'image2' : 'mov',
            formatName: 'mov,mp4',
            durationSeconds: kind === 'photo' ? null : durationSeconds,
            sizeBytes: 1000,
            bitRate: null,
            video: video
              ? {
                  codec: 'h264',
                  width: 1920,
                  height: 1080,
                  displayWidth: 1920,
                  displayHeight: 1080,
                  rotation: 0,
                  sampleAspectRatio: { num: 1, den: 1 },
                  pixelFormat: 'yuv420p',
                  bitDepth: 8,
                  frameRate: { num: 25, den: 1 },
                  variableFrameRate: false,
                  fieldOrder: 'progressive',
                  hasAlpha: false,
                  still: kind === 'photo',
                }
              : null,
            audio: audio ? { codec: 'aac', sampleRate: 48000, channels: 2, channelLayout: 'stereo' } : null,
            audioStreams: audio ? 1 : 0,
          },
    loudness: null,
    derivatives: {},
    warnings: [],
    status,
    error: null,
    createdAt: '2026-11-29T08:00:00.000Z',
    updatedAt: '2026-11-29T08:00:00.000Z',
    revision: 1,
  };
}

export function byId(assets: Asset[]): Record<string, Asset> {
  return Object.fromEntries(assets.map((asset) => [asset.id, asset]));
}

/** A cut with the given shots and nothing else. */
export function makeCut(overrides: Partial<CutInput> & Pick<CutInput, 'shots'>): CutInput {
  return { schemaVersion: 1, projectId: PROJECT_ID, id: 'phong-su', title: 'Phóng sự Đại hội', ...overrides };
}
