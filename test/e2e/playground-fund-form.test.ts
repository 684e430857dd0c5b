/**
 * The fund form in a real browser, with the whole app behind the playground: Riley types
 * `/ml-fund` with nothing after it, the dialog opens with each field's rule under it, a bad
 * amount is refused under its field (nothing is sent), then the filled form opens a request that
 * Morgan pays: the card says so, and after Avery approves only Morgan's DM holds the pay link.
 * Saves a screenshot of the dialog (docs/screenshots/ with UPDATE_SCREENSHOTS=1).
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, haveBrowser, launchBrowser } from './browser.ts';
import { type Stack, startStack } from './harness.ts';

const SHOTS = process.env.UPDATE_SCREENSHOTS
  ? resolve(import.meta.dirname, '../../docs/screenshots')
  : mkdtempSync(join(tmpdir(), 'mlbot-shots-'));

if (!haveBrowser) console.log(`browser test skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

describe.skipIf(!haveBrowser)('the fund form in a browser', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function becomes(page: Page, personId: string) {
    await page.click(`[data-person="${personId}"]`);
    await page.locator(`[data-person="${personId}"][aria-pressed="true"]`).waitFor();
    await page.locator('#status[data-state="live"]').waitFor();
  }

  it('/ml-fund opens the dialog; a bad amount is refused under its field; the form opens a request Morgan pays', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const channel = page.locator('[data-testid="channel"]');
    const dm = page.locator('[data-testid="dm"]');
    await page.goto(`${stack.url}/#web-riley`);
    await page.locator('#status[data-state="live"]').waitFor();

    await page.fill('#command', '/ml-fund');
    await page.press('#command', 'Enter');
    const dialog = page.locator('#form-dialog[open]');
    await dialog.waitFor();
    await expect(dialog.locator('#form-title').textContent()).resolves.toBe('Fund ModelsLab');
    await expect(dialog.textContent()).resolves.toContain('From $10.00 to');
    await page.screenshot({ path: join(SHOTS, '5-fund-form.png') });

    await dialog.locator('#ff-amount').fill('12.345');
    await dialog.locator('#form-submit').click();
    await dialog
      .locator('[data-field="amount"] .field-error')
      .getByText('Amounts can have at most 2 decimals (cents).')
      .waitFor();
    expect(await channel.locator('button[data-action="approve"]').count()).toBe(0);

    await dialog.locator('#ff-amount').fill('45');
    await dialog.locator('#ff-note').fill('GPU hours for the eval');
    await dialog.locator('#ff-payer').fill('web-morgan');
    await dialog.locator('#form-submit').click();
    await page.locator('#form-dialog:not([open])').waitFor({ state: 'attached' });
    const approve = channel.locator('button[data-action="approve"]');
    await approve.waitFor();
    await expect(channel.textContent()).resolves.toContain('GPU hours for the eval');
    await expect(channel.textContent()).resolves.toContain('@Morgan pays.');

    await becomes(page, 'web-avery');
    await approve.click();
    await channel.locator('button[data-action="approve"]').waitFor({ state: 'detached' });
    await page.locator('[data-person="web-morgan"].has-dm').waitFor();
    await becomes(page, 'web-morgan');
    await dm.locator('a.btn.link').waitFor();
    await becomes(page, 'web-riley');
    expect(await dm.locator('a.btn.link').count()).toBe(0);
    await context.close();
  });
});
