/**
 * The whole app (harness.ts) and a browser (browser.ts) for one describe block of browser tests,
 * with the page moves they all make and the folder their screenshots go to.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { CHROMIUM, haveBrowser, launchBrowser } from './browser.ts';
import { type Stack, startStack } from './harness.ts';

export { haveBrowser };

if (!haveBrowser) console.log(`browser test skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

/**
 * Where screenshots go: the docs' folder (`docs`, from the repo root) only on request
 * (UPDATE_SCREENSHOTS=1), so a test run leaves the working tree clean; otherwise a temporary one.
 */
export function screenshotsDir(docs = 'docs/screenshots', prefix = 'mlbot-shots-'): string {
  const dir = process.env.UPDATE_SCREENSHOTS
    ? resolve(import.meta.dirname, '../..', docs)
    : mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(dir, { recursive: true });
  return dir;
}

export interface BrowserApp {
  readonly stack: Stack;
  readonly browser: Browser;
}

/** Starts the app (with `env`) and the browser before the block's tests, and stops both after. */
export function useBrowserApp(env: Record<string, string> = {}): BrowserApp {
  const rig = {} as { stack: Stack; browser: Browser };
  beforeAll(async () => {
    [rig.stack, rig.browser] = await Promise.all([startStack(env), launchBrowser()]);
  });
  afterAll(async () => {
    // The browser first: its open event streams would otherwise hold the server's close.
    await rig.browser?.close();
    await rig.stack?.stop();
  });
  return rig;
}

/** The page's event stream is connected. */
export const live = (page: Page) => page.locator('#status[data-state="live"]').waitFor();

/** Switches the page to `personId` in the people picker and waits for their stream. */
export async function becomes(page: Page, personId: string) {
  await page.click(`[data-person="${personId}"]`);
  await page.locator(`[data-person="${personId}"][aria-pressed="true"]`).waitFor();
  await live(page);
}
