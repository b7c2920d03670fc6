import { UnsafeMediaUrlError } from './errors.ts';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * The ffmpeg `-protocol_whitelist` for a presigned S3 URL: `https,tls,tcp` for https. Plain
 * `http,tcp` is allowed for one case only: an http endpoint on loopback, which is an emulator in
 * a test or on a developer's machine (`REPORTAGE_S3_ENDPOINT=http://127.0.0.1:…`). Any other
 * plain-http URL is refused (`UNSAFE_MEDIA_URL`), so a misconfigured endpoint never makes ffmpeg
 * fetch media in clear text across a network.
 *
 * @example mediaProtocolsFor({ url: 'https://b.s3.eu-west-1.amazonaws.com/k?X-Amz-…' }) // 'https,tls,tcp'
 * @example mediaProtocolsFor({ url: 'http://127.0.0.1:4566/b/k?X-Amz-…' })              // 'http,tcp'
 */
export function mediaProtocolsFor({ url }: { url: string }): string {
  const parsed = new URL(url);
  if (parsed.protocol === 'https:') return 'https,tls,tcp';
  if (parsed.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname)) return 'http,tcp';
  throw new UnsafeMediaUrlError({ url });
}
