import type { Page } from 'playwright-core';

/**
 * Signs in as a person does: opens the invite link (its page signs nobody in, so a chat app's
 * link preview cannot use it up) and presses the page's button, which POSTs the link. Returns
 * once the browser has landed on the role's page (or on the refusal), so a test's next
 * navigation never interrupts the sign-in's own redirects.
 */
export async function openInviteLink(page: Page, link: string): Promise<void> {
  await page.goto(link);
  await Promise.all([
    // The POST answers with `/` (or `/?signin=<code>` when refused), whose script goes on to the role's page.
    page.waitForURL((url) => !url.pathname.startsWith('/i/') && (url.pathname !== '/' || url.searchParams.has('signin')), { waitUntil: 'load' }),
    page.locator('#invite-link-form button[type=submit]').click(),
  ]);
}
