/// <reference lib="dom" />
import { api, localMessage, projectPath } from '../api.ts';
import { label } from '../project.ts';
import { boot, t, tDynamic } from '../boot.ts';
import { formatDateTime, h, replace } from '../dom.ts';
import type { PageContext } from '../page-context.ts';
import { FPS } from '../../../domain/frame-rate.ts';
import { displayTimecode } from '../../../domain/timecode.ts';

interface Dashboard {
  project: { id: string; title: string; congressDate: string | null };
  deadline: string | null;
  daysLeft: number | null;
  assets: Record<'queued' | 'processing' | 'ready' | 'rejected' | 'failed', number>;
  cuts: {
    cutId: string;
    title: string;
    updatedAt: string;
    kind: { id: string; label: { vi: string; en: string }; minFrames: number; maxFrames: number; stages: string[] };
    dueDate: string | null;
    daysLeft: number | null;
    latestVersion: { id: string; number: number; durationFrames: number; lengthOk: boolean } | null;
    review: { renderId: string; status: string; progress: unknown } | null;
    approval: { state: string; nextStage: string | null } | null;
    deliverables: string[];
    blockers: { code: string; message: string; messageVi: string }[];
  }[];
}

/** Dashboard (admin, editor): the deadline (congress date minus two days) and what stands between each cut and delivery. */
export async function showDashboardPage({ root, projectId }: PageContext): Promise<void> {
  const data = await api<Dashboard>('GET', projectPath(projectId, '/dashboard'));
  const days = data.daysLeft;
  replace(
    root,
    h('h1', null, t('dashboard.title')),
    h('p', { class: 'lead' }, data.project.title),
    h(
      'section',
      { class: 'card', id: 'deadline' },
      data.deadline
        ? [
            h('div', { class: 'deadline' }, formatDate(data.deadline)),
            h('div', null, t('dashboard.deadline', { congress: data.project.congressDate ? formatDate(data.project.congressDate) : '—' })),
            days !== null
              ? h(
                  'span',
                  { class: `badge ${days < 0 ? 'bad' : days <= 7 ? 'warn' : 'ok'}` },
                  days < 0 ? t('dashboard.overdue', { days: -days }) : t('dashboard.daysLeft', { days }),
                )
              : null,
          ]
        : h('p', { class: 'muted' }, t('dashboard.noDeadline')),
    ),
    h('h2', null, t('dashboard.assets')),
    h(
      'div',
      null,
      (['ready', 'queued', 'processing', 'rejected', 'failed'] as const).map((state) =>
        h(
          'div',
          { class: 'stat', dataset: { state } },
          h('b', null, String(data.assets[state] ?? 0)),
          h('span', { class: `badge ${state}` }, tDynamic(`upload.state.${state}`, state)),
        ),
      ),
    ),
    h('h2', null, t('dashboard.cuts')),
    data.cuts.length === 0
      ? h('p', { class: 'muted' }, t('cuts.empty'))
      : h(
          'table',
          { id: 'dashboard-cuts' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', null, t('dashboard.cut')),
              h('th', null, t('dashboard.latest')),
              h('th', null, t('dashboard.reviewRender')),
              h('th', null, t('dashboard.approval')),
              h('th', null, t('dashboard.blockers')),
            ),
          ),
          h(
            'tbody',
            null,
            data.cuts.map((cut) =>
              h(
                'tr',
                { dataset: { cutId: cut.cutId } },
                h(
                  'td',
                  null,
                  h('a', { href: `/cuts/${encodeURIComponent(cut.cutId)}` }, cut.title),
                  h(
                    'div',
                    { class: 'small muted' },
                    h('span', { class: 'badge kind' }, label(cut.kind.label)),
                    ' ',
                    formatDateTime({ iso: cut.updatedAt, lang: boot.lang }),
                  ),
                  cut.dueDate !== null && cut.daysLeft !== null && cut.approval?.state !== 'approved'
                    ? h(
                        'div',
                        { class: `small due ${cut.daysLeft < 0 ? 'bad' : cut.daysLeft === 0 ? 'warn' : ''}` },
                        t('dashboard.due', { date: formatDate(cut.dueDate) }),
                        ' ',
                        cut.daysLeft < 0 ? t('dashboard.overdue', { days: -cut.daysLeft }) : cut.daysLeft === 0 ? t('dashboard.dueToday') : '',
                      )
                    : null,
                ),
                h(
                  'td',
                  null,
                  cut.latestVersion
                    ? [
                        h('a', { href: `/review/${cut.latestVersion.id}` }, `v${cut.latestVersion.number}`),
                        ' ',
                        h('span', { class: 'mono' }, displayTimecode({ frames: cut.latestVersion.durationFrames })),
                        ' ',
                        h(
                          'span',
                          { class: `badge ${cut.latestVersion.lengthOk ? 'ok' : 'warn'}` },
                          `${lengthRange(cut.kind)} ${cut.latestVersion.lengthOk ? '✓' : '✗'}`,
                        ),
                      ]
                    : t('common.none'),
                ),
                h(
                  'td',
                  null,
                  cut.review ? h('span', { class: `badge ${cut.review.status}` }, tDynamic(`render.status.${cut.review.status}`, cut.review.status)) : '—',
                ),
                h(
                  'td',
                  null,
                  cut.approval
                    ? h('span', { class: `badge ${cut.approval.state}` }, tDynamic(`approvals.overall.${cut.approval.state}`, cut.approval.state))
                    : '—',
                ),
                h(
                  'td',
                  null,
                  cut.blockers.length === 0
                    ? h('span', { class: 'badge ok' }, t('dashboard.ready'))
                    : h(
                        'ul',
                        { class: 'warnings' },
                        cut.blockers.map((blocker) => h('li', null, localMessage(blocker))),
                      ),
                ),
              ),
            ),
          ),
        ),
  );
}

/** A kind's length range as an editor says it: "12–15′", "1–3′", "0:15–1:00". */
function lengthRange({ minFrames, maxFrames }: { minFrames: number; maxFrames: number }): string {
  const minute = 60 * FPS;
  if (minFrames % minute === 0 && maxFrames % minute === 0) return `${minFrames / minute}–${maxFrames / minute}′`;
  const clock = (frames: number) => `${Math.floor(frames / minute)}:${String(Math.floor((frames % minute) / FPS)).padStart(2, '0')}`;
  return `${clock(minFrames)}–${clock(maxFrames)}`;
}

function formatDate(iso: string): string {
  const date = new Date(`${iso}T00:00:00Z`);
  return date.toLocaleDateString(boot.lang === 'en' ? 'en-GB' : 'vi-VN', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
}
