/**
 * Adding a card in a real browser, on the sandbox app (the simulator's stand-in for Stripe.js):
 * Avery asks for Add a card in the playground, opens the link from the DM, types the test card
 * into the stand-in's inputs and saves; /ml cards then lists the new visa ••4242 as the default.
 * A declined card shows the decline on the page and adds nothing. Saves docs/screenshots/8-add-card.png
 * (with UPDATE_SCREENSHOTS=1).
 */
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { becomes, haveBrowser, screenshotsDir, useBrowserApp } from './browser-app.ts';
import { openAddCardPage as openCardPage, typeCard as typeCardInto } from './card-browser.ts';

const SHOTS = screenshotsDir();

describe.skipIf(!haveBrowser)('adding a card in a browser', () => {
  const rig = useBrowserApp();

  /** Avery's `/ml cards` → Add a card → the DM's link (a private URL, never in the channel), opened. */
  async function openAddCardPage(context: BrowserContext, page: Page): Promise<Page> {
    const { tab, href } = await openCardPage(context, page);
    expect(href).toMatch(new RegExp(`^${rig.stack.url}/cards/add/[2-9a-z]{32}$`));
    expect(await page.locator('[data-testid="channel"]').textContent()).not.toContain('/cards/add/');
    return tab;
  }

  const typeCard = (tab: Page, number: string) => typeCardInto(tab, { number, expiry: '12/34', cvc: '123' });

  async function cardLines(page: Page): Promise<string> {
    const channel = page.locator('[data-testid="channel"]');
    const before = await channel.locator('[data-kind="ephemeral"]', { hasText: 'expires' }).count();
    await page.fill('#command', '/ml cards');
    await page.press('#command', 'Enter');
    const list = channel.locator('[data-kind="ephemeral"]', { hasText: 'expires' }).nth(before);
    await list.waitFor();
    return (await list.textContent()) ?? '';
  }

  it('saves a card typed on the add-card page; /ml cards lists it as the default', async () => {
    const context = await rig.browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(`${rig.stack.url}/#web-avery`);
    await becomes(page, 'web-avery');
    const before = (await rig.stack.app.stores.audit.list(0)).filter((e) => e.purpose === 'card').length;

    const tab = await openAddCardPage(context, page);
    await expect(tab.locator('h1').textContent()).resolves.toBe('Add a card');
    expect(await tab.locator('input[name="makeDefault"]').isChecked()).toBe(true);
    await typeCard(tab, '4242 4242 4242 4242');
    await tab.screenshot({ path: join(SHOTS, '8-add-card.png') });
    await tab.click('#save');
    await tab.locator('#message.done', { hasText: 'Card saved. You can close this page.' }).waitFor();

    const dm = page.locator('[data-testid="dm"]');
    await dm
      .locator('[data-kind="dm"]', { hasText: /Card visa ••4242 added \(default\)/ })
      .first()
      .waitFor();
    const lines = await cardLines(page);
    expect(lines).toMatch(/visa ••4242 · expires 12\/2034 · default/);
    expect(lines).toContain('visa ••4242 · expires 12/2028');
    expect(lines).not.toMatch(/12\/2028 · default/);
    expect((await rig.stack.app.stores.audit.list(0)).filter((e) => e.purpose === 'card')).toHaveLength(before + 1);
    // The card number went to the stand-in only: nothing the bot wrote holds it.
    expect(rig.stack.logText()).not.toContain('4242424242424242');
    await context.close();
  });

  it('shows a declined card’s reason on the page and adds nothing', async () => {
    const context = await rig.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${rig.stack.url}/#web-avery`);
    await becomes(page, 'web-avery');
    const cardsBefore = (await cardLines(page)).match(/expires/g)?.length ?? 0;

    const tab = await openAddCardPage(context, page);
    await typeCard(tab, '4000 0000 0000 0002');
    await tab.click('#save');
    await tab.locator('#message.error', { hasText: 'The card could not be saved: Your card was declined.' }).waitFor();
    // Still usable: the Save button is back.
    expect(await tab.locator('#save').isDisabled()).toBe(false);
    const after = await cardLines(page);
    expect(after.match(/expires/g)?.length ?? 0).toBe(cardsBefore);
    await context.close();
  });
});
