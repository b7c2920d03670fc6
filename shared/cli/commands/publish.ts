import type { Render, Version } from '../../domain/index.ts';
import { checkPublishable, describePublication, publishVersion, unpublish } from '../../delivery/index.ts';
import { EXIT } from '../exit-codes.ts';
import type { Runtime } from '../open-runtime.ts';
import { withRuntime } from '../with-runtime.ts';
import { CLI_ACTOR } from './admin-links.ts';
import { renderWithProgress } from './render.ts';

export interface PublishCommandOptions {
  slug?: string;
  title?: string;
  description?: string;
  /** Offer the web MP4 for download (rendered first if it is missing). */
  download?: boolean;
  json?: boolean;
}

/**
 * `reportage publish <versionId> [--slug S] [--title T] [--description D] [--download] [--json]`:
 * puts an approved version on the watch page. Its stream render (the HLS ladder) is made first
 * when there is none, and the web render too with `--download`. Prints where it can be watched;
 * with `--json` one object: `{"url":"/watch/<slug>","hls":"…/master.m3u8","captions":[…],"chapters":[{"title","frame"}],…}`.
 * Exit 0: published; 2: not approved, unknown version, slug taken; 1: a fault.
 */
export async function runPublishCommand({ versionId, options }: { versionId: string; options: PublishCommandOptions }): Promise<number> {
  return withRuntime({}, async (runtime) => {
    const deps = { ...runtime.deps, workflow: runtime.workflow };
    const request = {
      ...(options.slug === undefined ? {} : { slug: options.slug }),
      ...(options.title === undefined ? {} : { title: options.title.normalize('NFC') }),
      ...(options.description === undefined ? {} : { description: options.description.normalize('NFC') }),
      download: options.download === true,
    };
    // Refusals come before minutes of rendering: an unknown or unapproved version, a taken address.
    const { version } = await checkPublishable({ deps, versionId, request });
    await renderIfMissing({ runtime, version, profile: 'stream', json: options.json === true });
    if (options.download) await renderIfMissing({ runtime, version, profile: 'web', json: options.json === true });
    const publication = await publishVersion({ deps, actor: CLI_ACTOR, versionId, request });
    const view = describePublication({ publication, publicMediaUrl: runtime.config.watch.publicMediaUrl });
    if (options.json) process.stdout.write(`${JSON.stringify(view)}\n`);
    else process.stdout.write(`Đã xuất bản: ${view.url}\nHLS: ${view.hls}\n${view.chapters.length} phần, ${view.captions.length} phụ đề\n`);
    return EXIT.ok;
  });
}

/** `reportage unpublish <slug>`: withdraws it; its page and media answer 404 at once. */
export async function runUnpublishCommand({ slug, options }: { slug: string; options: { json?: boolean } }): Promise<number> {
  return withRuntime({}, async (runtime) => {
    const publication = await unpublish({ deps: { ...runtime.deps, workflow: runtime.workflow }, actor: CLI_ACTOR, slug });
    if (options.json) process.stdout.write(`${JSON.stringify({ slug: publication.slug, withdrawnAt: publication.withdrawnAt })}\n`);
    else process.stdout.write(`Đã gỡ: /watch/${publication.slug}\n`);
    return EXIT.ok;
  });
}

/** Renders the version with the profile unless a finished render that passed QC exists. */
async function renderIfMissing({ runtime, version, profile, json }: { runtime: Runtime; version: Version; profile: 'stream' | 'web'; json: boolean }) {
  const renders = await runtime.deps.store.renders.list({ projectId: version.projectId, versionId: version.id });
  const usable = (r: Render) => r.profile === profile && r.status === 'done' && r.qc?.status !== 'fail';
  if (renders.some(usable)) return;
  await renderWithProgress({ runtime, version, profileId: profile, json });
}
