/**
 * Expiry, tried the way a newcomer would in the sandbox app: "Expire now" on the checkout page,
 * then "I've paid" in the DM makes the bot check at once, and the requester is told the link
 * expired and offered a new one, with no 30-minute wait.
 */
import { afterAll, expect, it } from 'vitest';
import { startStack } from '../e2e/harness.ts';
import { cleanups, fundAndApprove, messages, post, titleOf, waitUntil, watch } from './app-helpers.ts';
import { submitCheckoutForm } from './helpers.ts';

afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

it('Expire now on the page, then "I\'ve paid": the DM says the link expired and offers a new one', async () => {
  const stack = await startStack();
  cleanups.push(() => stack.stop());
  const avery = await watch(stack, 'web-avery');
  const riley = await watch(stack, 'web-riley');
  const { paymentUrl } = await fundAndApprove(stack, avery, riley, 25);

  const page = await submitCheckoutForm(paymentUrl, 'expire');
  expect(page.html).toContain('This checkout session has expired');

  const dm = messages(riley).find((m) => m.kind === 'dm' && m.reply.buttons.some((b) => b.kind === 'link'));
  const paid = dm?.reply.buttons.find((b) => b.kind === 'action' && b.action === 'paid');
  if (!dm || paid?.kind !== 'action') throw new Error("no I've paid button");
  await post(stack, '/play/action', { as: 'web-riley', messageId: dm.id, action: 'paid', value: paid.value });

  await waitUntil('the expiry notice', () =>
    messages(riley).some((m) => m.kind === 'dm' && titleOf(m) === 'Payment link expired'),
  );
  const notice = messages(riley).findLast((m) => titleOf(m) === 'Payment link expired');
  expect(notice?.reply.buttons.some((b) => b.kind === 'action' && b.action === 'new_link')).toBe(true);
}, 30_000);
