import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findVerifyingKey, signingKeyId, singleKeyRing, type SigningKeyRing } from '../../../shared/domain/index.ts';
import { downloadUrl, verifyDownload } from '../../../shared/web/signed-url.ts';

const path = '/api/projects/p/renders/r/download';
const key = (fill: number) => new Uint8Array(32).fill(fill);
const now = new Date('2026-11-01T08:00:00Z');
const nowSeconds = now.getTime() / 1000;
const day = 24 * 3600;

/** Signs with `keys` and checks the link with `verifyWith` at `at`. */
const roundTrip = ({ keys, verifyWith, at = now, exp = nowSeconds + 3600 }: { keys: SigningKeyRing; verifyWith: SigningKeyRing; at?: Date; exp?: number }) => {
  const q = new URL(downloadUrl({ keys, path, file: 'a.mp4', exp, by: 'inv-1' }), 'http://x').searchParams;
  return () =>
    verifyDownload({
      signingKey: verifyWith.current.key,
      keys: verifyWith,
      kid: q.get('kid') ?? undefined,
      maxLinkSeconds: day,
      path,
      file: 'a.mp4',
      exp: q.get('exp')!,
      by: 'inv-1',
      sig: q.get('sig')!,
      now: at,
    });
};

describe('signed download links with key ids', () => {
  it('names the signing key in the link, and a rotated-out key verifies what it signed until those links expire', () => {
    const before = singleKeyRing({ key: key(1) });
    const after: SigningKeyRing = {
      current: { id: signingKeyId({ key: key(2) }), key: key(2), retiredAt: null },
      previous: [{ ...before.current, retiredAt: nowSeconds }],
    };
    const q = new URL(downloadUrl({ keys: before, path, file: 'a.mp4', exp: nowSeconds + 60, by: 'inv-1' }), 'http://x').searchParams;
    expect(q.get('kid')).toBe(signingKeyId({ key: key(1) }));
    expect(roundTrip({ keys: before, verifyWith: after })).not.toThrow();
    expect(roundTrip({ keys: after, verifyWith: after })).not.toThrow();
    // Past its expiry the old link is refused as expired; once no link it signed can still be valid, the old key verifies nothing.
    expect(roundTrip({ keys: before, verifyWith: after, at: new Date(now.getTime() + 3601_000) })).toThrow(expect.objectContaining({ code: 'LINK_EXPIRED' }));
    expect(roundTrip({ keys: before, verifyWith: after, exp: nowSeconds + 2 * day, at: new Date(now.getTime() + day * 1000) })).toThrow(
      expect.objectContaining({ code: 'SIGNATURE_INVALID' }),
    );
  });

  it('refuses a link naming an unknown key, or whose key id was changed to another key of the ring', () => {
    const ring: SigningKeyRing = {
      current: { id: signingKeyId({ key: key(2) }), key: key(2), retiredAt: null },
      previous: [{ id: signingKeyId({ key: key(1) }), key: key(1), retiredAt: nowSeconds }],
    };
    const stranger = singleKeyRing({ key: new Uint8Array(randomBytes(32)) });
    expect(roundTrip({ keys: stranger, verifyWith: ring })).toThrow(expect.objectContaining({ code: 'SIGNATURE_INVALID' }));
    const q = new URL(downloadUrl({ keys: ring, path, file: 'a.mp4', exp: nowSeconds + 60, by: 'inv-1' }), 'http://x').searchParams;
    expect(() =>
      verifyDownload({
        signingKey: key(2),
        keys: ring,
        kid: ring.previous[0]!.id,
        path,
        file: 'a.mp4',
        exp: q.get('exp')!,
        by: 'inv-1',
        sig: q.get('sig')!,
        now,
      }),
    ).toThrow(expect.objectContaining({ code: 'SIGNATURE_INVALID' }));
  });

  it('still verifies a link made before keys had ids, with the current key only', () => {
    const legacy = new URL(downloadUrl({ signingKey: key(1), path, file: 'a.mp4', exp: nowSeconds + 60, by: 'inv-1' }), 'http://x').searchParams;
    expect(legacy.get('kid')).toBeNull();
    const check = (ring: SigningKeyRing) => () =>
      verifyDownload({ signingKey: ring.current.key, keys: ring, path, file: 'a.mp4', exp: legacy.get('exp')!, by: 'inv-1', sig: legacy.get('sig')!, now });
    expect(check(singleKeyRing({ key: key(1) }))).not.toThrow();
    expect(check(singleKeyRing({ key: key(2) }))).toThrow(expect.objectContaining({ code: 'SIGNATURE_INVALID' }));
  });

  it('finds a previous key only within the longest link lifetime after its retirement', () => {
    const ring: SigningKeyRing = { current: { id: 'kc', key: key(2), retiredAt: null }, previous: [{ id: 'kp', key: key(1), retiredAt: 1000 }] };
    expect(findVerifyingKey({ ring, id: 'kc', nowSeconds: 10 ** 9, maxLinkSeconds: 60 })?.id).toBe('kc');
    expect(findVerifyingKey({ ring, id: 'kp', nowSeconds: 1059, maxLinkSeconds: 60 })?.id).toBe('kp');
    expect(findVerifyingKey({ ring, id: 'kp', nowSeconds: 1060, maxLinkSeconds: 60 })).toBeNull();
    expect(findVerifyingKey({ ring, id: 'nope', nowSeconds: 0, maxLinkSeconds: 60 })).toBeNull();
  });
});
