/**
 * The watcher's counts reach /metrics in the app as wired (bot.ts once handed the watcher a
 * metrics object that dropped its confirm-check counts): after a payment is confirmed, the
 * operator's scrape shows the watcher's confirm-checkout checks beside the client's HTTP calls.
 */
import { afterAll, expect, it } from 'vitest';
import { startStack } from '../e2e/harness.ts';
import { cleanups, fundAndApprove, isReceipt, messages, post, waitUntil, watch } from './app-helpers.ts';
import { submitCheckoutForm } from './helpers.ts';

afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

it("after a confirmed payment, /metrics counts the watcher's confirm-checkout checks", async () => {
  const stack = await startStack();
  cleanups.push(() => stack.stop());
  const avery = await watch(stack, 'web-avery');
  const riley = await watch(stack, 'web-riley');
  const { paymentUrl } = await fundAndApprove(stack, avery, riley, 25);
  await submitCheckoutForm(paymentUrl, 'pay');

  const dm = messages(riley).find((m) => m.kind === 'dm' && m.reply.buttons.some((b) => b.kind === 'link'));
  const paid = dm?.reply.buttons.find((b) => b.kind === 'action' && b.action === 'paid');
  if (!dm || paid?.kind !== 'action') throw new Error("no I've paid button");
  await post(stack, '/play/action', { as: 'web-riley', messageId: dm.id, action: 'paid', value: paid.value });
  await waitUntil('the receipt', () => messages(riley).some(isReceipt) || messages(avery).some(isReceipt));

  const scrape = await (await fetch(`${stack.url}/metrics`)).text();
  const checks = /^mlbot_billing_calls_total\{endpoint="confirm-checkout",outcome="ok"\} (\d+)$/m.exec(scrape);
  expect(Number(checks?.[1] ?? 0)).toBeGreaterThanOrEqual(1);
  // The client's count of the same HTTP calls is still there, under the route.
  expect(scrape).toMatch(/^mlbot_billing_calls_total\{endpoint="\/wallet\/confirm-checkout",outcome="ok"\} \d+$/m);
}, 30_000);
