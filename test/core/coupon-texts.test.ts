/**
 * Coupon answers that tell the truth (issue 13, defect 6): no repeated sentences, no raw ISO
 * times, no impossible step for a bonus coupon, a check that promises only what the click does
 * (also after the simulator forgot the redemption), and a card that keeps naming its requester.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/shared/reply.ts';
import { alice, bob } from './harness.ts';
import { live } from './live.ts';

type Live = Awaited<ReturnType<typeof live>>;
let env: Live | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function redeemButton(reply: Reply | undefined) {
  return reply?.buttons?.find((b) => b.kind === 'action' && b.action === 'coupon_redeem');
}

describe('coupon check texts', () => {
  it('says once that a code does not exist, and shows an expiry as a human date', async () => {
    env = await live();
    const [nope] = await env.command(alice, 'ml', 'coupon NOPE');
    expect(nope?.text).toBe('Coupon NOPE does not exist. Check the spelling.');
    const [expired] = await env.command(alice, 'ml', 'coupon EXPIRED5');
    expect(expired?.text).toMatch(/^Coupon EXPIRED5 has expired on \d{1,2} [A-Z][a-z]{2} \d{4}\.$/);
    expect(expired?.text).not.toMatch(ISO);
    const [used] = await env.command(alice, 'ml', 'coupon USED15');
    expect(used?.text).toBe('Coupon USED15 has already been used.');
  });

  it('explains a bonus coupon without suggesting a top-up here can use it', async () => {
    env = await live();
    const [bonus] = await env.command(alice, 'ml', 'coupon BONUS20');
    expect(bonus?.text).toContain('a 20% bonus on a wallet top-up');
    expect(bonus?.text).toContain('mlbot cannot apply it');
    expect(bonus?.text).not.toMatch(/redeemed on its own here|\/ml-fund/);
    expect(redeemButton(bonus)).toBeUndefined();
  });
});

describe('the check promises what the click does', () => {
  it('after the simulator forgot a redemption: Redeem is offered and the click redeems', async () => {
    env = await live();
    await env.click(bob, 'coupon_redeem', 'WELCOME10');
    // The sandbox starts again with its seed (a restart without state, or its coupon reset).
    env.sim.controls.reset();
    const before = env.sim.state.balance();
    const [check] = await env.command(bob, 'ml', 'coupon WELCOME10');
    expect(check?.text).toContain('Redeem credits the team wallet now.');
    expect(redeemButton(check)).toBeDefined();
    const [clicked] = await env.click(bob, 'coupon_redeem', 'WELCOME10');
    expect(clicked?.text).toBe('Redeemed coupon WELCOME10.');
    expect(env.sim.state.balance()).toBe(before + 10);
  });

  it('a code redeemed through the bot is answered as redeemed, with when, and no button', async () => {
    env = await live();
    await env.click(bob, 'coupon_redeem', 'WELCOME10');
    const [check] = await env.command(alice, 'ml', 'coupon WELCOME10');
    expect(check?.text).toMatch(/^Coupon WELCOME10 was already redeemed \(\d{1,2} [A-Z][a-z]{2}, \d{2}:\d{2} UTC/);
    expect(redeemButton(check)).toBeUndefined();
  });

  it('a code already waiting for an approver is not offered to the member again', async () => {
    env = await live();
    await env.click(alice, 'coupon_redeem', 'WELCOME10');
    const [check] = await env.command(alice, 'ml', 'coupon WELCOME10');
    expect(check?.text).toMatch(/^Coupon WELCOME10 is already waiting for an approver/);
    expect(redeemButton(check)).toBeUndefined();
  });
});

describe('the coupon card', () => {
  it('keeps naming the requester after approval, and after a deny', async () => {
    env = await live();
    await env.click(alice, 'coupon_redeem', 'WELCOME10');
    const card = env.messenger.channelPosts()[0]!;
    const approve = card.reply.buttons?.find((b) => b.label === 'Approve');
    await env.click(bob, 'coupon_redeem', approve?.kind === 'action' ? approve.value : '');
    const after = env.messenger.latest(card.ref!)?.text ?? '';
    expect(after).toContain(`⟦user:${alice.id}⟧`);
    expect(after).toContain(`⟦user:${bob.id}⟧`);
    expect(after).toContain('$10.00 added');
  });
});
