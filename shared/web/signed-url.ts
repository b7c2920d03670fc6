import { createHmac } from 'node:crypto';
import { AccessError, findVerifyingKey, secretsEqual, singleKeyRing, type SigningKeyRing } from '../domain/index.ts';

/**
 * Download links that work without a cookie (a broadcaster's download manager, `curl -C -`):
 * the query carries an expiry and an HMAC-SHA256 over the path, the file, the expiry and who the
 * link was issued to.
 */
export function signDownload({
  signingKey,
  path,
  file,
  exp,
  by,
  kid,
}: {
  signingKey: Uint8Array;
  path: string;
  file: string;
  exp: number;
  by: string;
  kid?: string;
}): string {
  // A key id is part of what is signed, so a link cannot be moved to another key by editing `kid`.
  const message = kid === undefined ? `download.${path}.${file}.${exp}.${by}` : `download.${kid}.${path}.${file}.${exp}.${by}`;
  return createHmac('sha256', signingKey).update(message).digest('base64url');
}

/**
 * The full app-relative download URL. Signed with the ring's current key, named by `kid`
 * (`keys`); a bare `signingKey` makes a link without a key id, verified by the current key only.
 */
export function downloadUrl({
  signingKey,
  keys,
  path,
  file,
  exp,
  by,
}: {
  signingKey?: Uint8Array;
  keys?: SigningKeyRing;
  path: string;
  file: string;
  exp: number;
  by: string;
}): string {
  if (keys !== undefined) {
    const kid = keys.current.id;
    return `${path}?${new URLSearchParams({ file, exp: String(exp), by, kid, sig: signDownload({ signingKey: keys.current.key, path, file, exp, by, kid }) }).toString()}`;
  }
  if (signingKey === undefined) throw new Error('downloadUrl needs keys or a signingKey');
  const query = new URLSearchParams({ file, exp: String(exp), by, sig: signDownload({ signingKey, path, file, exp, by }) });
  return `${path}?${query.toString()}`;
}

/**
 * Checks a download link's signature, then its expiry. A link naming a key (`kid`) is checked with
 * that key: the current one, or one rotated out less than `maxLinkSeconds` ago (links it signed
 * may still be valid); an unknown or long-retired key id fails like a wrong signature. A link
 * without `kid` (made before keys had ids) is checked with the current key.
 *
 * @throws AccessError `SIGNATURE_INVALID` (403), `LINK_EXPIRED` (410)
 */
export function verifyDownload({
  signingKey,
  keys,
  kid,
  maxLinkSeconds = 24 * 3600,
  path,
  file,
  exp,
  by,
  sig,
  now,
}: {
  signingKey: Uint8Array;
  keys?: SigningKeyRing;
  kid?: string | undefined;
  maxLinkSeconds?: number;
  path: string;
  file: string;
  exp: string;
  by: string;
  sig: string;
  now: Date;
}): void {
  const validExp = /^\d{1,12}$/.test(exp);
  let expected = '';
  if (validExp && kid === undefined) {
    expected = signDownload({ signingKey: keys?.current.key ?? signingKey, path, file, exp: Number(exp), by });
  } else if (validExp) {
    const ring = keys ?? singleKeyRing({ key: signingKey });
    const key = findVerifyingKey({ ring, id: kid!, nowSeconds: Math.floor(now.getTime() / 1000), maxLinkSeconds });
    if (key !== null) expected = signDownload({ signingKey: key.key, path, file, exp: Number(exp), by, kid: key.id });
  }
  if (expected === '' || !secretsEqual({ a: sig, b: expected })) {
    throw new AccessError({
      code: 'SIGNATURE_INVALID',
      message: 'This download link is not valid. Open the delivery page again for a fresh link.',
      messageVi: 'Đường dẫn tải xuống không hợp lệ. Hãy mở lại trang nhận sản phẩm để lấy đường dẫn mới.',
    });
  }
  if (Number(exp) * 1000 <= now.getTime()) {
    throw new AccessError({
      code: 'LINK_EXPIRED',
      message: 'This download link has expired. Open the delivery page again for a fresh link; a partial download resumes where it stopped.',
      messageVi: 'Đường dẫn tải xuống đã hết hạn. Hãy mở lại trang nhận sản phẩm để lấy đường dẫn mới; phần đã tải sẽ được tải tiếp.',
    });
  }
}

/** The app's key ring: `signingKeys`, or `signingKey` alone as a ring of one. */
export function signingKeysOf({ deps }: { deps: { signingKey: Uint8Array; signingKeys?: SigningKeyRing | undefined } }): SigningKeyRing {
  return deps.signingKeys ?? singleKeyRing({ key: deps.signingKey });
}
