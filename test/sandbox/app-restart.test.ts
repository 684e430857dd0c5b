/**
 * A restart of the sandbox app (`npm start`'s wiring, on a sqlite store) with payments open:
 * the simulator's state file beside the store brings back the checkout sessions, so a link
 * handed out before the restart is still payable on its page after it (same address), a link
 * paid just before the stop is still confirmed, and each payment gets exactly one receipt.
 * Before the state file, the restarted simulator knew none of them and both requests failed
 * with "ModelsLab does not know this checkout session".
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { WebMessage } from '../../adapters/web/index.ts';
import { startStack } from '../e2e/harness.ts';
import { cleanups, freePort, fundAndApprove, isReceipt, messages, waitUntil, watch } from './app-helpers.ts';
import { submitCheckoutForm } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'mlbot-app-restart-'));
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  rmSync(dir, { recursive: true, force: true });
});

it('links handed out before a restart are paid after it, each with one receipt', async () => {
  const env = { PORT: String(await freePort()), STORE_URL: `sqlite://${join(dir, 'mlbot.sqlite')}` };
  const first = await startStack(env);
  cleanups.push(() => first.stop());
  expect(first.app.simulator?.state.stateFile).toBe(join(dir, 'mlbot-sandbox.json'));
  const avery1 = await watch(first, 'web-avery');
  const riley1 = await watch(first, 'web-riley');

  const awaiting = await fundAndApprove(first, avery1, riley1, 20);
  const paidAtStop = await fundAndApprove(first, avery1, riley1, 30);
  // Paid on the page, then the bot stops at once: it may or may not have confirmed it yet.
  expect((await submitCheckoutForm(paidAtStop.paymentUrl, 'pay')).html).toContain('Payment received');
  await first.stop();
  avery1.close();
  riley1.close();

  const second = await startStack(env);
  cleanups.push(() => second.stop());
  const avery2 = await watch(second, 'web-avery');
  // The tab left open before the restart: the same address still shows the session and takes the payment.
  const page = await submitCheckoutForm(awaiting.paymentUrl, 'pay');
  expect(page.status).toBe(200);
  expect(page.html).toContain('Payment received');

  const receiptsFor = (cardId: string) =>
    [...messages(avery1), ...messages(avery2)].filter((m) => isReceipt(m) && m.threadId === cardId);
  const ids = (list: WebMessage[]) => new Set(list.map((m) => `${m.id}@${m.at}`)).size;
  await waitUntil(
    'both receipts',
    () => ids(receiptsFor(awaiting.cardId)) >= 1 && ids(receiptsFor(paidAtStop.cardId)) >= 1,
  );
  await new Promise((r) => setTimeout(r, 1_500)); // room for a duplicate to show up
  expect(ids(receiptsFor(awaiting.cardId))).toBe(1);
  expect(ids(receiptsFor(paidAtStop.cardId))).toBe(1);

  const sim = second.app.simulator!;
  expect(sim.state.creditsFor(awaiting.sessionId)).toBe(1);
  expect(sim.state.creditsFor(paidAtStop.sessionId)).toBe(1);
  expect(sim.state.balance()).toBe(42.5 + 20 + 30);
  const problems = [...first.problems, ...second.problems].map((p) => p.msg).join('\n');
  expect(problems).not.toMatch(/does not know|unknown checkout/i);
}, 60_000);
