import { describe, expect, it } from 'vitest';
import { inviteProblem, sessionExpiry, type Invite } from '../../../shared/domain/index.ts';
import { createRateLimiter } from '../../../shared/web/rate-limit.ts';
import { downloadUrl, verifyDownload } from '../../../shared/web/signed-url.ts';
import { parseRange } from '../../../shared/web/stream-blob.ts';

const key = new Uint8Array(32).fill(7);

describe('HTTP Range parsing', () => {
  it('reads closed, open and suffix ranges, clamps the end, and refuses ranges past the end', () => {
    expect(parseRange({ header: 'bytes=0-99', sizeBytes: 1000 })).toEqual({ start: 0, end: 99 });
    expect(parseRange({ header: 'bytes=900-', sizeBytes: 1000 })).toEqual({ start: 900, end: 999 });
    expect(parseRange({ header: 'bytes=-100', sizeBytes: 1000 })).toEqual({ start: 900, end: 999 });
    expect(parseRange({ header: 'bytes=500-5000', sizeBytes: 1000 })).toEqual({ start: 500, end: 999 });
    expect(parseRange({ header: 'bytes=1000-', sizeBytes: 1000 })).toBe('unsatisfiable');
    expect(parseRange({ header: 'bytes=9-3', sizeBytes: 1000 })).toBe('unsatisfiable');
    expect(parseRange({ header: 'items=0-1', sizeBytes: 1000 })).toBeNull();
  });
});

describe('signed download links', () => {
  const path = '/api/projects/p/renders/r/download';
  const now = new Date('2026-11-01T00:00:00Z');
  const exp = Math.floor(now.getTime() / 1000) + 60;
  const query = () => new URL(downloadUrl({ signingKey: key, path, file: 'a.mp4', exp, by: 'inv-1' }), 'http://x').searchParams;

  it('accepts its own link until it expires', () => {
    const q = query();
    expect(() => verifyDownload({ signingKey: key, path, file: 'a.mp4', exp: q.get('exp')!, by: 'inv-1', sig: q.get('sig')!, now })).not.toThrow();
    expect(() =>
      verifyDownload({ signingKey: key, path, file: 'a.mp4', exp: q.get('exp')!, by: 'inv-1', sig: q.get('sig')!, now: new Date(now.getTime() + 61_000) }),
    ).toThrow(expect.objectContaining({ code: 'LINK_EXPIRED' }));
  });

  it('refuses a link whose file, expiry, holder or key changed', () => {
    const q = query();
    const base = { signingKey: key, path, file: 'a.mp4', exp: q.get('exp')!, by: 'inv-1', sig: q.get('sig')!, now };
    for (const changed of [
      { file: 'b.mp4' },
      { exp: String(exp + 3600) },
      { by: 'inv-2' },
      { signingKey: new Uint8Array(32) },
      { path: '/api/projects/p/renders/s/download' },
    ]) {
      expect(() => verifyDownload({ ...base, ...changed })).toThrow(expect.objectContaining({ code: 'SIGNATURE_INVALID' }));
    }
  });
});

describe('rate limiter', () => {
  it('allows max attempts per window per key, then says how long to wait', () => {
    const limiter = createRateLimiter({ max: 2, windowSeconds: 60 });
    const t = new Date('2026-11-01T00:00:00Z');
    expect(limiter.hit({ key: 'a', now: t })).toBeNull();
    expect(limiter.hit({ key: 'a', now: t })).toBeNull();
    expect(limiter.hit({ key: 'a', now: new Date(t.getTime() + 15_000) })).toBe(45);
    expect(limiter.hit({ key: 'b', now: t })).toBeNull();
    expect(limiter.hit({ key: 'a', now: new Date(t.getTime() + 60_000) })).toBeNull();
  });
});

describe('invites', () => {
  const invite: Invite = {
    id: 'i',
    projectId: 'p',
    role: 'editor',
    stage: null,
    label: 'x',
    tokenHash: 'a'.repeat(64),
    createdAt: '2026-11-01T00:00:00Z',
    expiresAt: '2026-11-02T00:00:00Z',
    revokedAt: null,
    lastUsedAt: null,
  };
  it('says why an invite cannot be used', () => {
    expect(inviteProblem({ invite, now: new Date('2026-11-01T12:00:00Z') })).toBeNull();
    expect(inviteProblem({ invite, now: new Date('2026-11-02T00:00:00Z') })).toBe('INVITE_EXPIRED');
    expect(inviteProblem({ invite: { ...invite, revokedAt: '2026-11-01T01:00:00Z' }, now: new Date('2026-11-01T12:00:00Z') })).toBe('INVITE_REVOKED');
    expect(inviteProblem({ invite: null, now: new Date() })).toBe('INVITE_UNKNOWN');
  });
  it('never lets a session outlive its invite', () => {
    expect(sessionExpiry({ invite, now: new Date('2026-11-01T12:00:00Z') })).toBe('2026-11-02T00:00:00.000Z');
  });
});
