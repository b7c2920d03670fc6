/// <reference lib="dom" />
import { api, errorText, projectPath } from './api.ts';

/**
 * Uppy 6's `AwsS3` plugin no longer takes the create/sign/list/complete functions of earlier
 * versions: it speaks either S3's XML protocol (`signRequest`) or Companion's JSON protocol
 * (`companionEndpoint`), the latter through plain `fetch`. This bridge answers the Companion
 * protocol inside the page by calling the app's multipart API (shared/web/API.md, "Uploads"), so
 * the part PUTs go where the API says: the app itself locally, presigned S3 URLs on AWS. Only
 * URLs under the bridge's prefix are answered here; every other fetch goes out untouched.
 */
export const BRIDGE_PATH = '/__uppy-s3';

interface CompanionCreateBody {
  filename: string;
  type?: string;
  metadata?: Record<string, unknown>;
}

/** Installs the bridge for one project; returns the `companionEndpoint` to give AwsS3. */
export function installUppyBridge({ projectId, onCompleted }: { projectId: string; onCompleted: () => void }): string {
  const endpoint = `${location.origin}${BRIDGE_PATH}`;
  const prefix = `${endpoint}/s3/multipart`;
  const original = window.fetch.bind(window);
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? new URL(input, location.href).href : input instanceof URL ? input.href : input.url;
    if (!url.startsWith(prefix)) return original(input, init);
    try {
      const body = await answer({
        projectId,
        url: new URL(url),
        method: (init?.method ?? 'GET').toUpperCase(),
        body: typeof init?.body === 'string' ? init.body : null,
      });
      if (/\/complete$/.test(new URL(url).pathname)) onCompleted();
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    } catch (error) {
      // Uppy shows the error's message on the file: give it the API's message in the page's language.
      throw new Error(errorText(error));
    }
  };
  return endpoint;
}

async function answer({ projectId, url, method, body }: { projectId: string; url: URL; method: string; body: string | null }): Promise<unknown> {
  const rest = url.pathname.slice(`${BRIDGE_PATH}/s3/multipart`.length).split('/').filter(Boolean).map(decodeURIComponent);
  const uploads = projectPath(projectId, '/uploads');
  if (rest.length === 0 && method === 'POST') {
    const request = JSON.parse(body ?? '{}') as CompanionCreateBody;
    return createUpload({ projectId, filename: request.filename, contentType: request.type ?? '', meta: request.metadata ?? {} });
  }
  const [uploadId, second] = rest;
  if (!uploadId) throw new Error(`unknown bridge request ${method} ${url.pathname}`);
  const base = `${uploads}/${encodeURIComponent(uploadId)}`;
  if (second === undefined && method === 'GET') {
    const { parts } = await api<{ parts: { partNumber: number; etag: string; sizeBytes: number }[] }>('GET', `${base}/parts`);
    return parts.map((part) => ({ PartNumber: part.partNumber, ETag: part.etag, Size: part.sizeBytes }));
  }
  if (second === undefined && method === 'DELETE') {
    await api('DELETE', base);
    return {};
  }
  if (second === 'complete' && method === 'POST') {
    const { parts } = JSON.parse(body ?? '{}') as { parts: { PartNumber: number; ETag: string }[] };
    await api('POST', `${base}/complete`, { parts: parts.map((part) => ({ partNumber: part.PartNumber, etag: quoted(part.ETag) })) });
    return { location: base, key: url.searchParams.get('key') ?? uploadId };
  }
  if (second !== undefined && /^\d+$/.test(second) && method === 'GET') {
    const target = await api<{ url: string; headers?: Record<string, string> }>('GET', `${base}/parts/${second}`);
    return { url: new URL(target.url, location.href).href, headers: target.headers ?? {} };
  }
  throw new Error(`unknown bridge request ${method} ${url.pathname}`);
}

/**
 * Starts an upload on the API for one file. The page calls it from an Uppy pre-processor for every
 * file and stores the result as the file's `s3Multipart` state: Uppy then treats the file as a
 * multipart upload to resume (list parts, send the missing ones, complete), whatever its size —
 * otherwise files under 5 MiB would take Uppy's single-request path, which the API does not have.
 */
export async function createUpload({
  projectId,
  filename,
  contentType,
  meta,
}: {
  projectId: string;
  filename: string;
  contentType: string;
  meta: Record<string, unknown>;
}): Promise<{ uploadId: string; key: string }> {
  const created = await api<{ uploadId: string; key: string }>('POST', projectPath(projectId, '/uploads'), {
    filename: String(meta.name ?? filename).normalize('NFC'),
    contentType: contentType || 'application/octet-stream',
    sizeBytes: Number(meta.sizeBytes ?? 0),
    metadata: uploadMetadata(meta),
  });
  return { uploadId: created.uploadId, key: created.key };
}

/** The metadata the API takes, from the fields the page keeps on each Uppy file. */
function uploadMetadata(meta: Record<string, unknown>): Record<string, unknown> {
  const text = (name: string) => (typeof meta[name] === 'string' ? (meta[name] as string).normalize('NFC').trim() : '');
  const speakerName = text('speakerName');
  return {
    kind: text('kind') || 'footage',
    ...(text('theme') ? { theme: text('theme') } : {}),
    ...(speakerName ? { speaker: { name: speakerName, position: text('speakerPosition') } } : {}),
    ...(text('description') ? { description: text('description') } : {}),
    ...(text('organisation') ? { organisation: text('organisation') } : {}),
    // A finished programme: the cut it becomes the next version of (and its subtitles and channel layout).
    ...(text('kind') === 'programme' && text('cutId')
      ? {
          versionOf: {
            cutId: text('cutId'),
            ...(text('subtitleAssetId') ? { subtitleAssetId: text('subtitleAssetId') } : {}),
            ...(text('audioLayout') ? { audioLayout: text('audioLayout') } : {}),
          },
        }
      : {}),
  };
}

/** Uppy strips the quotes S3 puts around an ETag; the API, like S3, takes them quoted. */
function quoted(etag: string): string {
  return etag.startsWith('"') ? etag : `"${etag}"`;
}
