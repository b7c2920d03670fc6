/// <reference lib="dom" />
/**
 * The upload form's part for a finished programme (kind "Chương trình hoàn chỉnh (phiên bản từ
 * file)"): which cut it becomes the next version of, the subtitles that go with it and how its
 * channels are laid out. Editors choose among the project's cuts and ready subtitle files; a
 * contributor (a partner studio) types the cut's id the editors gave them.
 */
import { api, projectPath } from '../api.ts';
import { t } from '../boot.ts';
import { h, select } from '../dom.ts';

export interface ProgrammeChoices {
  /** Cut ids with their titles; null: not allowed to list them (type the id). */
  cuts: [string, string][] | null;
  /** Ready subtitle assets (id, name); empty when not allowed to list them. */
  subtitles: [string, string][];
}

const LAYOUTS: [string, string][] = [
  ['', 'upload.layoutAuto'],
  ['stereo', 'upload.layoutStereo'],
  ['5.1', 'upload.layout51'],
  ['5.1+stereo', 'upload.layout51Stereo'],
];

/** What the chooser offers: editors and admins see the cuts and the subtitle files; others type. */
export async function loadProgrammeChoices({ projectId, role }: { projectId: string; role: string }): Promise<ProgrammeChoices> {
  if (role !== 'admin' && role !== 'editor') return { cuts: null, subtitles: [] };
  const [drafts, versions, assets] = await Promise.all([
    api<{ cuts: { cutId: string; title: string }[] }>('GET', projectPath(projectId, '/cuts')).catch(() => ({ cuts: [] })),
    api<{ versions: { cutId: string; title: string }[] }>('GET', projectPath(projectId, '/versions')).catch(() => ({ versions: [] })),
    api<{ assets: { id: string; originalName: string; status: string }[] }>('GET', projectPath(projectId, '/assets?kind=subtitle&status=ready')).catch(() => ({
      assets: [],
    })),
  ]);
  const cuts = new Map<string, string>();
  for (const cut of [...drafts.cuts, ...versions.versions]) if (!cuts.has(cut.cutId)) cuts.set(cut.cutId, `${cut.title} (${cut.cutId})`);
  return { cuts: [...cuts.entries()], subtitles: assets.assets.filter((a) => a.status === 'ready').map((a) => [a.id, a.originalName]) };
}

/** The fields, shown only for a file whose kind is `programme`; `set` stores one field on the file. */
export function programmeFields({
  meta,
  choices,
  set,
}: {
  meta: Record<string, unknown>;
  choices: ProgrammeChoices;
  set: (name: string) => (event: Event) => void;
}): HTMLElement | null {
  if (meta.kind !== 'programme') return null;
  const cut =
    choices.cuts === null
      ? h('input', {
          name: 'cutId',
          value: String(meta.cutId ?? ''),
          oninput: set('cutId'),
          required: true,
          pattern: '[a-z0-9-]{1,64}',
          placeholder: 'phong-su-dai-hoi',
        })
      : select({ name: 'cutId', onchange: set('cutId'), required: true }, [['', t('upload.chooseCut')], ...choices.cuts], String(meta.cutId ?? ''));
  return h(
    'div',
    { class: 'meta-form programme-fields' },
    h('label', null, t('upload.versionOfCut'), cut),
    h(
      'label',
      null,
      t('upload.programmeSubtitles'),
      select(
        { name: 'subtitleAssetId', onchange: set('subtitleAssetId') },
        [['', t('upload.noSubtitles')], ...choices.subtitles],
        String(meta.subtitleAssetId ?? ''),
      ),
    ),
    h(
      'label',
      null,
      t('upload.audioLayout'),
      select(
        { name: 'audioLayout', onchange: set('audioLayout') },
        LAYOUTS.map(([value, key]): [string, string] => [value, t(key as 'upload.layoutAuto')]),
        String(meta.audioLayout ?? ''),
      ),
    ),
  );
}
