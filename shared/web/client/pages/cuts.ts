/// <reference lib="dom" />
import { CUT_KINDS } from '../../../domain/cut/cut-enums.ts';
import { api, errorText, projectPath } from '../api.ts';
import { boot, t, tDynamic } from '../boot.ts';
import { formatDateTime, h, replace, select } from '../dom.ts';
import type { PageContext } from '../page-context.ts';

interface CutListItem {
  cutId: string;
  title: string;
  revision: number;
  updatedAt: string;
}

/** Cuts (editor): the project's cuts, and a form to start a new one of a kind (a news item or a teaser from its template). */
export async function showCutsPage({ root, projectId }: PageContext): Promise<void> {
  const { cuts } = await api<{ cuts: CutListItem[] }>('GET', projectPath(projectId, '/cuts'));
  const message = h('div', { class: 'hidden', role: 'alert' });
  const idInput = h('input', { name: 'cutId', required: true, pattern: '[a-z0-9\\-]{1,64}', placeholder: 'phong-su-dai-hoi' });
  const titleInput = h('input', { name: 'title', required: true, maxlength: 300, placeholder: 'Phóng sự Đại hội' });
  const kindInput = select(
    { name: 'kind' },
    CUT_KINDS.map((kind) => [kind, tDynamic(`cutKind.${kind}`, kind)]),
    'reportage',
  );
  const form = h(
    'form',
    {
      class: 'card row',
      style: 'align-items:flex-end',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const cutId = idInput.value.trim();
        try {
          await api('POST', projectPath(projectId, '/cuts'), { cutId, title: titleInput.value.normalize('NFC').trim(), kind: kindInput.value });
          location.href = `/cuts/${encodeURIComponent(cutId)}`;
        } catch (error) {
          message.className = 'notice error';
          message.textContent = errorText(error);
        }
      },
    },
    h('label', { style: 'flex:1;margin:0' }, t('cuts.newId'), idInput),
    h('label', { style: 'flex:2;margin:0' }, t('cuts.newTitle'), titleInput),
    h('label', { style: 'flex:1;margin:0' }, t('cuts.newKind'), kindInput),
    h('button', { type: 'submit' }, t('cuts.create')),
  );
  replace(
    root,
    h('h1', null, t('cuts.title')),
    cuts.length === 0
      ? h('p', { class: 'muted' }, t('cuts.empty'))
      : h(
          'table',
          { id: 'cuts-table' },
          h(
            'tbody',
            null,
            cuts.map((cut) =>
              h(
                'tr',
                null,
                h('td', null, h('a', { href: `/cuts/${encodeURIComponent(cut.cutId)}` }, cut.title)),
                h('td', { class: 'mono' }, cut.cutId),
                h('td', { class: 'small muted' }, formatDateTime({ iso: cut.updatedAt, lang: boot.lang })),
                h('td', null, h('a', { class: 'button secondary small', href: `/cuts/${encodeURIComponent(cut.cutId)}` }, t('cuts.open'))),
              ),
            ),
          ),
        ),
    h('h2', null, t('cuts.new')),
    message,
    form,
  );
}
