/**
 * Issue 17 escalation in the playground: the escalation post in the card's thread names the
 * fallback people (here Morgan), and Morgan, refused before it, may approve after it.
 */
import { afterEach, expect, it } from 'vitest';
import { createPlayground, type WebMessage } from '../../adapters/web/index.ts';
import { silentLogger } from '../../src/core/shared/ports.ts';
import { createStores } from '../../src/store/index.ts';
import { serve } from '../ops/serve.ts';
import { createTestBot, startLiveBilling } from '../support/live-billing.ts';
import { openStream } from './sse-client.ts';

const RILEY = 'web-riley'; // requester
const MORGAN = 'web-morgan'; // a member, and the fallback approver
const ESCALATE_MS = 200;

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

it('the escalation names the fallback people; Morgan may approve only from then on', async () => {
  const billing = await startLiveBilling();
  const stores = await createStores('memory://');
  const playground = createPlayground({
    sandbox: true,
    logger: silentLogger,
    fallbackApproversFor: async () => [MORGAN],
  });
  const bot = createTestBot({
    billing: billing.billing,
    stores,
    platform: 'web',
    messenger: playground.messenger,
    policy: { escalateAfterMs: ESCALATE_MS },
  });
  playground.attach(bot.engine);
  await bot.start();
  const server = await serve(playground.handler);
  cleanups.push(
    () => billing.sim.stop(),
    () => stores.close(),
    () => bot.stop(),
    () => playground.close(),
    server.close,
  );
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(202);
    await playground.idle();
  };
  const seen = async (as: string): Promise<WebMessage[]> => {
    const stream = await openStream(`${server.url}/play/events?as=${as}`);
    const snapshot = await stream.next((e) => e.event === 'snapshot');
    stream.close();
    return snapshot.data as WebMessage[];
  };
  const text = (m: WebMessage | undefined) => JSON.stringify(m?.reply ?? {});
  const approve = (card: WebMessage) => {
    const button = card.reply.buttons.find((b) => b.label === 'Approve');
    if (button?.kind !== 'action') throw new Error('no Approve button');
    return post('/play/action', { as: MORGAN, messageId: card.id, action: button.action, value: button.value });
  };

  await post('/play/command', { as: RILEY, text: '/ml-fund 40 GPU batch' });
  const card = (await seen(MORGAN)).find((m) => m.kind === 'bot' && !m.threadId && text(m).includes('Approve'));
  if (!card) throw new Error('no request card');
  const id = /Request (\w+)/.exec(text(card))?.[1] ?? '';

  await approve(card);
  await bot.engine.idle();
  expect(JSON.stringify(await seen(MORGAN))).toContain('Only approvers can approve');
  expect((await stores.requests.get(id))?.state).toBe('awaiting_approval');

  await new Promise((r) => setTimeout(r, ESCALATE_MS + 20));
  await bot.engine.sweep();
  await bot.engine.sweep();
  const thread = (await seen(MORGAN)).filter((m) => m.threadId === card.id);
  expect(thread).toHaveLength(1);
  expect(text(thread[0])).toContain('No approver answered for');
  expect(thread[0]?.reply.text).toContainEqual({ m: '@Morgan' });

  await approve(card);
  await bot.engine.idle();
  const after = await stores.requests.get(id);
  expect(after?.state).not.toBe('awaiting_approval');
  expect(after?.approver?.id).toBe(MORGAN);
});
