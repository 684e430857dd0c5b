/**
 * Money follows the session: a checkout session is watched until it can no longer be paid,
 * whatever happens to its request. Through the engine, the real watcher, the real billing client
 * and the ModelsLab simulator over HTTP: cancel-then-pay, fail-then-pay, renew-then-pay-the-old-
 * link, pay-both, and a restart that finds a cancelled request's session again. Each ends with
 * exactly one credit per paid session (the simulator's own count) and one receipt per payment.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/shared/reply.ts';
import { type LiveBilling, startLaggingBilling } from '../support/live-billing.ts';
import { RecordingMessenger, textOf } from '../support/recording-messenger.ts';
import { alice, bob } from './harness.ts';
import { live, startSim } from './live.ts';

type Live = Awaited<ReturnType<typeof live>>;
const envs: Live[] = [];
const sims: LiveBilling[] = [];
afterEach(async () => {
  for (const env of envs.splice(0)) await env.close();
  for (const s of sims.splice(0)) await s.sim.stop();
});
const dir = mkdtempSync(join(tmpdir(), 'mlbot-late-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sessionOf(reply: Reply | undefined): string {
  const b = reply?.buttons?.find((x) => x.kind === 'link');
  return b?.kind === 'link' ? (b.url.split('/checkout/')[1] ?? '') : '';
}

async function laggingSim(): Promise<LiveBilling> {
  const made = await startLaggingBilling();
  sims.push(made);
  return made;
}

async function approved(env: Live, amount = '50') {
  await env.command(alice, 'fund', amount);
  const id = env.lastRequestId();
  await env.click(bob, 'approve', id);
  const card = env.messenger.channelPosts().find((p) => p.reply.context?.includes(`Request ${id}`))!;
  const session = sessionOf(env.messenger.dmsTo(alice.id).findLast((d) => d.kind === 'dm')?.reply);
  expect(session).toMatch(/^cs_test_/);
  return { id, card, session };
}

const receiptsOf = (env: Live, card: { ref?: import('../../src/core/shared/types.ts').MessageRef }) =>
  env.messenger.threadPosts(card.ref!).filter((p) => p.reply.title?.startsWith('Receipt'));

describe('a payment after the request was closed is confirmed, credited once and reported', () => {
  it('cancel-then-pay: credited, receipted as late, card updated, payer and approvers told', async () => {
    const env = await live();
    envs.push(env);
    const before = env.sim.state.balance();
    const { id, card, session } = await approved(env);
    const [cancelled] = await env.click(alice, 'cancel', id);
    expect(cancelled?.text).toBe(`Cancelled ${id}.`);
    const closedDm = env.messenger.latest(env.messenger.dmsTo(alice.id)[0]!.ref!)!;
    expect(closedDm.text).toContain('stays payable until');
    expect(closedDm.text).not.toContain('do not use');

    env.sim.controls.markPaid(session); // the payer pays in the tab that was still open
    await env.waitFor(() => receiptsOf(env, card).length === 1, 'late receipt');
    await env.waitFor(() => env.messenger.dmsTo(alice.id).filter((d) => d.kind === 'dm').length === 2, 'late DM');

    expect(env.sim.state.creditsFor(session)).toBe(1);
    expect(env.sim.state.balance()).toBe(before + 50);
    const receipt = receiptsOf(env, card)[0]!.reply;
    expect(receipt.text).toContain('arrived after the request was cancelled');
    expect(receipt.text).toContain('⟦approvers⟧');
    expect(env.messenger.latest(card.ref!)?.text).toContain('arrived after the request was cancelled');
    const request = (await env.stores.requests.get(id))!;
    expect(request.state).toBe('paid');
    expect(request.attempts[0]).toMatchObject({ paidAfter: 'cancelled', sessionEnd: 'paid' });
    const lateDm = env.messenger.dmsTo(alice.id).filter((d) => d.kind === 'dm')[1]!;
    expect(lateDm.reply.text).toContain('arrived after the request was cancelled');
    const audit = await env.stores.audit.list(0);
    expect(audit.find((e) => e.from === 'cancelled' && e.to === 'paid')?.sessionId).toBe(session);
    // The session has ended: it leaves the open index, and nothing more is checked.
    expect(env.watcher.size()).toBe(0);
  });

  it('fail-then-pay: a session ModelsLab did not know once is still watched, and its payment credited', async () => {
    const env = await live();
    envs.push(env);
    const { id, card, session } = await approved(env);
    env.sim.controls.failNext(1, 404); // the watcher's first confirm-checkout: "not found"
    await env.waitFor(async () => (await env.stateOf(id)) === 'failed', 'failed');
    expect(env.watcher.size()).toBe(1);

    env.sim.controls.markPaid(session);
    await env.waitFor(() => receiptsOf(env, card).length === 1, 'late receipt');
    expect(env.sim.state.creditsFor(session)).toBe(1);
    expect(receiptsOf(env, card)[0]!.reply.text).toContain('arrived after the request was marked failed');
    expect((await env.stores.requests.get(id))?.state).toBe('paid');
  });

  it('renew-then-pay-the-old-link: the superseded session is confirmed and receipted, the new DM says so', async () => {
    const shared = await laggingSim();
    const env = await live({ shared });
    envs.push(env);
    const before = shared.sim.state.balance();
    const { id, card, session: first } = await approved(env);
    // The bot's clock passes the link's expiry; Stripe's page still takes the payment.
    await env.waitFor(async () => (await env.stateOf(id)) === 'expired', 'expired');
    const sent = () => env.messenger.dmsTo(alice.id).filter((d) => d.kind === 'dm');
    await env.waitFor(() => sent().length === 2, 'expiry notice');
    const [linkDm, notice] = sent();
    expect(notice?.reply.buttons?.map((b) => b.label)).toEqual(['New link', 'Cancel']);
    expect(env.messenger.latest(linkDm!.ref!)?.buttons ?? []).toEqual([]);

    await env.click(alice, 'new_link', id);
    const second = sessionOf(sent().at(-1)?.reply);
    expect(second).not.toBe(first);
    for (const old of [linkDm!, notice!]) {
      const shown = env.messenger.latest(old.ref!)!;
      expect(shown.buttons ?? []).toEqual([]);
      expect(shown.text).toContain('A newer payment link');
    }

    shared.sim.controls.markPaid(first);
    await env.waitFor(() => receiptsOf(env, card).length === 1, 'receipt');
    expect(shared.sim.state.creditsFor(first)).toBe(1);
    expect(shared.sim.state.creditsFor(second)).toBe(0);
    expect(shared.sim.state.balance()).toBe(before + 50);
    expect(receiptsOf(env, card)[0]!.reply.text).toContain('older link');
    const request = (await env.stores.requests.get(id))!;
    expect(request.state).toBe('paid');
    expect(request.attempts[0]?.paidAfter).toBe('superseded');
    // The newest DM no longer offers to pay: the request is paid.
    const newDm = env.messenger.dmsTo(alice.id).filter((d) => d.kind === 'dm')[2]!;
    await env.waitFor(() => !!env.messenger.latest(newDm.ref!)?.text.includes('paid on an earlier link'), 'DM edit');
    expect(env.messenger.latest(newDm.ref!)?.buttons ?? []).toEqual([]);
  });

  it('pay-both: both sessions confirmed and receipted, the second marked a double payment with what to do', async () => {
    const shared = await laggingSim();
    const env = await live({ shared });
    envs.push(env);
    const before = shared.sim.state.balance();
    const { id, card, session: first } = await approved(env, '20');
    await env.waitFor(async () => (await env.stateOf(id)) === 'expired', 'expired');
    await env.click(alice, 'new_link', id);
    const second = sessionOf(env.messenger.dmsTo(alice.id).findLast((d) => d.kind === 'dm')?.reply);
    shared.sim.controls.markPaid(second);
    await env.waitFor(() => receiptsOf(env, card).length === 1, 'first receipt');
    shared.sim.controls.markPaid(first);
    await env.waitFor(() => receiptsOf(env, card).length === 2, 'second receipt');

    expect(shared.sim.state.creditsFor(first)).toBe(1);
    expect(shared.sim.state.creditsFor(second)).toBe(1);
    expect(shared.sim.state.balance()).toBe(before + 40);
    const [normal, double] = receiptsOf(env, card).map((r) => r.reply);
    expect(normal?.title).not.toContain('double');
    expect(double?.title).toContain('double payment');
    expect(double?.text).toContain('no refund endpoint');
    expect(double?.text).toContain('contact ModelsLab support');
    expect(double?.text).toContain('⟦approvers⟧');
    await env.waitFor(() => !!env.messenger.latest(card.ref!)?.text.includes('Paid 2 times'), 'card');
    await env.waitFor(
      () => env.messenger.dmsTo(alice.id).some((d) => d.kind === 'dm' && d.reply.text.includes('second payment')),
      'double-payment DM',
    );
    // Once more after a sweep: still two receipts (one per paid session), no more.
    await env.engine.sweep();
    expect(receiptsOf(env, card)).toHaveLength(2);
  });
});

describe('"I\'ve paid" says what the check found', () => {
  it('before paying: "Not paid yet" with the expiry; after paying: "Received", the receipt already posted', async () => {
    const env = await live();
    envs.push(env);
    const { id, card, session } = await approved(env);
    const [early] = await env.click(alice, 'paid', id);
    expect(early?.text).toContain('Not paid yet: ModelsLab has no payment for this link yet');
    expect(early?.text).toContain("I'll keep checking until the link expires at");
    expect(early?.text).not.toContain('receipt is in');

    env.sim.controls.markPaid(session);
    // A click may find the shared budget busy (then it says so, with the wait); the next one looks.
    let late = (await env.click(alice, 'paid', id))[0];
    for (let n = 0; n < 20 && late?.text.startsWith('Not checked yet'); n++) {
      expect(late?.text).toContain("the bot's ModelsLab billing budget is busy");
      await new Promise((r) => setTimeout(r, 100));
      late = (await env.click(alice, 'paid', id))[0];
    }
    expect(late?.text).toContain('Received: ModelsLab confirmed the payment');
    // The answer comes after the receipt: it exists when the payer reads "Received".
    expect(receiptsOf(env, card)).toHaveLength(1);
    expect(env.sim.state.creditsFor(session)).toBe(1);
  });
});

describe('restart', () => {
  it("finds a cancelled request's live session again and receipts its late payment once", async () => {
    const storeUrl = `sqlite://${join(dir, 'late.sqlite')}`;
    const shared = await startSim();
    sims.push(shared);
    const messenger = new RecordingMessenger('slack');
    const first = await live({ storeUrl, shared, messenger });
    const { id, card, session } = await approved(first);
    await first.click(alice, 'cancel', id);
    await first.close();

    shared.sim.controls.markPaid(session); // paid while the bot is down
    const second = await live({ storeUrl, shared, messenger });
    envs.push(second);
    await second.engine.resume();
    await second.waitFor(() => receiptsOf(second, card).length === 1, 'late receipt after restart');
    await second.engine.sweep();
    await second.engine.resume();
    expect(receiptsOf(second, card)).toHaveLength(1);
    expect(shared.sim.state.creditsFor(session)).toBe(1);
    expect(textOf(receiptsOf(second, card)[0]!.reply)).toContain('arrived after the request was cancelled');
    expect((await second.stores.requests.get(id))?.state).toBe('paid');
  });
});
