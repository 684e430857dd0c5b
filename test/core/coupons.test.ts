/** `/ml coupon` and the Redeem button: validation answers, approval, one redemption per code. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/shared/reply.ts';
import { alice, bob, carol, mallory } from './harness.ts';
import { live } from './live.ts';

type Live = Awaited<ReturnType<typeof live>>;
let env: Live | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

function buttonValue(reply: Reply | undefined, label: string): string {
  const b = reply?.buttons?.find((x) => x.label === label);
  if (b?.kind !== 'action') throw new Error(`no ${label} button`);
  return b.value;
}

describe('/ml coupon', () => {
  it('says what a valid coupon gives, with a Redeem button', async () => {
    env = await live();
    const [check] = await env.command(alice, 'ml', 'coupon welcome10');
    expect(check?.text).toBe('Gives $10.00 of credit. Redeem asks an approver first.');
    expect(buttonValue(check, 'Redeem')).toBe('WELCOME10');
    const [forApprover] = await env.command(bob, 'ml', 'coupon WELCOME10');
    expect(forApprover?.text).toContain('Redeem credits the team wallet now.');
  });

  it('answers invalid, expired and used codes clearly, without a Redeem button', async () => {
    env = await live();
    const [invalid] = await env.command(alice, 'ml', 'coupon NOPE42');
    const [expired] = await env.command(alice, 'ml', 'coupon EXPIRED5');
    const [used] = await env.command(alice, 'ml', 'coupon USED15');
    expect(invalid?.text).toMatch(/^Coupon NOPE42 does not exist\./);
    expect(expired?.text).toMatch(/^Coupon EXPIRED5 has expired on /);
    expect(used?.text).toMatch(/^Coupon USED15 has already been used\./);
    for (const r of [invalid, expired, used]) expect(r?.buttons).toBeUndefined();
    const [bonus] = await env.command(alice, 'ml', 'coupon BONUS20');
    expect(bonus?.text).toContain('a 20% bonus on a wallet top-up');
    expect(bonus?.buttons).toBeUndefined();
    const [junk] = await env.command(alice, 'ml', 'coupon <script>');
    expect(junk?.text).toContain('Usage: /ml coupon <code>');
  });

  it("redeems at once on an approver's click, and only once on a double click", async () => {
    env = await live();
    const before = env.sim.state.balance();
    const [first, second] = await Promise.all([
      env.click(bob, 'coupon_redeem', 'WELCOME10'),
      env.click(bob, 'coupon_redeem', 'WELCOME10'),
    ]);
    expect(env.sim.state.balance()).toBe(before + 10);
    const answers = [...first, ...second].map((r) => r.text);
    expect(answers).toContain('Redeemed coupon WELCOME10.');
    expect(answers.some((t) => t.includes('was already redeemed'))).toBe(true);
    const posts = env.messenger.channelPosts();
    expect(posts).toHaveLength(1);
    expect(posts[0]?.reply.text).toContain(`redeemed by ⟦user:${bob.id}⟧: $10.00 added`);
    expect(posts[0]?.reply.text).toContain('New balance: $52.50');
    const [later] = await env.click(carol, 'coupon_redeem', 'WELCOME10');
    expect(later?.text).toContain('was already redeemed');
    expect(env.sim.state.balance()).toBe(before + 10);
    const audit = (await env.stores.audit.list(0)).filter((e) => e.purpose === 'coupon');
    expect(audit.map((e) => [e.from, e.to])).toEqual([
      [null, 'approved'],
      ['approved', 'redeemed'],
    ]);
    expect(audit[1]?.actor?.id).toBe(bob.id);
  });

  it("turns a member's click into an approval card; an approver's Approve redeems once", async () => {
    env = await live();
    const before = env.sim.state.balance();
    const [asked] = await env.click(alice, 'coupon_redeem', 'WELCOME10');
    expect(asked?.text).toMatch(/^Coupon WELCOME10 is waiting for an approver/);
    expect(env.sim.state.balance()).toBe(before);
    const card = env.messenger.channelPosts()[0]!;
    expect(card.reply.text).toContain('⟦approvers⟧');
    const approve = buttonValue(card.reply, 'Approve');

    const [again] = await env.click(alice, 'coupon_redeem', 'WELCOME10');
    expect(again?.text).toContain('already waiting for an approver');
    const [refused] = await env.click(mallory, 'coupon_redeem', approve);
    expect(refused?.text).toBe('Only approvers can approve or deny coupon redemptions.');
    expect(env.sim.state.balance()).toBe(before);

    await Promise.all([env.click(bob, 'coupon_redeem', approve), env.click(carol, 'coupon_redeem', approve)]);
    expect(env.sim.state.balance()).toBe(before + 10);
    expect(env.messenger.latest(card.ref!)?.text).toContain('redeemed by');
    expect(env.messenger.latest(card.ref!)?.buttons).toBeUndefined();
  });

  it('denies on an approval card, and the code can be asked for again', async () => {
    env = await live();
    await env.click(alice, 'coupon_redeem', 'WELCOME10');
    const card = env.messenger.channelPosts()[0]!;
    const [denied] = await env.click(bob, 'coupon_redeem', buttonValue(card.reply, 'Deny'));
    expect(denied?.text).toBe('Denied the redemption of coupon WELCOME10.');
    expect(env.messenger.latest(card.ref!)?.text).toBe(
      `⟦user:${alice.id}⟧ asked to redeem coupon WELCOME10 for $10.00. Denied by ⟦user:${bob.id}⟧.`,
    );
    const [late] = await env.click(carol, 'coupon_redeem', buttonValue(card.reply, 'Approve'));
    expect(late?.text).toContain('Nothing changed');
    const [reasked] = await env.click(alice, 'coupon_redeem', 'WELCOME10');
    expect(reasked?.text).toMatch(/^Coupon WELCOME10 is waiting for an approver/);
  });

  it('keeps the approval when the answer is lost, and the retry replays the same key: credited once', async () => {
    env = await live();
    const before = env.sim.state.balance();
    await env.click(alice, 'coupon_redeem', 'WELCOME10');
    const approve = buttonValue(env.messenger.channelPosts()[0]?.reply, 'Approve');
    // The redemption happens at ModelsLab, but the answer arrives broken.
    env.sim.controls.malformedNext(1);
    const [unsure] = await env.click(bob, 'coupon_redeem', approve);
    expect(unsure?.text).toContain('did not confirm the redemption');
    const [retried] = await env.click(bob, 'coupon_redeem', approve);
    expect(retried?.text).toBe('Redeemed coupon WELCOME10.');
    expect(env.sim.state.balance()).toBe(before + 10);
    const redeems = env.sim.state.calls().filter((c) => c.path === '/wallet/coupons/redeem');
    expect(redeems).toHaveLength(2);
    expect(redeems[0]?.idempotencyKey).toMatch(/^coupon-WELCOME10-c[a-z0-9]+$/);
    expect(redeems[1]?.idempotencyKey).toBe(redeems[0]?.idempotencyKey);
  });

  it('keeps the approval while ModelsLab is down, then redeems', async () => {
    env = await live();
    await env.click(alice, 'coupon_redeem', 'WELCOME10');
    const approve = buttonValue(env.messenger.channelPosts()[0]?.reply, 'Approve');
    env.sim.controls.failNext(1, 503);
    const [down] = await env.click(bob, 'coupon_redeem', approve);
    expect(down?.text).toContain('The approval is kept');
    const [ok] = await env.click(bob, 'coupon_redeem', approve);
    expect(ok?.text).toBe('Redeemed coupon WELCOME10.');
  });

  it('fails cleanly when the code was used elsewhere before the approval, and credits nothing', async () => {
    env = await live();
    await env.click(alice, 'coupon_redeem', 'WELCOME10');
    const card = env.messenger.channelPosts()[0]!;
    // Someone redeems it on the ModelsLab dashboard meanwhile.
    await env.billing.redeemCoupon('WELCOME10', 'dashboard');
    const before = env.sim.state.balance();
    const [answer] = await env.click(bob, 'coupon_redeem', buttonValue(card.reply, 'Approve'));
    expect(answer?.text).toBe(
      'Coupon WELCOME10 was not redeemed: the coupon has already been used. Nothing was credited.',
    );
    expect(env.sim.state.balance()).toBe(before);
    expect(env.messenger.latest(card.ref!)?.text).toBe(
      `⟦user:${alice.id}⟧ asked to redeem coupon WELCOME10 for $10.00. Not redeemed: the coupon has already been used.`,
    );
    const audit = (await env.stores.audit.list(0)).filter((e) => e.purpose === 'coupon').map((e) => e.to);
    expect(audit).toEqual(['awaiting_approval', 'approved', 'failed']);
  });
});
