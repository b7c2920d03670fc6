/// <reference lib="dom" />
import { api, errorText, localMessage, projectPath } from '../api.ts';
import { formatLoudness, probeFacts, type AssetView } from '../asset-view.ts';
import { boot, t, tDynamic } from '../boot.ts';
import { h, replace, select } from '../dom.ts';
import type { PageContext } from '../page-context.ts';
import { label, loadProject, themeLabel, type Project } from '../project.ts';

const KINDS = ['footage', 'interview', 'photo', 'voiceover', 'music', 'subtitle', 'programme'];
const STATES = ['ready', 'queued', 'processing', 'rejected', 'failed'];

/**
 * Library (editor): every asset of the project with its poster, probe facts, loudness and
 * warnings, proxy playback on demand, filtered by theme, kind, contributor and state.
 */
export async function showLibraryPage({ root, projectId }: PageContext): Promise<void> {
  const { project } = await loadProject(projectId);
  const query = new URLSearchParams(location.search);
  const list = h('div', { class: 'grid assets', id: 'assets' }, h('p', { class: 'muted' }, t('common.loading')));
  const count = h('span', { class: 'muted' });
  const filters = {
    theme: select(
      { name: 'theme' },
      [['', t('common.all')], ...project.themes.map((theme): [string, string] => [theme.id, label(theme.label)])],
      query.get('theme') ?? '',
    ),
    kind: select(
      { name: 'kind' },
      [['', t('common.all')], ...KINDS.map((kind): [string, string] => [kind, tDynamic(`kind.${kind}`, kind)])],
      query.get('kind') ?? '',
    ),
    contributor: h('input', { name: 'contributor', value: query.get('contributor') ?? '', placeholder: '…' }),
    status: select(
      { name: 'status' },
      [['', t('common.all')], ...STATES.map((state): [string, string] => [state, tDynamic(`upload.state.${state}`, state)])],
      query.get('status') ?? '',
    ),
  };
  const load = async () => {
    const params = new URLSearchParams();
    for (const [name, input] of Object.entries(filters)) if (input.value.trim()) params.set(name, input.value.trim());
    history.replaceState(null, '', `${location.pathname}${params.size > 0 ? `?${params}` : ''}`);
    try {
      const { assets } = await api<{ assets: AssetView[] }>('GET', projectPath(projectId, `/assets${params.size > 0 ? `?${params}` : ''}`));
      count.textContent = t('library.count', { count: assets.length });
      if (assets.length === 0) replace(list, h('p', { class: 'muted' }, t('library.empty')));
      else
        replace(
          list,
          assets.map((asset) => assetCard({ asset, project })),
        );
    } catch (error) {
      replace(list, h('div', { class: 'notice error' }, errorText(error)));
    }
  };
  for (const input of Object.values(filters)) input.addEventListener('change', () => void load());
  replace(
    root,
    h('div', { class: 'row spread' }, h('h1', null, t('library.title')), count),
    h(
      'div',
      { class: 'filters card' },
      h('label', null, t('library.filterTheme'), filters.theme),
      h('label', null, t('library.filterKind'), filters.kind),
      h('label', null, t('library.filterContributor'), filters.contributor),
      h('label', null, t('library.filterStatus'), filters.status),
    ),
    list,
  );
  await load();
}

function assetCard({ asset, project }: { asset: AssetView; project: Project }): HTMLElement {
  const poster = asset.derivatives.poster ?? asset.derivatives.preview;
  const proxy = asset.derivatives.proxy;
  const media = h(
    'div',
    null,
    poster
      ? h('img', { class: 'poster', src: poster.url, alt: asset.originalName, loading: 'lazy' })
      : h('div', { class: 'poster-ph' }, tDynamic(`kind.${asset.kind}`, asset.kind)),
  );
  const play = proxy
    ? h(
        'button',
        {
          class: 'secondary small',
          type: 'button',
          onclick: () => {
            const tag = proxy.contentType.startsWith('audio/') ? 'audio' : 'video';
            replace(media, h(tag, { src: proxy.url, controls: true, autoplay: true, preload: 'metadata', poster: poster?.url }));
          },
        },
        `▶ ${t('library.play')}`,
      )
    : null;
  const facts = probeFacts(asset, boot.lang);
  return h(
    'article',
    { class: 'card asset-card', dataset: { assetId: asset.id, name: asset.originalName } },
    media,
    h(
      'div',
      { class: 'row spread' },
      h('span', { class: 'name' }, asset.originalName),
      h('span', { class: `badge ${asset.status}` }, tDynamic(`upload.state.${asset.status}`, asset.status)),
    ),
    h(
      'div',
      { class: 'small muted' },
      [tDynamic(`kind.${asset.kind}`, asset.kind), themeLabel(project, asset.theme), asset.contributor || asset.organisation].filter(Boolean).join(' · '),
    ),
    asset.speaker ? h('div', { class: 'small' }, `${asset.speaker.name}${asset.speaker.position ? ` — ${asset.speaker.position}` : ''}`) : null,
    asset.description ? h('div', { class: 'small' }, asset.description) : null,
    asset.error ? h('div', { class: 'notice error small' }, localMessage(asset.error)) : null,
    facts.length > 0 || asset.loudness
      ? h(
          'dl',
          { class: 'facts' },
          facts.map(([name, value]) => [h('dt', null, name), h('dd', null, value)]),
          asset.loudness ? [h('dt', null, t('library.loudness')), h('dd', null, formatLoudness(asset.loudness, boot.lang))] : null,
        )
      : null,
    asset.warnings.length > 0
      ? h(
          'ul',
          { class: 'warnings' },
          asset.warnings.map((warning) => h('li', null, localMessage(warning))),
        )
      : asset.status === 'ready'
        ? h('div', { class: 'small muted' }, t('library.noWarnings'))
        : null,
    h('div', { class: 'row' }, play, h('span', { class: 'hash', title: 'SHA-256' }, asset.original.sha256.slice(0, 16))),
  );
}
