import { framesToTimecode, type Actor, type Asset, type Render, type RenderProgress, type Session, type Version } from '../domain/index.ts';

/** Who the session is, as records name them. */
export function actorOf(session: Session): Actor {
  return { role: session.role, label: session.label, inviteId: session.inviteId };
}

/** What the API shows of an asset: no storage keys, derivatives by name with their media URL. */
export function publicAsset(asset: Asset) {
  const { original, derivatives, ...rest } = asset;
  return {
    ...rest,
    original: { sha256: original.sha256, sizeBytes: original.sizeBytes },
    derivatives: Object.fromEntries(
      Object.entries(derivatives).map(([name, d]) => [
        name,
        {
          contentType: d.contentType,
          sizeBytes: d.sizeBytes,
          width: d.width,
          height: d.height,
          url: `/api/projects/${asset.projectId}/assets/${asset.id}/media/${name}`,
        },
      ]),
    ),
  };
}

export function versionView(version: Version) {
  return {
    id: version.id,
    number: version.number,
    cutId: version.cutId,
    title: version.cut.title,
    durationFrames: version.durationFrames,
    duration: framesToTimecode({ frames: version.durationFrames }),
    lengthOk: version.lengthCheck.ok,
    createdAt: version.createdAt,
    /** A version from file: the programme asset and what each profile changes about it. */
    ...(version.origin ? { origin: version.origin } : {}),
  };
}

export function renderView({ render, live }: { render: Render; live: RenderProgress | null }) {
  const programme = render.files.find((f) => f.role === 'programme');
  return {
    id: render.id,
    versionId: render.versionId,
    versionNumber: render.versionNumber,
    profile: render.profile,
    status: render.status,
    progress: render.status === 'running' && live !== null ? live : render.progress,
    qc: render.qc,
    error: render.error,
    mediaUrl: render.status === 'done' && programme ? `/api/projects/${render.projectId}/renders/${render.id}/media` : null,
    createdAt: render.createdAt,
    updatedAt: render.updatedAt,
  };
}
