/**
 * Issue 17 escalation in the playground: the escalation post in the card's thread names the
 * fallback people (here Morgan), and Morgan, refused before it, may approve after it.
 */
import { afterEach, expect, it } from 'vitest';
import type { WebMessage } from '../../adapters/web/index.ts';
import { type Cleanups, startLivePlayground } from './live-playground.ts';

const RILEY = 'web-riley'; // requester
const MORGAN = 'web-morgan'; // a member, and the fallback approver
const ESCALATE_MS = 200;

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

it('the escalation names the fallback people; Morgan may approve only from then on', async () => {
  const { stores, bot, post, seen } = await startLivePlayground(cleanups, undefined, {
    playground: { fallbackApproversFor: async () => [MORGAN] },
    policy: { escalateAfterMs: ESCALATE_MS },
  });
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
