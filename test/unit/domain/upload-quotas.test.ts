import { describe, expect, it } from 'vitest';
import {
  DEFAULT_UPLOAD_QUOTAS,
  MAX_PARTS,
  findQuotaBreach,
  partLength,
  quotaExceededError,
  type UploadQuotas,
  type UploadRecord,
} from '../../../shared/domain/index.ts';

const MIB = 1024 * 1024;
const now = new Date('2026-11-01T12:00:00Z');
const quotas: UploadQuotas = {
  project: { bytesInFlight: 100 * MIB, bytesStored: 300 * MIB, openUploads: 5 },
  contributor: { bytesInFlight: 20 * MIB, bytesStored: 50 * MIB, openUploads: 2 },
};
type Row = Pick<UploadRecord, 'state' | 'sizeBytes' | 'inviteId' | 'updatedAt'>;
const row = (over: Partial<Row> = {}): Row => ({ state: 'uploading', sizeBytes: MIB, inviteId: 'a', updatedAt: now.toISOString(), ...over });

describe('findQuotaBreach', () => {
  it('is null within every limit', () => {
    expect(findQuotaBreach({ quotas, uploads: [row(), row({ inviteId: 'b' })], inviteId: 'a', now })).toBeNull();
  });

  it("names the contributor's open uploads, bytes in flight and bytes stored, each against its own limit", () => {
    expect(findQuotaBreach({ quotas, uploads: [row(), row(), row()], inviteId: 'a', now })).toEqual({
      scope: 'contributor',
      limit: 'openUploads',
      used: 3,
      max: 2,
    });
    expect(findQuotaBreach({ quotas, uploads: [row({ sizeBytes: 15 * MIB }), row({ sizeBytes: 6 * MIB })], inviteId: 'a', now })).toEqual({
      scope: 'contributor',
      limit: 'bytesInFlight',
      used: 21 * MIB,
      max: 20 * MIB,
    });
    // Completed uploads and those in flight together count towards what is stored.
    expect(findQuotaBreach({ quotas, uploads: [row({ state: 'completed', sizeBytes: 45 * MIB }), row({ sizeBytes: 6 * MIB })], inviteId: 'a', now })).toEqual({
      scope: 'contributor',
      limit: 'bytesStored',
      used: 51 * MIB,
      max: 50 * MIB,
    });
  });

  it("holds everyone in a project to the project's limits, a CLI admin (no invite) included", () => {
    const many = Array.from({ length: 6 }, (_, i) => row({ inviteId: `c${i}` }));
    expect(findQuotaBreach({ quotas, uploads: many, inviteId: null, now })).toEqual({ scope: 'project', limit: 'openUploads', used: 6, max: 5 });
  });

  it('does not count aborted uploads, nor uploads abandoned longer than the set age', () => {
    const old = new Date(now.getTime() - 49 * 3600_000).toISOString();
    const uploads = [row({ state: 'aborted' }), row({ updatedAt: old }), row({ updatedAt: old }), row()];
    expect(findQuotaBreach({ quotas, uploads, inviteId: 'a', now, abandonAfterSeconds: 48 * 3600 })).toBeNull();
    expect(findQuotaBreach({ quotas, uploads, inviteId: 'a', now, abandonAfterSeconds: 50 * 3600 })?.limit).toBe('openUploads');
  });

  it('lets two 64 GiB camera cards go up at once for one contributor by default', () => {
    const card = 64 * 1024 ** 3;
    expect(findQuotaBreach({ quotas: DEFAULT_UPLOAD_QUOTAS, uploads: [row({ sizeBytes: card }), row({ sizeBytes: card })], inviteId: 'a', now })).toBeNull();
    expect(
      findQuotaBreach({ quotas: DEFAULT_UPLOAD_QUOTAS, uploads: [row({ sizeBytes: card }), row({ sizeBytes: card }), row()], inviteId: 'a', now })?.limit,
    ).toBe('bytesInFlight');
  });

  it('explains a refusal in both languages with a stable code', () => {
    const error = quotaExceededError({ breach: { scope: 'contributor', limit: 'bytesInFlight', used: 21 * MIB, max: 20 * MIB } });
    expect(error.code).toBe('UPLOAD_QUOTA_EXCEEDED');
    expect(error.message).toContain('0.02 GiB being uploaded at once');
    expect(error.messageVi).toContain('các tệp bạn tải lên');
    expect(error.messageVi).toContain('0,02 GiB');
    expect(error.details).toMatchObject({ scope: 'contributor', limit: 'bytesInFlight' });
  });
});

describe('partLength', () => {
  it('cuts a file as the upload page does: parts of 8 MiB, the last one shorter', () => {
    const declaredBytes = 20 * MIB;
    expect([1, 2, 3].map((partNumber) => partLength({ declaredBytes, partNumber }))).toEqual([8 * MIB, 8 * MIB, 4 * MIB]);
    expect(partLength({ declaredBytes, partNumber: 4 })).toBeNull();
    expect(partLength({ declaredBytes, partNumber: 0 })).toBeNull();
  });

  it('gives a small or empty file one part of its own size', () => {
    expect(partLength({ declaredBytes: 1000, partNumber: 1 })).toBe(1000);
    expect(partLength({ declaredBytes: 0, partNumber: 1 })).toBe(0);
    expect(partLength({ declaredBytes: 1000, partNumber: 2 })).toBeNull();
  });

  it('grows the parts of a file too large for 10 000 parts of 8 MiB, as Uppy does', () => {
    const declaredBytes = 100 * 1024 ** 3;
    const chunk = Math.ceil(declaredBytes / MAX_PARTS);
    expect(partLength({ declaredBytes, partNumber: 1 })).toBe(chunk);
    const last = partLength({ declaredBytes, partNumber: MAX_PARTS })!;
    expect((MAX_PARTS - 1) * chunk + last).toBe(declaredBytes);
    expect(partLength({ declaredBytes, partNumber: MAX_PARTS + 1 })).toBeNull();
  });
});

describe('quotas from the environment', () => {
  it('defaults to the domain defaults, and takes each limit from its variable (GiB for bytes)', async () => {
    const { loadConfig } = await import('../../../shared/config.ts');
    const { DEFAULT_UPLOAD_ABANDON_SECONDS } = await import('../../../shared/domain/index.ts');
    expect(loadConfig({ env: {} }).uploadQuotas).toEqual(DEFAULT_UPLOAD_QUOTAS);
    expect(loadConfig({ env: {} }).uploadAbandonSeconds).toBe(DEFAULT_UPLOAD_ABANDON_SECONDS);
    const config = loadConfig({
      env: { REPORTAGE_UPLOAD_QUOTA_CONTRIBUTOR_OPEN: '5', REPORTAGE_UPLOAD_QUOTA_PROJECT_IN_FLIGHT_GIB: '2', REPORTAGE_UPLOAD_ABANDON_HOURS: '6' },
    });
    expect(config.uploadQuotas.contributor.openUploads).toBe(5);
    expect(config.uploadQuotas.project.bytesInFlight).toBe(2 * 1024 ** 3);
    expect(config.uploadAbandonSeconds).toBe(6 * 3600);
    expect(() => loadConfig({ env: { REPORTAGE_UPLOAD_QUOTA_PROJECT_OPEN: '0' } })).toThrow(/REPORTAGE_UPLOAD_QUOTA_PROJECT_OPEN/);
  });
});
