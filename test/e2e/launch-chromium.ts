import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium: no browser is downloaded. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Debian's Chromium, headless, as the tests and benches drive it: no sandbox (root), no GPU, no
 * background traffic, no first-run work; `extraArgs` for what one test needs more (autoplay).
 */
export function launchChromium({ extraArgs = [] }: { extraArgs?: readonly string[] } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-quic',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}
