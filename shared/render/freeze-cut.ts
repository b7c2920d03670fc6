import { buffer } from 'node:stream/consumers';
import { ConflictError, CutSchema, NotFoundError, freezeVersion, type Asset, type Version, type VersionOrigin } from '../domain/index.ts';
import type { BlobStore, Clock, Store } from '../ports/index.ts';
import type { Cue } from '../subtitles/index.ts';

export interface FreezeCutDeps {
  store: Store;
  blobs: BlobStore;
  clock: Clock;
}

/**
 * Rendering a cut freezes a version: the cut is validated against the project's assets and stored
 * as an immutable, numbered version identified by the hash of the cut and of every asset it uses.
 * Freezing the same cut over the same assets again returns the version already stored.
 */
export async function freezeCut({
  deps,
  cut: input,
  origin,
}: {
  deps: FreezeCutDeps;
  cut: unknown;
  origin?: VersionOrigin;
}): Promise<{ version: Version; created: boolean }> {
  const parsedHead = CutSchema.safeParse(input);
  // validateCut (inside freezeVersion) reports every problem; here we only need the project id.
  const projectId = parsedHead.success ? parsedHead.data.projectId : String((input as { projectId?: unknown } | null)?.projectId ?? '');
  const project = await deps.store.projects.get({ id: projectId });
  if (project === null) throw new NotFoundError({ entity: 'project', id: projectId || '(none)' });
  const assets = await loadAssets({ deps, projectId });
  const transcriptCues = parsedHead.success ? await loadTranscriptCues({ deps, assets, ids: Object.values(parsedHead.data.transcripts) }) : {};
  for (let attempt = 0; ; attempt++) {
    const number = await deps.store.versions.nextNumber({ projectId, cutId: parsedHead.success ? parsedHead.data.id : 'invalid' });
    const version = freezeVersion({ cut: input, assets, number, now: deps.clock.now(), project, transcriptCues, ...(origin ? { origin } : {}) });
    try {
      return await deps.store.versions.insertIfAbsent({ version });
    } catch (error) {
      // Another freeze of a different cut took this number at the same moment: take the next one.
      if (error instanceof ConflictError && attempt < 5) continue;
      throw error;
    }
  }
}

export async function loadAssets({ deps, projectId }: { deps: Pick<FreezeCutDeps, 'store'>; projectId: string }): Promise<Record<string, Asset>> {
  const list = await deps.store.assets.list({ projectId });
  return Object.fromEntries(list.map((asset) => [asset.id, asset]));
}

/** The parsed cues of subtitle assets, as ingest stored them (`cues` derivative). */
export async function loadTranscriptCues({
  deps,
  assets,
  ids,
}: {
  deps: Pick<FreezeCutDeps, 'blobs'>;
  assets: Record<string, Asset>;
  ids: string[];
}): Promise<Record<string, Cue[]>> {
  const cues: Record<string, Cue[]> = {};
  for (const id of ids) {
    const derivative = assets[id]?.derivatives.cues;
    if (derivative === undefined) continue;
    const json = JSON.parse((await buffer(await deps.blobs.read({ key: derivative.key }))).toString('utf8')) as { cues: Cue[] };
    cues[id] = json.cues;
  }
  return cues;
}
