/**
 * Failed subscription payments on Slack (issue 18, part 4): the monitor built by the bot's own
 * wiring (createPaymentMonitor on the bot's budgeted port) posts the notice in the alert channel
 * through the real Bolt messenger against the fake Slack; Fix payment is clicked as Slack sends it.
 */
import { afterEach, expect, it } from 'vitest';
import { buttonsIn } from '../../fakes/slack/driver.ts';
import { createPaymentMonitor } from '../../src/bot.ts';
import { silentLogger, systemClock } from '../../src/core/shared/ports.ts';
import type { PaymentMonitor } from '../../src/core/subscriptions/index.ts';
import { ALERTS, ALICE, CAROL, linkUrl, SlackApp, visibleText } from './harness.ts';

let app: SlackApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function monitorFor(a: SlackApp): PaymentMonitor {
  const monitor = createPaymentMonitor(
    {
      billing: a.bot.billing,
      stores: a.stores,
      messengers: new Map([['slack', a.adapter.messenger]]),
      clock: systemClock,
      logger: silentLogger,
    },
    { channel: { platform: 'slack', channelId: ALERTS }, intervalMs: 60_000, sandbox: true },
  );
  if (!monitor) throw new Error('no Slack messenger for the notices');
  return monitor;
}

async function noticeOf(a: SlackApp) {
  const id = a.sim.controls.pastDue();
  expect(await monitorFor(a).checkOnce()).toMatchObject({ posted: 1 });
  const [notice] = a.cards(ALERTS);
  if (!notice) throw new Error('no notice in the alert channel');
  return { id, notice };
}

it('a past-due subscription: one notice in the alert channel; a member is refused, an approver fixes it', async () => {
  app = await SlackApp.start();
  const { id, notice } = await noticeOf(app);
  expect(visibleText(notice)).toMatch(
    new RegExp(`The payment for the .+ subscription \\(#${id}\\) failed; it is past due`),
  );
  expect(buttonsIn(notice.blocks).map((b) => b.label)).toEqual(['Fix payment']);
  // Another round (a restart of the monitor on the same store) posts nothing new.
  expect(await monitorFor(app).checkOnce()).toMatchObject({ posted: 0 });
  expect(app.cards(ALERTS)).toHaveLength(1);

  const refused = await app.click(ALICE, notice, 'Fix payment');
  await app.settle();
  expect(app.ephemeralsFor(ALICE, refused.responseUrlId).map((m) => m.text.split('\n')[0])).toEqual([
    'Only approvers can fix a subscription payment.',
  ]);
  expect(app.sim.state.subscriptionStatus(id)).toBe('past_due');

  const fixed = await app.click(CAROL, notice, 'Fix payment');
  await app.settle();
  expect(
    app
      .ephemeralsFor(CAROL, fixed.responseUrlId)
      .map((m) => m.text)
      .join('\n'),
  ).toContain('Fixed: the payment went through.');
  expect(app.sim.state.subscriptionStatus(id)).toBe('active');
  const edited = app.fake.message(ALERTS, notice.ts);
  if (!edited) throw new Error('the notice is gone');
  expect(visibleText(edited)).toContain(`Fixed by <@${CAROL}>`);
  expect(buttonsIn(edited.blocks)).toEqual([]);
  expect(app.cards(ALERTS)).toHaveLength(1);
});

it('3-D Secure: the page to complete the payment reaches the approver by DM and nowhere else', async () => {
  app = await SlackApp.start();
  const { id, notice } = await noticeOf(app);
  app.sim.controls.addCard('requires_action', { makeDefault: true });
  const click = await app.click(CAROL, notice, 'Fix payment');
  await app.settle();
  expect(
    app
      .ephemeralsFor(CAROL, click.responseUrlId)
      .map((m) => m.text)
      .join('\n'),
  ).toMatch(/Check your DMs/);
  const dm = app.dms(CAROL).at(-1);
  if (!dm) throw new Error('no DM to the approver');
  const url = linkUrl(dm);
  expect(url).toMatch(new RegExp(`/checkout/fix/${id}$`));
  expect(app.shownOutsideDm(url, CAROL)).toEqual([]);
  expect(app.sim.state.subscriptionStatus(id)).toBe('past_due');
  expect(buttonsIn(app.fake.message(ALERTS, notice.ts)?.blocks ?? []).map((b) => b.label)).toEqual(['Fix payment']);
});
