/**
 * The fund form in a real browser, with the whole app behind the playground: Riley types
 * `/ml-fund` with nothing after it, the dialog opens with each field's rule under it, a bad
 * amount is refused under its field (nothing is sent), then the filled form opens a request that
 * Morgan pays: the card says so, and after Avery approves only Morgan's DM holds the pay link.
 * Saves a screenshot of the dialog (docs/screenshots/ with UPDATE_SCREENSHOTS=1).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { becomes, haveBrowser, screenshotsDir, useBrowserApp } from './browser-app.ts';

const SHOTS = screenshotsDir();

describe.skipIf(!haveBrowser)('the fund form in a browser', () => {
  const rig = useBrowserApp();

  it('/ml-fund opens the dialog; a bad amount is refused under its field; the form opens a request Morgan pays', async () => {
    const context = await rig.browser.newContext({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const channel = page.locator('[data-testid="channel"]');
    const dm = page.locator('[data-testid="dm"]');
    await page.goto(`${rig.stack.url}/#web-riley`);
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
