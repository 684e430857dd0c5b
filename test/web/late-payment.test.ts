/**
 * Money follows the session, through the browser playground's HTTP API (the real playground
 * adapter, engine, watcher, billing client and the ModelsLab simulator): cancel-then-pay,
 * fail-then-pay, renew-then-pay-the-old-link and pay-both each end with exactly one credit per
 * paid session and one receipt per payment under the card, as a person in the playground sees it.
 */
import { afterEach, expect, it } from 'vitest';
import type { WebMessage } from '../../adapters/web/index.ts';
import { type LiveBilling, startLaggingBilling } from '../support/live-billing.ts';
import { type Cleanups, startLivePlayground } from './live-playground.ts';

const RILEY = 'web-riley'; // requester and payer
const AVERY = 'web-avery'; // approver

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(live?: LiveBilling) {
  const { live: billing, stores, bot, post, seen } = await startLivePlayground(cleanups, live);
  const click = (as: string, message: WebMessage, label: string) => {
    const button = message.reply.buttons.find((b) => b.label === label);
    if (button?.kind !== 'action') throw new Error(`no "${label}" button`);
    return post('/play/action', { as, messageId: message.id, action: button.action, value: button.value });
  };
  const waitFor = async <T>(check: () => Promise<T | undefined | false>, what: string): Promise<T> => {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const found = await check();
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { sim: billing.sim, stores, bot, post, seen, click, waitFor };
}

type Rig = Awaited<ReturnType<typeof start>>;
const text = (m: WebMessage | undefined) => JSON.stringify(m?.reply ?? {});
const dms = async (rig: Rig) => (await rig.seen(RILEY)).filter((m) => m.kind === 'dm');
const byId = async (rig: Rig, as: string, id: string) => (await rig.seen(as)).find((m) => m.id === id);
const sessionOf = (m: WebMessage | undefined) => {
  const link = m?.reply.buttons.find((b) => b.kind === 'link');
  return link && 'url' in link ? (link.url.split('/checkout/')[1] ?? '') : '';
};

async function openAndApprove(rig: Rig, amount: number) {
  await rig.post('/play/command', { as: RILEY, text: `/ml-fund ${amount} late payment` });
  const card = (await rig.seen(AVERY)).find((m) => m.kind === 'bot' && !m.threadId && text(m).includes('Approve'));
  if (!card) throw new Error('no request card');
  await rig.click(AVERY, card, 'Approve');
  const dm = await rig.waitFor(async () => (await dms(rig))[0], 'the link DM');
  const id = /Request (\w+)/.exec(text(card))?.[1] ?? '';
  return { id, card, dm, session: sessionOf(dm) };
}

const receiptsOf = async (rig: Rig, card: WebMessage) =>
  (await rig.seen(AVERY)).filter((m) => m.threadId === card.id && text(m).includes('Receipt'));

it('cancel-then-pay: credited once, a late receipt under the card, the payer told in a new DM', async () => {
  const rig = await start();
  const before = rig.sim.state.balance();
  const { card, dm, session } = await openAndApprove(rig, 50);
  await rig.click(RILEY, dm, 'Cancel');
  expect(text(await byId(rig, RILEY, dm.id))).toContain('stays payable until');
  rig.sim.controls.markPaid(session);
  const [receipt] = await rig.waitFor(async () => {
    const r = await receiptsOf(rig, card);
    return r.length > 0 && r;
  }, 'late receipt');
  expect(text(receipt)).toContain('arrived after the request was cancelled');
  expect(text(receipt)).toContain('@approvers');
  await rig.waitFor(
    async () => (await dms(rig)).some((m) => m.id !== dm.id && text(m).includes('arrived after')),
    'late DM',
  );
  expect(rig.sim.state.creditsFor(session)).toBe(1);
  expect(rig.sim.state.balance()).toBe(before + 50);
});

it("fail-then-pay: a failed request's session is still watched and its payment credited", async () => {
  const rig = await start();
  const { id, card, session } = await openAndApprove(rig, 30);
  // The drive ends with the card-on-file lookup: wait for it, so the fault hits confirm-checkout.
  await rig.waitFor(
    async () => (await rig.stores.requests.get(id))?.cardOffer !== undefined,
    'the card-on-file lookup',
  );
  rig.sim.controls.failNext(1, 404);
  await rig.waitFor(async () => (await rig.stores.requests.get(id))?.state === 'failed', 'failed');
  rig.sim.controls.markPaid(session);
  const [receipt] = await rig.waitFor(async () => {
    const r = await receiptsOf(rig, card);
    return r.length > 0 && r;
  }, 'late receipt');
  expect(text(receipt)).toContain('arrived after the request was marked failed');
  expect(rig.sim.state.creditsFor(session)).toBe(1);
});

it('renew-then-pay-the-old-link: credited and receipted; the old DMs lose New link and Cancel', async () => {
  const rig = await start(await startLaggingBilling());
  const { card, dm, session: first } = await openAndApprove(rig, 40);
  const notice = await rig.waitFor(async () => (await dms(rig))[1], 'the expiry notice as a new DM');
  expect(notice.reply.buttons.map((b) => b.label)).toEqual(['New link', 'Cancel']);
  await rig.click(RILEY, notice, 'New link');
  const newDm = await rig.waitFor(async () => (await dms(rig))[2], 'the new link DM');
  for (const old of [dm, notice]) {
    const now = await byId(rig, RILEY, old.id);
    expect(now?.reply.buttons ?? []).toEqual([]);
    expect(text(now)).toContain('A newer payment link');
  }
  rig.sim.controls.markPaid(first);
  const [receipt] = await rig.waitFor(async () => {
    const r = await receiptsOf(rig, card);
    return r.length > 0 && r;
  }, 'receipt');
  expect(text(receipt)).toContain('older link');
  expect(rig.sim.state.creditsFor(first)).toBe(1);
  expect(rig.sim.state.creditsFor(sessionOf(newDm))).toBe(0);
});

it('pay-both: both credited and receipted, the second marked a double payment with what to do', async () => {
  const rig = await start(await startLaggingBilling());
  const before = rig.sim.state.balance();
  const { card, session: first } = await openAndApprove(rig, 20);
  const notice = await rig.waitFor(async () => (await dms(rig))[1], 'the expiry notice');
  await rig.click(RILEY, notice, 'New link');
  const second = sessionOf(await rig.waitFor(async () => (await dms(rig))[2], 'the new link DM'));
  rig.sim.controls.markPaid(second);
  await rig.waitFor(async () => (await receiptsOf(rig, card)).length === 1, 'first receipt');
  rig.sim.controls.markPaid(first);
  const receipts = await rig.waitFor(async () => {
    const r = await receiptsOf(rig, card);
    return r.length === 2 && r;
  }, 'second receipt');
  expect(text(receipts[1])).toContain('Double payment');
  expect(text(receipts[1])).toContain('no refund endpoint');
  expect(rig.sim.state.creditsFor(first)).toBe(1);
  expect(rig.sim.state.creditsFor(second)).toBe(1);
  expect(rig.sim.state.balance()).toBe(before + 40);
});
