/// <reference lib="dom" />
import { api, errorText, type Session } from '../api.ts';
import { boot, t, tDynamic } from '../boot.ts';
import { h, replace } from '../dom.ts';

/**
 * The landing page: someone who signed in with an invite link (the button of `/i/<token>` sets the session and comes
 * here) goes on to their role's first page; anybody else can paste the link or code they received.
 */
export async function showHomePage({ root, session }: { root: HTMLElement; session: Session | null }): Promise<void> {
  const params = new URLSearchParams(location.search);
  if (session) {
    const home = boot.homeByRole[session.role] ?? '/';
    if (!params.has('stay')) {
      location.replace(home);
      return;
    }
    replace(
      root,
      h(
        'div',
        { class: 'card signin' },
        h('h1', null, t('signin.welcome', { label: session.label })),
        h('p', { class: 'muted' }, tDynamic(`role.${session.role}`, session.role)),
        h('a', { class: 'button', href: home }, t('signin.goTo')),
      ),
    );
    return;
  }
  const problem = params.get('signin');
  const message = h('div', { class: problem ? 'notice error' : 'hidden', role: 'alert' }, problem ? tDynamic(`signin.error.${problem}`, problem) : '');
  const input = h('input', { name: 'token', autocomplete: 'off', required: true, placeholder: 'https://…/i/…' });
  const form = h(
    'form',
    {
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const token = tokenOf(input.value);
        try {
          const { session: created } = await api<{ session: Session }>('POST', '/api/session', { token });
          location.href = boot.homeByRole[created.role] ?? '/';
        } catch (error) {
          message.className = 'notice error';
          message.textContent = errorText(error);
        }
      },
    },
    h('label', null, t('signin.tokenLabel'), input),
    h('button', { type: 'submit' }, t('signin.submit')),
  );
  replace(root, h('div', { class: 'card signin' }, h('h1', null, t('signin.title')), h('p', { class: 'lead' }, t('signin.intro')), message, form));
}

/** Accepts the whole link (…/i/<token>) or the bare token. */
function tokenOf(text: string): string {
  const trimmed = text.trim();
  const match = /\/i\/([^/?#\s]+)/.exec(trimmed);
  return match?.[1] ?? trimmed;
}
