/** Coupons from Discord: check, Redeem by an approver (once), by a member through approval, refusals. */
import { afterEach, describe, expect, test } from 'vitest';
import { type DiscordApp, startDiscordApp } from './harness.ts';
import { answerTexts, EPHEMERAL, embedOf, privateAnswer } from './helpers.ts';

let app: DiscordApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** The private answer to `/ml coupon CODE`, once it arrived. */
async function checkCoupon(app: DiscordApp, member: DiscordApp['alice'], code: string) {
  const command = app.fake.sendCommand(member, 'ml', { command: `coupon ${code}` });
  return privateAnswer(app, command.token, `the answer to coupon ${code}`);
}

describe('coupons on Discord', () => {
  test('an approver redeems WELCOME10: $10 credited once, even with two clicks', async () => {
    app = await startDiscordApp();
    const { fake, sim, bob } = app;
    const check = await checkCoupon(app, bob, 'welcome10');
    expect(check.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(embedOf(check).description).toContain('Gives $10.00 of credit. Redeem credits the team wallet now.');
    expect(fake.buttonsOf(check.id)).toEqual(['coupon_redeem:WELCOME10']);
    expect(sim.state.balance()).toBe(42.5);

    const first = fake.clickButton(bob, 'coupon_redeem:WELCOME10', check.id);
    const second = fake.clickButton(bob, 'coupon_redeem:WELCOME10', check.id);
    await fake.waitFor(
      'both clicks answered',
      () =>
        answerTexts(app as DiscordApp, first.token).length > 0 &&
        answerTexts(app as DiscordApp, second.token).length > 0,
    );
    const answers = [...answerTexts(app, first.token), ...answerTexts(app, second.token)].join(' | ');
    expect(answers).toContain('Redeemed coupon WELCOME10.');
    expect(answers).toMatch(/already redeemed.*Nothing changed/);
    expect(sim.state.balance()).toBe(52.5);

    const announcements = fake.state
      .publicMessages(fake.channelId)
      .filter((m) => /Coupon WELCOME10 redeemed by/.test(embedOf(m)?.description ?? ''));
    expect(announcements).toHaveLength(1);
    expect(embedOf(announcements[0]).description).toContain(`<@${bob.id}>: $10.00 added`);
    expect(embedOf(announcements[0]).description).toContain('New balance: $52.50');
  });

  test('a member’s Redeem opens an approval card; nothing is credited until an approver approves', async () => {
    app = await startDiscordApp();
    const { fake, sim, alice, bob } = app;
    const check = await checkCoupon(app, alice, 'WELCOME10');
    expect(embedOf(check).description).toContain('Redeem asks an approver first.');
    const click = fake.clickButton(alice, 'coupon_redeem:WELCOME10', check.id);
    const card = await fake.waitFor('the coupon approval card', () =>
      fake.state.publicMessages(fake.channelId).find((m) => /^Coupon WELCOME10/.test(embedOf(m)?.title ?? '')),
    );
    await fake.waitFor('the member is told', () => answerTexts(app as DiscordApp, click.token).length > 0);
    expect(answerTexts(app, click.token).join(' ')).toMatch(/waiting for an approver/);
    expect(card.content).toBe(`<@&${fake.approverRoleId}>`); // the approvers are pinged
    const approve = fake.buttonsOf(card.id).find((b) => b.startsWith('coupon_redeem:approve:')) ?? '';
    expect(approve).not.toBe('');
    expect(sim.state.balance()).toBe(42.5);

    // The member cannot approve their own redemption.
    const self = fake.clickButton(alice, approve, card.id);
    await fake.waitFor('the refusal', () => answerTexts(app as DiscordApp, self.token).length > 0);
    expect(answerTexts(app, self.token).join(' ')).toContain('Only approvers');
    expect(sim.state.balance()).toBe(42.5);

    fake.clickButton(bob, approve, card.id);
    await fake.waitFor('the card shows the redemption', () =>
      /redeemed by/.test(embedOf(fake.state.messages.get(card.id))?.description ?? ''),
    );
    expect(sim.state.balance()).toBe(52.5);
    expect(fake.buttonsOf(card.id)).toEqual([]);
  });

  test('expired, used and unknown codes are answered clearly and offer no Redeem button', async () => {
    app = await startDiscordApp();
    for (const [code, says] of [
      ['EXPIRED5', 'Coupon EXPIRED5 has expired on '],
      ['USED15', 'Coupon USED15 has already been used.'],
      ['NOPE42', 'Coupon NOPE42 does not exist.'],
    ] as const) {
      const answer = await checkCoupon(app, app.bob, code);
      expect(embedOf(answer).description).toContain(says);
      expect(app.fake.buttonsOf(answer.id)).toEqual([]);
    }
    expect(app.sim.state.balance()).toBe(42.5);
  });
});
