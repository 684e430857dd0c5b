/**
 * The newcomer's minute, in a real browser: ask for $50 as Riley, approve as Avery, pay from
 * Riley's DM on the simulated checkout page, and see the receipt and the new balance in the
 * channel. Saves the screenshots the README shows (docs/screenshots/).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { becomes, haveBrowser, screenshotsDir, useBrowserApp } from './browser-app.ts';

const SHOTS = screenshotsDir();

describe.skipIf(!haveBrowser)('playground in a browser', () => {
  const rig = useBrowserApp();

  const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, name) });

  it('funds the wallet end to end: request, approve, DM link, pay, receipt', async () => {
    const simulator = rig.stack.app.simulator!;
    expect(simulator).toBeDefined();
    const startBalance = simulator.state.balance();
    const context = await rig.browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const channel = page.locator('[data-testid="channel"]');
    const dm = page.locator('[data-testid="dm"]');

    await page.goto(`${rig.stack.url}/#web-riley`);
    await expect(page.locator('[data-testid="sandbox-banner"]').textContent()).resolves.toContain('SANDBOX');
    await page.locator('#status[data-state="live"]').waitFor();

    // A fresh channel says where to start instead of showing a blank pane.
    await page.locator('[data-testid="channel-empty"]').waitFor();
    await expect(page.locator('[data-testid="channel-empty"]').textContent()).resolves.toContain('/ml-fund 50');

    // 1. Riley asks. A note with HTML in it shows as typed.
    await page.fill('#command', '/ml-fund 50 GPU budget for the <b>eval</b> run');
    await page.press('#command', 'Enter');
    const approve = channel.locator('button[data-action="approve"]');
    await approve.waitFor();
    expect(await page.locator('[data-testid="channel-empty"]').isVisible()).toBe(false);
    await expect(channel.textContent()).resolves.toContain('<b>eval</b>');
    expect(await channel.locator('b').count()).toBe(0);
    await shot(page, '1-request.png');

    // Morgan is no approver: the engine says so, to Morgan alone.
    await becomes(page, 'web-morgan');
    await approve.click();
    const refusal = channel.locator('[data-kind="ephemeral"]', { hasText: 'Only approvers' });
    await refusal.waitFor();
    await expect(refusal.textContent()).resolves.toContain('Only visible to you');

    // 2. Avery approves; Riley gets the payment link by DM (and only Riley).
    await becomes(page, 'web-avery');
    expect(await refusal.count()).toBe(0);
    await approve.click();
    await channel.locator('button[data-action="approve"]').waitFor({ state: 'detached' });
    expect(await dm.locator('a.btn.link').count()).toBe(0);
    await page.locator('[data-person="web-riley"].has-dm').waitFor();
    // The dot stays on a reload: this browser has not shown Riley that DM yet.
    await page.reload();
    await page.locator('#status[data-state="live"]').waitFor();
    await page.locator('[data-person="web-riley"].has-dm').waitFor();
    await becomes(page, 'web-riley');
    const payLink = dm.locator('a.btn.link');
    await payLink.waitFor();
    const href = await payLink.getAttribute('href');
    // The tracked pay link (sandbox: PUBLIC_URL is the bot's own address); it redirects to checkout.
    expect(href).toMatch(new RegExp(`^${rig.stack.url}/pay/[2-9a-z]{32}$`));
    expect(await payLink.getAttribute('target')).toBe('_blank');
    expect(await channel.textContent()).not.toContain('/sandbox/checkout/');
    expect(await channel.textContent()).not.toContain('/pay/');
    await shot(page, '2-approved-dm.png');

    // 3. The link opens the simulated Stripe checkout in a new tab; Pay.
    const [checkout] = await Promise.all([context.waitForEvent('page'), payLink.click()]);
    await checkout.waitForLoadState();
    // The tracked link redirected the tab to the simulated checkout of the session.
    expect(checkout.url()).toMatch(new RegExp(`^${rig.stack.url}/sandbox/checkout/cs_`));
    const sessionId = new URL(checkout.url()).pathname.split('/').at(-1)!;
    await checkout.setViewportSize({ width: 1000, height: 720 });
    const pay = checkout.locator('[data-testid="pay"]');
    await pay.waitFor();
    await shot(checkout, '3-checkout.png');
    await pay.click();
    await checkout.waitForLoadState();
    await checkout.close();

    // 4. The receipt lands in the request card's thread with the new balance, within seconds.
    const thread = channel.locator('[data-testid="thread"]');
    // The watcher's first check comes 5 s after the link (then every 5 s while the link is young).
    await thread.waitFor({ timeout: 15_000 });
    const expected = `$${(startBalance + 50).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
    await expect(thread.textContent()).resolves.toContain(`New balance: ${expected}`);
    // The DM changed from "Pay" to "Received": marked as news, as a new message would be.
    await dm.locator('[data-new="true"]', { hasText: 'Received, thanks.' }).waitFor();
    await expect(page.locator('[data-testid="dm-new"]').textContent()).resolves.toBe('1 new');
    await shot(page, '4-receipt.png');

    expect(simulator.state.creditsFor(sessionId)).toBe(1);
    expect(simulator.state.balance()).toBe(startBalance + 50);
    await context.close();
    expect(rig.stack.problems.filter((p) => p.level === 'error' || p.level === 'fatal')).toEqual([]);
  });

  it('fits a 390 px phone: the three people side by side, nothing wider than the screen', async () => {
    const context = await rig.browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    try {
      const page = await context.newPage();
      await page.goto(`${rig.stack.url}/#web-riley`);
      await page.locator('#status[data-state="live"]').waitFor();
      await page.fill('#command', '/ml-fund 25 a request seen on a phone');
      await page.press('#command', 'Enter');
      await page.locator('[data-testid="channel"] button[data-action="approve"]').last().waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
      for (const id of ['web-riley', 'web-avery', 'web-morgan']) {
        const box = await page.locator(`button[data-person="${id}"]`).boundingBox();
        expect(box, id).not.toBeNull();
        expect({ id, left: box!.x >= 0, right: box!.x + box!.width <= 390 }).toEqual({ id, left: true, right: true });
        // Each name reads whole, not cut by an ellipsis.
        const name = page.locator(`button[data-person="${id}"] .person-name`);
        expect(await name.evaluate((n) => n.scrollWidth <= n.clientWidth)).toBe(true);
      }
      // Not one of the README's: to look at, beside the others when they are refreshed.
      await shot(page, 'phone-390.png');
    } finally {
      await context.close();
    }
  });
});
