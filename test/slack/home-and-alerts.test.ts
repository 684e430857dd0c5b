/** The App Home tab from engine.home, and the low-balance alert with its Request top-up button. */
import { afterEach, expect, it } from 'vitest';
import { buttonsIn } from '../../fakes/slack/driver.ts';
import { ALERTS, ALICE, CAROL, linkUrl, SlackApp, visibleText } from './harness.ts';
import { approveForLink, sessionOf } from './support.ts';

let app: SlackApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

it('App Home shows the balance and the open requests in three sections, fresh on every open', async () => {
  app = await SlackApp.start();
  await app.command(ALICE, '/ml-fund', '50 eval run');
  await app.settle();
  const [request] = await app.stores.requests.listOpen();
  if (!request) throw new Error('no open request');

  const view = await app.openHome(CAROL);
  const shown = JSON.stringify(view.blocks);
  expect(shown).toContain('Balance: $42.50 USD');
  expect(shown).toContain('Open requests (1)');
  expect(shown).toContain(request.id);
  expect(shown).toContain('<@U0ALICE>');
  expect(shown).toContain('Recent receipts');
  expect(view.blocks.filter((b) => (b as { type: string }).type === 'divider')).toHaveLength(2);
  expect(buttonsIn(view.blocks).filter((b) => !b.url)).toHaveLength(0);

  app.sim.controls.setBalance(7.25);
  const again = await app.openHome(CAROL);
  expect(JSON.stringify(again.blocks)).toContain('Balance: $7.25 USD');
  expect(app.fake.calls('views.publish')).toHaveLength(2);
});

it('low balance: one alert with Request top-up, a click opens a fund request for the suggested amount', async () => {
  app = await SlackApp.start();
  const monitor = app.lowBalanceMonitor(1000);
  app.sim.controls.setBalance(5);
  expect(await monitor.checkOnce()).toBe('alerted');
  const [alert] = app.cards(ALERTS);
  if (!alert) throw new Error('no alert in the alert channel');
  expect(visibleText(alert)).toContain('Low balance: $5.00');
  expect(buttonsIn(alert.blocks).map((b) => b.label)).toEqual(['Request top-up ($20.00)', 'Custom amount']);

  await app.click(ALICE, alert, /^Request top-up/);
  await app.settle();
  const cards = app.cards(ALERTS);
  expect(cards).toHaveLength(2);
  const fundCard = cards[1];
  if (!fundCard) throw new Error('no fund request card');
  expect(visibleText(fundCard)).toContain('$20.00');
  expect(buttonsIn(fundCard.blocks).map((b) => b.label)).toContain('Approve');
  const [request] = await app.stores.requests.listOpen();
  expect(request?.purpose).toBe('fund');
  expect(request?.amountCents).toBe(2000);
  expect(request?.requester.id).toBe(ALICE);

  // The usual approval and payment follow; once paid, the next check marks the alert recovered.
  const dm = await approveForLink(app, fundCard);
  const url = linkUrl(dm);
  app.sim.controls.markPaid(sessionOf(url));
  const receipt = await app.fake.waitFor(() => app?.thread(fundCard)[0], 3000, 'receipt in the thread');
  expect(visibleText(receipt)).toContain('$25.00');
  expect(await monitor.checkOnce()).toBe('recovered');
  expect(app.fake.message(ALERTS, alert.ts)?.text).toMatch(/Balance recovered: \$25\.00/);
  expect(app.shownOutsideDm(url, ALICE)).toEqual([]);
});

it('a balance hovering at the threshold alerts once, and a restarted monitor does not repeat it', async () => {
  app = await SlackApp.start();
  const monitor = app.lowBalanceMonitor(1000);
  for (const dollars of [9.99, 10.01, 9.98, 10.5, 9.97]) {
    app.sim.controls.setBalance(dollars);
    await monitor.checkOnce();
  }
  expect(app.cards(ALERTS)).toHaveLength(1);

  const restarted = app.lowBalanceMonitor(1000);
  expect(await restarted.checkOnce()).toBe('unchanged');
  expect(app.cards(ALERTS)).toHaveLength(1);

  // Recovering well above the threshold marks the alert recovered; a new dip alerts again.
  app.sim.controls.setBalance(50);
  expect(await restarted.checkOnce()).toBe('recovered');
  const [first] = app.cards(ALERTS);
  expect(first?.text).toMatch(/Balance recovered: \$50\.00/);
  expect(buttonsIn(first?.blocks ?? [])).toHaveLength(0);
  app.sim.controls.setBalance(3);
  expect(await restarted.checkOnce()).toBe('alerted');
  expect(app.cards(ALERTS)).toHaveLength(2);
});
