import type { Page } from 'playwright-core';

/**
 * Signs in as a person does: opens the invite link (its page signs nobody in, so a chat app's
 * link preview cannot use it up) and presses the page's button, which POSTs the link.
 */
export async function openInviteLink(page: Page, link: string): Promise<void> {
  await page.goto(link);
  await page.locator('#invite-link-form button[type=submit]').click();
}
