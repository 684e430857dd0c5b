/**
 * What people hear when a billing call waits: the bot's own budget (ModelsLab is fine, the bot
 * paces itself, here is the wait) is told apart from ModelsLab's 429 (the account's limit, which
 * other tools count towards) and from an outage, for payment links, coupon redemption and
 * subscription changes. Before, all three said "ModelsLab is not answering".
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BillingBudgetWaitError, BillingRateLimitedError } from '../../src/core/shared/errors.ts';
import type { BillingPort } from '../../src/core/shared/ports.ts';
import { alice, bob } from './harness.ts';
import { live } from './live.ts';

type Live = Awaited<ReturnType<typeof live>>;
let env: Live | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

/** The billing port with `methods` refused by `error` (nothing reaches ModelsLab). */
function refusing(methods: readonly (keyof BillingPort)[], error: () => Error) {
  return (inner: BillingPort): BillingPort =>
    new Proxy(inner, {
      get(target, key, receiver) {
        if (methods.includes(key as keyof BillingPort)) return async () => Promise.reject(error());
        const value = Reflect.get(target, key, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
}

const ownBudget = () => new BillingBudgetWaitError('POST /x', 38_500, 15);
const OWN =
  /ModelsLab is fine, but the bot's own budget of billing calls \(15 a minute for the whole account\) is used up for the moment: the next call frees up in about 40 seconds\./;

describe('a billing call that waits for the budget says so, with the wait', () => {
  it('payment link: the approval is kept and the wait is named', async () => {
    env = await live({ wrapBilling: refusing(['createPaymentLink'], ownBudget) });
    await env.command(alice, 'fund', '$20 eval run');
    const id = env.lastRequestId();
    const answers = (await env.click(bob, 'approve', id)).map((r) => r.text).join('\n');
    expect(answers).toMatch(OWN);
    expect(answers).toContain(`The approval of ${id} is kept; the payment link will be created then and sent by DM.`);
    expect(answers).not.toMatch(/not answering/);
    expect(await env.stateOf(id)).toBe('approved');
  });

  it("payment link: ModelsLab's own 429 is named as the account's limit, not as the bot's budget", async () => {
    env = await live({
      wrapBilling: refusing(
        ['createPaymentLink'],
        () => new BillingRateLimitedError('POST /billing/payment-link', 61_000),
      ),
    });
    await env.command(alice, 'fund', '$20 eval run');
    const id = env.lastRequestId();
    const answers = (await env.click(bob, 'approve', id)).map((r) => r.text).join('\n');
    expect(answers).toMatch(
      /ModelsLab's limit of billing calls for this account is used up for the moment \(every tool using the account counts towards it\): the next call is allowed in about 65 seconds\./,
    );
    expect(answers).not.toMatch(/own budget|not answering/);
  });

  it('coupon redemption: not sent yet, the approval kept, the wait named', async () => {
    env = await live({ wrapBilling: refusing(['redeemCoupon'], ownBudget) });
    const before = env.sim.state.balance();
    const answers = (await env.click(bob, 'coupon_redeem', 'WELCOME10')).map((r) => r.text).join('\n');
    expect(answers).toMatch(OWN);
    expect(answers).toContain('Coupon WELCOME10 was not sent to ModelsLab yet and the approval is kept');
    expect(answers).not.toMatch(/did not confirm/);
    expect(env.sim.state.balance()).toBe(before);
  });

  it('subscription change: nothing changed, try again after the wait', async () => {
    env = await live({ wrapBilling: refusing(['pauseSubscription'], ownBudget) });
    const [confirm] = await env.click(bob, 'sub_manage', 'pause:501');
    const button = confirm?.buttons?.find((b) => b.label === 'Confirm');
    if (button?.kind !== 'action') throw new Error('no Confirm button');
    const done = await env.clickOn(bob, 'sub_confirm', button.value, {
      canReplace: true,
      message: { platform: 'slack', channelId: 'C-general', messageId: 'confirm-1' },
    });
    const answers = [...done.replies, ...done.replaced].map((r) => r.text).join('\n');
    expect(answers).toMatch(OWN);
    expect(answers).toContain('Nothing changed: try to pause the subscription again after that.');
    expect(answers).not.toMatch(/not answering/);
  });
});
