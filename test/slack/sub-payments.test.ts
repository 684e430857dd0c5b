/**
 * Failed subscription payments on Slack (issue 18, part 4): the monitor built by the bot's own
 * wiring (createPaymentMonitor on the bot's budgeted port) posts the notice in the alert channel
 * through the real Bolt messenger against the fake Slack; Fix payment is clicked as Slack sends it.
 */
import { afterEach, expect, it } from 'vitest';
import { createSlackAdapter } from '../../adapters/slack/index.ts';
import { buttonsIn } from '../../fakes/slack/driver.ts';
import { createPaymentMonitor } from '../../src/channel-jobs.ts';
import { type KeyValueStore, type Messenger, silentLogger, systemClock } from '../../src/core/shared/ports.ts';
import { PaymentMonitor, type PaymentNotice } from '../../src/core/subscriptions/index.ts';
import { createStores } from '../../src/store/index.ts';
import { ALERTS, ALICE, CAROL, linkUrl, SIGNING_SECRET, SlackApp, visibleText } from './harness.ts';

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

it('a process killed between the post and its record: the next one re-posts, and Slack’s post journal adopts it', async () => {
  const journal = await createStores('memory://');
  app = await SlackApp.start({ adapter: { postJournal: journal.kv } });
  const a = app;
  a.sim.controls.pastDue();
  // Process A: the notice reaches Slack, then the process dies before the record says so.
  const dying: KeyValueStore = {
    get: (k) => a.stores.kv.get(k),
    delete: (k) => a.stores.kv.delete(k),
    set: async (k, v, ttl) => {
      if ((v as PaymentNotice | undefined)?.phase === 'posted') throw new Error('process killed');
      return a.stores.kv.set(k, v, ttl);
    },
  };
  const monitor = (messenger: Messenger, kv: KeyValueStore) =>
    new PaymentMonitor(
      {
        billing: a.bot.billing,
        kv,
        leases: a.stores.leases,
        messengers: new Map([['slack', messenger]]),
        clock: systemClock,
        logger: silentLogger,
      },
      { channel: { platform: 'slack', channelId: ALERTS }, intervalMs: 60_000 },
    );
  expect(await monitor(a.adapter.messenger, dying).checkOnce()).toMatchObject({ posted: 0, skipped: 1 });
  expect(a.cards(ALERTS)).toHaveLength(1);

  // Process B: same store and journal, its own Slack client. It posts the same notice again…
  const b = createSlackAdapter({
    botToken: 'xoxb-test',
    signingSecret: SIGNING_SECRET,
    apiUrl: `${a.fake.url}/api/`,
    approvers: [CAROL],
    logger: silentLogger,
    requestTimeoutMs: 300,
    postJournal: journal.kv,
  });
  await b.start();
  try {
    // The spare-budget status check wants a full bucket: wait for it rather than a round later.
    let result = await monitor(b.messenger, a.stores.kv).checkOnce();
    for (let i = 0; i < 40 && result.posted === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      result = await monitor(b.messenger, a.stores.kv).checkOnce();
    }
    expect(result).toMatchObject({ posted: 1 });
    // …and Slack shows one notice: the journal found the first post and adopted it.
    expect(a.cards(ALERTS)).toHaveLength(1);
    expect(await monitor(b.messenger, a.stores.kv).checkOnce()).toMatchObject({ posted: 0 });
    expect(a.cards(ALERTS)).toHaveLength(1);
  } finally {
    await b.stop();
    await journal.close();
  }
});
