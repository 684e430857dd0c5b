/**
 * The whole fund and subscribe flows through the engine, against the real simulator over HTTP,
 * the real billing client and the real memory store. Paying happens on the simulator
 * (`controls.markPaid`), as if the payer clicked Pay on the checkout page.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SANDBOX_LINE } from '../../src/core/shared/outbox.ts';
import type { Reply } from '../../src/core/shared/reply.ts';
import { textOf } from '../support/recording-messenger.ts';
import { alice, bob } from './harness.ts';
import { live } from './live.ts';

type Live = Awaited<ReturnType<typeof live>>;
let env: Live | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

function payUrl(reply: Reply | undefined): string {
  const b = reply?.buttons?.find((x) => x.kind === 'link');
  return b?.kind === 'link' ? b.url : '';
}

describe('fund flow on the simulator', () => {
  it('takes /ml-fund 50 to a paid receipt, and the URL reaches only the payer DM', async () => {
    env = await live();
    const before = env.sim.state.balance();
    await env.command(alice, 'fund', '$50 eval run');
    const id = env.lastRequestId();
    const card = env.messenger.channelPosts()[0]!;
    expect(card.reply.title).toBe('Fund request · $50.00');
    expect(card.reply.context).toContain(SANDBOX_LINE);

    await env.click(bob, 'approve', id);
    expect(textOf(env.messenger.latest(card.ref!)!)).toContain('Approved by');
    const dm = env.messenger.dmsTo(alice.id)[0]!;
    const url = payUrl(dm.reply);
    expect(url).toContain('/checkout/cs_test_');
    const sessionId = url.split('/checkout/')[1]!;
    expect(env.sim.state.session(sessionId)?.amount).toBe(50);

    env.sim.controls.markPaid(sessionId);
    await env.click(alice, 'paid', id);
    await env.waitFor(async () => (await env!.stateOf(id)) === 'paid', 'paid');
    // The DM edit is the last side effect of `paid`: after it, receipt and card are done too.
    await env.waitFor(() => !!env!.messenger.latest(dm.ref!)?.text.includes('Received'), 'DM update');

    const request = (await env.stores.requests.get(id))!;
    expect(request.state).toBe('paid');
    expect(env.sim.state.balance()).toBe(before + 50);
    expect(env.sim.state.creditsFor(sessionId)).toBe(1);
    const receipts = env.messenger.threadPosts(card.ref!);
    expect(receipts).toHaveLength(1);
    const receipt = textOf(receipts[0]!.reply);
    expect(receipt).toContain('$50.00');
    expect(receipt).toContain(`$${(before + 50).toFixed(2)}`);
    expect(receipt).toContain(sessionId.slice(-8));
    expect(receipt).not.toContain(sessionId.slice(0, -8));
    expect(env.messenger.latest(card.ref!)?.fields?.find((f) => f.label === 'Status')?.value).toBe('Paid');
    expect(env.messenger.latest(dm.ref!)?.text).toContain('Received, thanks');

    const seenByOthers = env.messenger.containsText(url).filter((m) => !(m.kind === 'dm' && m.userId === alice.id));
    expect(seenByOthers).toEqual([]);
    const audit = await env.stores.audit.list(0);
    expect(audit.map((e) => e.to)).toEqual([
      'awaiting_approval',
      'approved',
      'link_created',
      'awaiting_payment',
      'paid',
    ]);
    expect(audit[1]?.actor?.id).toBe(bob.id);
    expect(JSON.stringify(audit)).not.toContain(url);
    expect(env.logger.lines.join('\n')).not.toContain(url);
  });

  it('records a payment made just before the Cancel click instead of cancelling it', async () => {
    env = await live();
    await env.command(alice, 'fund', '20');
    const id = env.lastRequestId();
    await env.click(bob, 'approve', id);
    const sessionId = payUrl(env.messenger.dmsTo(alice.id)[0]?.reply).split('/checkout/')[1]!;
    env.sim.controls.markPaid(sessionId);
    const [answer] = await env.click(alice, 'cancel', id);
    expect(answer?.text).toContain('was already paid');
    expect(await env.stateOf(id)).toBe('paid');
    expect(env.sim.state.creditsFor(sessionId)).toBe(1);
    const card = env.messenger.channelPosts()[0]!;
    expect(env.messenger.threadPosts(card.ref!)).toHaveLength(1);
  });

  it('keeps the request approved while ModelsLab rate-limits link creation, then the sweep sends the link', async () => {
    env = await live();
    await env.command(alice, 'fund', '20');
    const id = env.lastRequestId();
    env.sim.controls.rateLimitStorm(1_000);
    const replies = await env.click(bob, 'approve', id);
    expect(replies.map((r) => r.text).join(' ')).toContain(
      "ModelsLab's limit of billing calls for this account is used up",
    );
    expect(await env.stateOf(id)).toBe('approved');
    env.sim.controls.reset();
    // The 429's Retry-After (1 s) holds every billing call of the bot, the sweep's too.
    await new Promise((r) => setTimeout(r, 1_100));
    await env.engine.sweep();
    expect(await env.stateOf(id)).toBe('awaiting_payment');
    expect(env.messenger.dmsTo(alice.id)).toHaveLength(1);
  });

  it('subscribes through the plan buttons, the same approval, and a "Subscription active" receipt', async () => {
    env = await live();
    const [picker] = await env.command(alice, 'subscribe');
    expect(picker?.ephemeral).toBe(true);
    const planButton = picker?.buttons?.find((b) => b.kind === 'action' && b.action === 'pick_plan');
    expect(planButton?.kind).toBe('action');
    const planId = planButton?.kind === 'action' ? planButton.value : '';

    await env.click(alice, 'pick_plan', planId);
    const id = env.lastRequestId();
    const card = env.messenger.channelPosts()[0]!;
    expect(card.reply.title).toMatch(/^Subscription request · /);
    await env.click(bob, 'approve', id);

    const url = payUrl(env.messenger.dmsTo(alice.id)[0]?.reply);
    const sessionId = url.split('/checkout/')[1]!;
    const session = env.sim.state.session(sessionId);
    expect(session?.purpose).toBe('subscribe');
    expect(session?.planId).toBe(Number(planId));

    env.sim.controls.markPaid(sessionId);
    await env.click(alice, 'paid', id);
    await env.waitFor(async () => (await env!.stateOf(id)) === 'paid', 'paid');
    await env.waitFor(() => env!.messenger.dmsTo(alice.id).length > 1, 'DM update');
    const receipts = env.messenger.threadPosts(card.ref!);
    expect(receipts).toHaveLength(1);
    expect(receipts[0]!.reply.text).toMatch(/^Subscription active: /);
    expect(env.messenger.containsText(url).filter((m) => m.kind !== 'dm')).toEqual([]);
  });
});
