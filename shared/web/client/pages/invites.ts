/// <reference lib="dom" />
import { api, errorText, projectPath } from '../api.ts';
import { boot, t, tDynamic } from '../boot.ts';
import { formatDateTime, h, replace, select } from '../dom.ts';
import type { PageContext } from '../page-context.ts';
import { label, loadProject } from '../project.ts';

interface Invite {
  id: string;
  role: string;
  stage: string | null;
  label: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

const ROLES = ['contributor', 'editor', 'reviewer', 'broadcaster'];

/** Invites (admin): create an invite link for one role (a reviewer: one approval stage), list and revoke them, and the admin sign-in links. */
export async function showInvitesPage({ root, projectId, session }: PageContext): Promise<void> {
  const { project } = await loadProject(projectId);
  const path = projectPath(projectId, '/invites');
  const list = h('div', { id: 'invites' });
  const created = h('div', { id: 'created-invite' });
  const role = select(
    { name: 'role' },
    ROLES.map((item): [string, string] => [item, tDynamic(`role.${item}`, item)]),
    'contributor',
  );
  const stage = select(
    { name: 'stage' },
    project.approvalChain.map((item): [string, string] => [item.id, label(item.label)]),
  );
  const stageLabel = h('label', { class: 'hidden' }, t('invites.stage'), stage);
  role.addEventListener('change', () => stageLabel.classList.toggle('hidden', role.value !== 'reviewer'));
  const who = h('input', { name: 'label', required: true, maxlength: 200, placeholder: 'Hội Tin học Hải Phòng' });
  const hours = h('input', { name: 'expiresInHours', type: 'number', min: 1, max: 8760, value: 720 });
  const adminList = h('div', { id: 'admin-invites' });
  const table = (invites: Invite[], revokePath: (invite: Invite) => string) => {
    const now = Date.now();
    return h(
      'table',
      null,
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', null, t('invites.label')),
          h('th', null, t('invites.role')),
          h('th', null, t('invites.expires')),
          h('th', null, t('invites.lastUsed')),
          h('th', null, ''),
        ),
      ),
      h(
        'tbody',
        null,
        invites.map((invite) => {
          const state = invite.revokedAt ? 'revoked' : Date.parse(invite.expiresAt) <= now ? 'expired' : 'active';
          return h(
            'tr',
            { dataset: { inviteId: invite.id, state } },
            h('td', null, invite.label, invite.id === session.inviteId ? h('span', { class: 'badge' }, t('invites.yours')) : null),
            h(
              'td',
              null,
              tDynamic(`role.${invite.role}`, invite.role),
              invite.stage
                ? h(
                    'div',
                    { class: 'small muted' },
                    label(project.approvalChain.find((item) => item.id === invite.stage)?.label ?? { vi: invite.stage, en: invite.stage }),
                  )
                : null,
            ),
            h(
              'td',
              { class: 'small' },
              formatDateTime({ iso: invite.expiresAt, lang: boot.lang }),
              ' ',
              h('span', { class: `badge ${state === 'active' ? 'ok' : 'bad'}` }, tDynamic(`invites.${state}`, state)),
            ),
            h('td', { class: 'small muted' }, invite.lastUsedAt ? formatDateTime({ iso: invite.lastUsedAt, lang: boot.lang }) : '—'),
            h(
              'td',
              null,
              state === 'active'
                ? h(
                    'button',
                    {
                      type: 'button',
                      class: 'danger small',
                      onclick: async () => {
                        try {
                          await api('DELETE', revokePath(invite));
                          // Revoking the link of this very session signs it out.
                          if (invite.id === session.inviteId) location.href = '/';
                          else await draw();
                        } catch (error) {
                          replace(created, h('div', { class: 'notice error' }, errorText(error)));
                        }
                      },
                    },
                    t('invites.revoke'),
                  )
                : null,
            ),
          );
        }),
      ),
    );
  };
  const draw = async () => {
    const [{ invites }, { invites: adminInvites }] = await Promise.all([
      api<{ invites: Invite[] }>('GET', path),
      api<{ invites: Invite[] }>('GET', '/api/invites'),
    ]);
    replace(
      list,
      invites.length === 0 ? h('p', { class: 'muted' }, t('invites.empty')) : table(invites, (invite) => `${path}/${encodeURIComponent(invite.id)}`),
    );
    replace(
      adminList,
      adminInvites.length === 0
        ? h('p', { class: 'muted' }, t('invites.adminEmpty'))
        : table(adminInvites, (invite) => `/api/invites/${encodeURIComponent(invite.id)}`),
    );
  };
  const form = h(
    'form',
    {
      class: 'card',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        try {
          const result = await api<{ invite: Invite; token: string; url: string }>('POST', path, {
            role: role.value,
            ...(role.value === 'reviewer' ? { stage: stage.value } : {}),
            label: who.value.normalize('NFC').trim(),
            expiresInHours: Number(hours.value),
          });
          const url = new URL(result.url, location.origin).href;
          replace(created, h('div', { class: 'notice ok' }, t('invites.created'), h('div', { class: 'token-box', id: 'invite-url' }, url)));
          who.value = '';
          await draw();
        } catch (error) {
          replace(created, h('div', { class: 'notice error' }, errorText(error)));
        }
      },
    },
    h(
      'div',
      { class: 'meta-form' },
      h('label', null, t('invites.role'), role),
      stageLabel,
      h('label', null, t('invites.label'), who),
      h('label', null, t('invites.expires'), hours),
    ),
    h('button', { type: 'submit' }, t('invites.create')),
  );
  replace(
    root,
    h('h1', null, t('invites.title')),
    h('h2', null, t('invites.create')),
    form,
    created,
    h('h2', null, t('invites.title')),
    list,
    h('h2', null, t('invites.adminTitle')),
    h('p', { class: 'small muted' }, t('invites.adminIntro')),
    adminList,
  );
  await draw();
}
