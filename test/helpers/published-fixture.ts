import type { DeliveryProfile } from '../../shared/delivery/index.ts';
import { publishVersion } from '../../shared/delivery/index.ts';
import type { CutInput, Publication, Version } from '../../shared/domain/index.ts';
import { freezeCut, renderVersion } from '../../shared/render/index.ts';
import { approveVersion } from './approve-version.ts';
import { testProfile } from './make-render-media.ts';
import { makeRenderFixture, type RenderFixture } from './render-fixture.ts';

export const PUBLISHER = { role: 'admin' as const, label: 'Ban Tuyên giáo', inviteId: null };

export interface PublishedFixture {
  fixture: RenderFixture;
  /** v1 of the news item, approved, rendered with the stream profile and published as `tin-khai-mac`. */
  version: Version;
  /** Another news item, frozen but never approved. */
  unapproved: Version;
  publication: Publication;
}

/**
 * A data folder holding what the watch pages serve: a 7-second news item (a title card, two
 * clips, a photo of the theme "Ý nghĩa Đại hội…", narration, music, one subtitle), approved, rendered with the
 * stream profile shrunk to 320×180 with 2-second segments, and published at /watch/tin-khai-mac.
 * `reportage serve` can open `fixture.dir` as its data folder.
 */
export async function makePublishedFixture(): Promise<PublishedFixture> {
  const fixture = await makeRenderFixture({
    prefix: 'reportage-watch-',
    themes: { photo: 'y-nghia-dai-hoi' },
    cutKinds: { news: { minFrames: 100, maxFrames: 500 } },
  });
  const base = testProfile('stream');
  const profile: DeliveryProfile = { ...base, ladder: { ...base.ladder!, segmentSeconds: 2 } };
  const cut = (id: string, text: string): CutInput => ({
    schemaVersion: 1,
    projectId: 'dai-hoi-2026',
    id,
    title: 'Tin Đại hội: phiên khai mạc',
    kind: 'news',
    shots: [
      { id: 'mo-dau', type: 'title', text: 'Phiên khai mạc', subtitle: text, duration: 25 },
      { id: 'canh-1', type: 'clip', assetId: fixture.assets.camera.id, in: 0, out: 2 },
      { id: 'canh-2', type: 'clip', assetId: fixture.assets.silent.id, in: 0, out: 1.6 },
      { id: 'anh-1', type: 'photo', assetId: fixture.assets.photo.id, duration: 60 },
    ],
    narration: [{ id: 'loi-binh', assetId: fixture.assets.narration.id, at: '00:00:01:00', in: 0, out: 3 }],
    // The music file lasts 3 s: three items of it under the programme's 175 frames.
    music: [0, 70, 140].map((from, i) => ({
      id: `nhac-${i}`,
      assetId: fixture.assets.music.id,
      from,
      to: Math.min(from + 70, 175),
      fadeInFrames: 10,
      fadeOutFrames: 10,
    })),
    subtitles: [{ id: 'c1', start: '00:00:01:05', end: '00:00:03:00', text: 'Đại biểu về dự Đại hội' }],
  });
  const deps = { ...fixture.deps, workflow: fixture.backend.workflow };
  const { version } = await freezeCut({ deps, cut: cut('tin-khai-mac', 'Sáng 20/12') });
  const { version: unapproved } = await freezeCut({ deps, cut: cut('tin-chua-duyet', 'Bản nháp') });
  await approveVersion({ deps, version });
  const render = await renderVersion({ deps, version, profile, toolchain: fixture.toolchain });
  if (render.status !== 'done' || render.qc?.status === 'fail') {
    throw new Error(`the stream render ended ${render.status}, QC ${render.qc?.status}: ${JSON.stringify(render.error ?? render.qc?.failed)}`);
  }
  const publication = await publishVersion({
    deps,
    actor: PUBLISHER,
    versionId: version.id,
    request: { slug: 'tin-khai-mac', description: 'Phiên khai mạc Đại hội lần thứ I.' },
  });
  return { fixture, version, unapproved, publication };
}
