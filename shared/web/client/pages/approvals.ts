/// <reference lib="dom" />
import { api, errorText, localMessage, projectPath } from '../api.ts';
import { approvalChain, type ApprovalStatus } from '../approval-view.ts';
import { boot, t, tDynamic } from '../boot.ts';
import { formatDateTime, h, replace } from '../dom.ts';
import type { PageContext } from '../page-context.ts';
import { followRender, renderPercent, type RenderView } from '../render-progress.ts';

interface VersionView {
  id: string;
  number: number;
  title: string;
  duration: string;
  createdAt: string;
}

/**
 * Approvals: the project's chain of stages in order, with who decided what and when, bound to a
 * version (its content hash). Without a version in the address: every version the role may see,
 * newest first (a broadcaster sees the approved ones).
 */
export async function showApprovalsPage({ root, session, projectId, params }: PageContext): Promise<void> {
  const versions = await listVersions({ projectId, role: session.role });
  const chosen = params.versionId ? versions.filter((version) => version.id === params.versionId) : versions.slice(0, 5);
  if (params.versionId && chosen.length === 0) chosen.push({ id: params.versionId, number: 0, title: '', duration: '', createdAt: '' });
  const statuses = await Promise.all(
    chosen.map((version) => api<ApprovalStatus>('GET', projectPath(projectId, `/versions/${encodeURIComponent(version.id)}/approvals`))),
  );
  replace(
    root,
    h('h1', null, t('approvals.title')),
    chosen.length === 0
      ? h('p', { class: 'muted' }, t('review.empty'))
      : chosen.map((version, index) =>
          h(
            'section',
            { class: 'card', dataset: { versionId: version.id } },
            h(
              'div',
              { class: 'row spread' },
              h('h2', { style: 'margin:0' }, `${version.title} ${version.number > 0 ? `v${version.number}` : ''}`),
              h(
                'span',
                { class: 'small muted' },
                version.createdAt ? `${version.duration} · ${formatDateTime({ iso: version.createdAt, lang: boot.lang })}` : '',
              ),
            ),
            h('p', { class: 'hash' }, version.id),
            approvalChain({ status: statuses[index] as ApprovalStatus, versionNumber: version.number, versionId: version.id }),
            session.role === 'editor' || session.role === 'admin'
              ? deliverables({ projectId, versionId: version.id, approved: statuses[index]?.state === 'approved' })
              : null,
            session.role !== 'broadcaster' ? h('p', null, h('a', { href: `/review/${version.id}` }, t('approvals.openReview'))) : null,
          ),
        ),
  );
}

async function listVersions({ projectId, role }: { projectId: string; role: string }): Promise<VersionView[]> {
  if (role !== 'broadcaster') return (await api<{ versions: VersionView[] }>('GET', projectPath(projectId, '/versions'))).versions;
  const { deliveries } = await api<{ deliveries: { version: VersionView }[] }>('GET', projectPath(projectId, '/deliveries'));
  return deliveries.map((delivery) => delivery.version);
}

const DELIVERY_PROFILES = ['broadcast', 'broadcast-mxf', 'screening', 'web', 'vertical', 'square', 'stream'];

/** The delivery renders of an approved version (editor, admin): their state, and a button to start each. */
function deliverables({ projectId, versionId, approved }: { projectId: string; versionId: string; approved: boolean }): HTMLElement {
  const box = h('div', { class: 'deliverables' }, h('h3', { style: 'margin:16px 0 6px' }, t('approvals.deliverables')));
  if (!approved) {
    box.append(h('p', { class: 'small muted' }, t('approvals.needsApproval')));
    return box;
  }
  const rows = new Map<string, HTMLElement>();
  const drawRow = (profile: string, render: RenderView | null) => {
    const row = rows.get(profile);
    if (!row) return;
    const start = async () => {
      try {
        const { render: started } = await api<{ render: RenderView }>('POST', projectPath(projectId, `/versions/${encodeURIComponent(versionId)}/renders`), {
          profile,
        });
        drawRow(profile, started);
        drawRow(profile, await followRender({ projectId, renderId: started.id, onUpdate: (update) => drawRow(profile, update) }));
      } catch (error) {
        replace(row, h('td', { colspan: 3 }, h('div', { class: 'notice error small' }, errorText(error))));
      }
    };
    replace(
      row,
      h('td', null, tDynamic(`profile.${profile}`, profile)),
      h(
        'td',
        { style: 'width:50%' },
        render
          ? [
              h(
                'span',
                { class: `badge ${render.status}` },
                `${tDynamic(`cut.phase.${render.progress.phase}`, render.progress.phase)}${render.qc ? ` · QC ${tDynamic(`qc.${render.qc.status}`, render.qc.status)}` : ''}`,
              ),
              render.status === 'running' || render.status === 'queued'
                ? h('div', { class: 'progress', style: 'margin-top:4px' }, h('div', { style: `width:${renderPercent(render)}%` }))
                : null,
              render.error ? h('div', { class: 'small' }, localMessage(render.error)) : null,
            ]
          : '—',
      ),
      h(
        'td',
        null,
        !render || render.status === 'failed' ? h('button', { type: 'button', class: 'small', onclick: () => void start() }, t('approvals.startRender')) : null,
      ),
    );
  };
  const table = h(
    'table',
    null,
    h(
      'tbody',
      null,
      DELIVERY_PROFILES.map((profile) => {
        const row = h('tr', { dataset: { profile } });
        rows.set(profile, row);
        return row;
      }),
    ),
  );
  box.append(table);
  api<{ renders: RenderView[] }>('GET', projectPath(projectId, `/versions/${encodeURIComponent(versionId)}`))
    .then(({ renders }) => {
      for (const profile of DELIVERY_PROFILES) {
        const render = renders.filter((item) => item.profile === profile).at(-1) ?? null;
        drawRow(profile, render);
        if (render && (render.status === 'queued' || render.status === 'running'))
          void followRender({ projectId, renderId: render.id, onUpdate: (update) => drawRow(profile, update) }).catch(() => undefined);
      }
    })
    .catch((error: unknown) => replace(box, h('div', { class: 'notice error small' }, errorText(error))));
  return box;
}
