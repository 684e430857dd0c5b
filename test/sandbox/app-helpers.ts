/**
 * Drive the sandbox app (startStack: the app's own wiring) through its playground over HTTP, as
 * the browser does: open a person's event stream, type a command, press a button, find the DM's
 * payment link. For the app-level tests (sandbox, tenants, isolation). `watch` closes its stream
 * through `cleanups`: a test file that uses it runs them after each test.
 */
import { createServer } from 'node:net';
import type { WebMessage } from '../../adapters/web/index.ts';
import type { Stack } from '../e2e/harness.ts';
import { openStream, type SseEvent, type SseStream } from '../web/sse-client.ts';

export const cleanups: Array<() => unknown> = [];

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export const messages = (stream: SseStream): WebMessage[] =>
  stream.events.flatMap((e: SseEvent) =>
    e.event === 'snapshot' ? (e.data as WebMessage[]) : e.event === 'message' ? [e.data as WebMessage] : [],
  );
export const titleOf = (m: WebMessage) => (m.reply.title ?? []).map((s) => ('t' in s ? s.t : s.m)).join('');
export const isReceipt = (m: WebMessage) => titleOf(m).startsWith('Receipt');

export async function watch(stack: Stack, as: string): Promise<SseStream> {
  const stream = await openStream(`${stack.url}/play/events?as=${as}`);
  cleanups.push(() => stream.close());
  await stream.next((e) => e.event === 'snapshot');
  return stream;
}

export async function waitUntil(what: string, ok: () => boolean, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A command, click or form as the page sends it: the HTTP answer. */
export const send = (stack: Stack, path: string, body: unknown) =>
  fetch(`${stack.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

export const post = (stack: Stack, path: string, body: unknown) => send(stack, path, body).then((r) => r.json());

/** Riley asks, Avery approves: the request card's id and the payment URL from Riley's DM. */
export async function fundAndApprove(stack: Stack, avery: SseStream, riley: SseStream, amount: number) {
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
  let dmId = '';
  await waitUntil('the payment link DM', () => {
    for (const m of messages(riley)) {
      if (dmsBefore.has(m.id) || m.kind !== 'dm') continue;
      const link = m.reply.buttons.find((b) => b.kind === 'link' && b.url.includes('/pay/'));
      if (link?.kind === 'link') {
        url = link.url;
        dmId = m.id;
      }
    }
    return url !== '';
  });
  const payLink = url;
  // The DM carries the tracked pay link (the sandbox's PUBLIC_URL is its own address): follow
  // its redirect to the simulated checkout, as a browser would.
  const hop = await fetch(url, { redirect: 'manual' });
  url = hop.headers.get('location') ?? '';
  if (hop.status !== 303 || !url.includes('/sandbox/checkout/')) throw new Error(`pay link answered ${hop.status}`);
  return { cardId: card.id, dmId, payLink, paymentUrl: url, sessionId: url.split('/checkout/')[1] ?? '' };
}
