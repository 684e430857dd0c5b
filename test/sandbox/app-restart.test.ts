/**
 * A restart of the sandbox app (`npm start`'s wiring, on a sqlite store) with payments open:
 * the simulator's state file beside the store brings back the checkout sessions, so a link
 * handed out before the restart is still payable on its page after it (same address), a link
 * paid just before the stop is still confirmed, and each payment gets exactly one receipt.
 * Before the state file, the restarted simulator knew none of them and both requests failed
 * with "ModelsLab does not know this checkout session".
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { WebMessage } from '../../adapters/web/index.ts';
import { type Stack, startStack } from '../e2e/harness.ts';
import { openStream, type SseEvent, type SseStream } from '../web/sse-client.ts';
import { submitCheckoutForm } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'mlbot-app-restart-'));
const cleanups: Array<() => unknown> = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  rmSync(dir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const messages = (stream: SseStream): WebMessage[] =>
  stream.events.flatMap((e: SseEvent) =>
    e.event === 'snapshot' ? (e.data as WebMessage[]) : e.event === 'message' ? [e.data as WebMessage] : [],
  );
const titleOf = (m: WebMessage) => (m.reply.title ?? []).map((s) => ('t' in s ? s.t : s.m)).join('');
const isReceipt = (m: WebMessage) => titleOf(m).startsWith('Receipt');

async function watch(stack: Stack, as: string): Promise<SseStream> {
  const stream = await openStream(`${stack.url}/play/events?as=${as}`);
  cleanups.push(() => stream.close());
  await stream.next((e) => e.event === 'snapshot');
  return stream;
}

async function waitUntil(what: string, ok: () => boolean, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const post = (stack: Stack, path: string, body: unknown) =>
  fetch(`${stack.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).then((r) => r.json());

/** Riley asks, Avery approves: the request card's id and the payment URL from Riley's DM. */
async function fundAndApprove(stack: Stack, avery: SseStream, riley: SseStream, amount: number) {
  const cardsBefore = new Set(messages(avery).map((m) => m.id));
  const dmsBefore = new Set(messages(riley).map((m) => m.id));
  await post(stack, '/play/command', { as: 'web-riley', text: `/ml-fund ${amount} restart check` });
  let card: WebMessage | undefined;
  await waitUntil('the request card', () => {
    card = messages(avery).find(
      (m) => !cardsBefore.has(m.id) && m.reply.buttons.some((b) => b.kind === 'action' && b.action === 'approve'),
    );
    return card !== undefined;
  });
  const approve = card?.reply.buttons.find((b) => b.kind === 'action' && b.action === 'approve');
  if (!card || approve?.kind !== 'action') throw new Error('no approve button');
  await post(stack, '/play/action', {
    as: 'web-avery',
    messageId: card.id,
    action: 'approve',
    value: approve.value,
  });
  let url = '';
  await waitUntil('the payment link DM', () => {
    for (const m of messages(riley)) {
      if (dmsBefore.has(m.id) || m.kind !== 'dm') continue;
      const link = m.reply.buttons.find((b) => b.kind === 'link' && b.url.includes('/sandbox/checkout/'));
      if (link?.kind === 'link') url = link.url;
    }
    return url !== '';
  });
  return { cardId: card.id, paymentUrl: url, sessionId: url.split('/checkout/')[1] ?? '' };
}

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
