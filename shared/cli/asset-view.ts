import type { Asset } from '../domain/index.ts';
import type { BlobStore } from '../ports/index.ts';

/** An asset as the CLI prints it: derivatives located (local paths on the local backend). */
export async function toAssetView({ asset, blobs }: { asset: Asset; blobs: BlobStore }) {
  const derivatives: Record<string, { path?: string; url?: string; contentType: string; sizeBytes: number; width?: number; height?: number }> = {};
  for (const [name, derivative] of Object.entries(asset.derivatives)) {
    const where = await blobs.locate({ key: derivative.key });
    derivatives[name] = {
      ...where,
      contentType: derivative.contentType,
      sizeBytes: derivative.sizeBytes,
      ...(derivative.width ? { width: derivative.width } : {}),
      ...(derivative.height ? { height: derivative.height } : {}),
    };
  }
  const original = await blobs.locate({ key: asset.original.key });
  return {
    id: asset.id,
    projectId: asset.projectId,
    kind: asset.kind,
    status: asset.status,
    originalName: asset.originalName,
    organisation: asset.organisation,
    contributor: asset.contributor,
    theme: asset.theme,
    speaker: asset.speaker,
    description: asset.description,
    original: { sha256: asset.original.sha256, sizeBytes: asset.original.sizeBytes, ...original },
    probe: asset.probe,
    loudness: asset.loudness,
    warnings: asset.warnings,
    derivatives,
    error: asset.error,
    createdAt: asset.createdAt,
    updatedAt: asset.updatedAt,
  };
}
