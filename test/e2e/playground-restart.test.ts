/**
 * A restart, seen in the browser: the bot (`src/entry/main.ts` as a child process, PLAYGROUND=on, a
 * sqlite store in a temp dir) is stopped and started again on the same port while the page stays
 * open. ModelsLab is the simulator in this test process, so its checkout page stays up while the
 * bot is down. Two requests cross the restart:
 *   (a) awaiting payment: Riley pays on the checkout page while the bot is down; after the start
 *       the receipt appears in the card's thread, once, and the wallet was credited once;
 *   (b) awaiting approval: its card comes back with live buttons, and Avery's Approve works;
 *       then the bot is killed (kill -9) and its link DM comes back with working buttons too.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/sandbox/index.ts';
import { ageLeases } from '../reliability/support/age-leases.ts';
import { BotProcess, killAllBots } from '../reliability/support/bot-process.ts';
import { CHROMIUM, haveBrowser, launchBrowser } from './browser.ts';
import { startStack } from './harness.ts';

// Screenshots to look at (not the README's): a temporary folder, /tmp/mlbot-restart-shots-*.
const SHOTS = mkdtempSync(join(tmpdir(), 'mlbot-restart-shots-'));
const dir = mkdtempSync(join(tmpdir(), 'mlbot-play-restart-'));

if (!haveBrowser) console.log(`browser restart test skipped: ${CHROMIUM} is missing`);

/** A free loopback port: both bot processes use it, so the open page reconnects by itself. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

describe.skipIf(!haveBrowser)('playground across a bot restart', () => {
  let sim: Simulator;
  let simUrl: string;
  let browser: Browser;
  let env: Record<string, string>;
  const bots: BotProcess[] = [];

  beforeAll(async () => {
    sim = createSimulator({ billingPerMin: 600 });
    [{ url: simUrl }, browser] = await Promise.all([sim.start(0), launchBrowser()]);
    env = {
      PORT: String(await freePort()),
      STORE_URL: `sqlite://${join(dir, 'bot.sqlite')}`,
      MODELSLAB_TOKEN: 'sandbox-token',
      MODELSLAB_API_URL: `${simUrl}/api/agents/v1`,
      MODELSLAB_BILLING_PER_MIN: '120',
      PLAYGROUND: 'on',
    };
  });

  afterAll(async () => {
    await browser?.close();
    await killAllBots();
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, name) });
  const live = (page: Page) => page.locator('#status[data-state="live"]').waitFor({ timeout: 20_000 });
  // A failed wait names what it waited for, well inside the test's own timeout.
  const WAIT = { timeout: 15_000 } as const;

  async function becomes(page: Page, personId: string) {
    await page.click(`[data-person="${personId}"]`);
    await page.locator(`[data-person="${personId}"][aria-pressed="true"]`).waitFor();
    await live(page);
  }

  async function command(page: Page, text: string) {
    await page.fill('#command', text);
    await page.press('#command', 'Enter');
  }

  /** The request card whose note is `note` (a card, not an ephemeral answer or a thread reply). */
  const cardWith = (channel: Locator, note: string) =>
    channel.locator(':scope > article[data-kind="bot"]', { hasText: note });

  it('pays while the bot is down: one receipt after the start; an approval made before still works', {
    timeout: 120_000,
  }, async () => {
    const a = await BotProcess.start(env, 'bot A', 30_000);
    bots.push(a);
    const startBalance = sim.state.balance();
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const channel = page.locator('[data-testid="channel"]');
    const dm = page.locator('[data-testid="dm"]');
    await page.goto(`${a.url}/#web-riley`);
    await live(page);

    // (a) Riley asks for $50, Avery approves, the link arrives in Riley's DM.
    await command(page, '/ml-fund 50 pay while the bot is down');
    const payCard = cardWith(channel, 'pay while the bot is down');
    await payCard.locator('button[data-action="approve"]').waitFor();
    // (b) Riley asks for $20 more; that one still waits for approval when the bot stops.
    await command(page, '/ml-fund 20 approve after the restart');
    const waitingCard = cardWith(channel, 'approve after the restart');
    await waitingCard.locator('button[data-action="approve"]').waitFor();

    await becomes(page, 'web-avery');
    await payCard.locator('button[data-action="approve"]').click();
    await payCard.locator('button[data-action="approve"]').waitFor({ state: 'detached' });
    await becomes(page, 'web-riley');
    const payLink = dm.locator('a.btn.link');
    await payLink.waitFor();
    const href = (await payLink.getAttribute('href')) ?? '';
    expect(href.startsWith(`${simUrl}/checkout/cs_`)).toBe(true);
    const sessionId = href.split('/').at(-1) ?? '';

    // The bot stops. The page says it lost the bot; the checkout page is ModelsLab's, still up.
    expect(await a.stop()).toBe(0);
    await page.locator('#status[data-state="reconnecting"]').waitFor();
    // Its buttons say why they do nothing instead of failing.
    await waitingCard.locator('button[data-action="cancel"]').click();
    await page.locator('#toast', { hasText: 'The bot is not reachable right now' }).waitFor();
    const [checkout] = await Promise.all([context.waitForEvent('page'), payLink.click()]);
    await checkout.waitForLoadState();
    await checkout.locator('[data-testid="pay"]').click();
    await checkout.waitForLoadState();
    await checkout.close();
    expect(sim.state.creditsFor(sessionId)).toBe(0); // paid at Stripe, not yet confirmed by anyone
    await shot(page, 'restart-1-bot-down.png');

    // The bot starts again on the same port and store; the open page reconnects by itself and
    // shows the same channel and DM, from the kept conversation.
    const b = await BotProcess.start(env, 'bot B', 30_000);
    bots.push(b);
    await live(page);
    await payCard.waitFor(WAIT);
    await waitingCard.locator('button[data-action="approve"]').waitFor(WAIT);

    // The watcher resumes the checkout, confirms it, and the receipt lands in the card's thread.
    const thread = payCard.locator('[data-testid="thread"]');
    const receipts = thread.locator('article', { hasText: 'New balance' });
    await receipts.first().waitFor({ timeout: 30_000 });
    const expected = `$${(startBalance + 50).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
    await expect(receipts.first().textContent()).resolves.toContain(expected);
    await dm.getByText('Received, thanks.').waitFor(WAIT);
    await receipts.first().scrollIntoViewIfNeeded();
    await shot(page, 'restart-2-receipt.png');

    // (b) Avery approves the request made before the restart, from its restored card.
    await becomes(page, 'web-avery');
    await waitingCard.locator('button[data-action="approve"]').click();
    await waitingCard.locator('button[data-action="approve"]').waitFor({ state: 'detached', ...WAIT });
    await expect(waitingCard.textContent()).resolves.toContain('Approved by');
    await becomes(page, 'web-riley');
    const payDm20 = dm.locator('article', { hasText: '$20.00' });
    await payDm20.locator('a.btn.link').waitFor(WAIT);
    await shot(page, 'restart-3-approved.png');
    const session20 = (await payDm20.locator('a.btn.link').getAttribute('href'))?.split('/').at(-1) ?? '';

    // A crash this time (kill -9, no shutdown): what the page showed was written before it was
    // shown, so the DM and its buttons come back. Leases lapse as if their TTL had passed
    // (docs/reliability.md, bug 1).
    await b.kill9();
    ageLeases(join(dir, 'bot.sqlite'));
    const c = await BotProcess.start(env, 'bot C', 30_000);
    bots.push(c);
    await live(page);
    await payDm20.locator('button[data-action="paid"]').waitFor(WAIT);
    const [checkout20] = await Promise.all([context.waitForEvent('page'), payDm20.locator('a.btn.link').click()]);
    await checkout20.waitForLoadState();
    await checkout20.locator('[data-testid="pay"]').click();
    await checkout20.waitForLoadState();
    await checkout20.close();
    await payDm20.locator('button[data-action="paid"]').click();
    const receipts20 = waitingCard.locator('[data-testid="thread"] article', { hasText: 'New balance' });
    await receipts20.first().waitFor({ timeout: 30_000 });

    // Once: one receipt per payment (after a further watcher round), one credit per session.
    await page.waitForTimeout(3_000);
    expect(await receipts.count()).toBe(1);
    expect(await receipts20.count()).toBe(1);
    expect(sim.state.creditsFor(sessionId)).toBe(1);
    expect(sim.state.creditsFor(session20)).toBe(1);
    expect(sim.state.balance()).toBe(startBalance + 70);
    await context.close();

    expect(await c.stop()).toBe(0);
    const errors = bots.flatMap((bot) => bot.records()).filter((r) => r.level === 'error' || r.level === 'fatal');
    expect(errors).toEqual([]);
  });

  it('reconnects by itself when the bot answered the event stream with an error while it restarted', async () => {
    const stack = await startStack();
    const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
    try {
      const page = await context.newPage();
      let refused = 0;
      // A browser gives up on an event stream for good after an HTTP error (the bot answers 503
      // while it stops and starts); the first two connections get one.
      await page.route('**/play/events*', async (route) => {
        if (refused < 2) {
          refused += 1;
          await route.fulfill({ status: 503, contentType: 'application/json', body: '{"ok":false}' });
        } else await route.continue();
      });
      await page.goto(`${stack.url}/#web-riley`);
      await page.locator('#status[data-state="reconnecting"]').waitFor();
      await live(page);
      expect(refused).toBe(2);
      await command(page, '/ml-balance');
      await page.locator('[data-testid="channel"] [data-kind="ephemeral"]').first().waitFor(WAIT);
    } finally {
      await context.close();
      await stack.stop();
    }
  });
});
