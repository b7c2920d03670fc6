import { createHmac } from 'node:crypto';
import { AccessError, secretsEqual } from '../domain/index.ts';

/**
 * Download links that work without a cookie (a broadcaster's download manager, `curl -C -`):
 * the query carries an expiry and an HMAC-SHA256 over the path, the file, the expiry and who the
 * link was issued to.
 */
export function signDownload({ signingKey, path, file, exp, by }: { signingKey: Uint8Array; path: string; file: string; exp: number; by: string }): string {
  return createHmac('sha256', signingKey).update(`download.${path}.${file}.${exp}.${by}`).digest('base64url');
}

/** The full app-relative download URL. */
export function downloadUrl({ signingKey, path, file, exp, by }: { signingKey: Uint8Array; path: string; file: string; exp: number; by: string }): string {
  const query = new URLSearchParams({ file, exp: String(exp), by, sig: signDownload({ signingKey, path, file, exp, by }) });
  return `${path}?${query.toString()}`;
}

/**
 * Checks a download link's signature, then its expiry.
 *
 * @throws AccessError `SIGNATURE_INVALID` (403), `LINK_EXPIRED` (410)
 */
export function verifyDownload({ signingKey, path, file, exp, by, sig, now }: { signingKey: Uint8Array; path: string; file: string; exp: string; by: string; sig: string; now: Date }): void {
  const expected = /^\d{1,12}$/.test(exp) ? signDownload({ signingKey, path, file, exp: Number(exp), by }) : '';
  if (expected === '' || !secretsEqual({ a: sig, b: expected })) {
    throw new AccessError({
      code: 'SIGNATURE_INVALID',
      kind: 'forbidden',
      message: 'This download link is not valid. Open the delivery page again for a fresh link.',
      messageVi: 'Đường dẫn tải xuống không hợp lệ. Hãy mở lại trang nhận sản phẩm để lấy đường dẫn mới.',
    });
  }
  if (Number(exp) * 1000 <= now.getTime()) {
    throw new AccessError({
      code: 'LINK_EXPIRED',
      kind: 'forbidden',
      message: 'This download link has expired. Open the delivery page again for a fresh link; a partial download resumes where it stopped.',
      messageVi: 'Đường dẫn tải xuống đã hết hạn. Hãy mở lại trang nhận sản phẩm để lấy đường dẫn mới; phần đã tải sẽ được tải tiếp.',
    });
  }
}
