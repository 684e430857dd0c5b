/**
 * Charge card on file in the browser playground, over its HTTP API (the real playground adapter,
 * engine, watcher, billing client and the ModelsLab simulator): the approved card offers the card
 * on file, a member is refused privately, the approver charges, one receipt under the card says
 * how it was paid, the payer's DM drops the link, and the wallet is credited once.
 */
import { afterEach, expect, it } from 'vitest';
import type { WebMessage } from '../../adapters/web/index.ts';
import { type Cleanups, startLivePlayground } from './live-playground.ts';

const RILEY = 'web-riley'; // requester and payer
const AVERY = 'web-avery'; // approver
const MORGAN = 'web-morgan'; // a member

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const text = (m: WebMessage | undefined) => JSON.stringify(m?.reply ?? {});
const labels = (m: WebMessage | undefined) => (m?.reply.buttons ?? []).map((b) => b.label);

it('approve → "Charge card on file ••4242" → a member refused → the approver charges → one receipt', async () => {
  const { live, stores, post, seen } = await startLivePlayground(cleanups);
  const click = (as: string, message: WebMessage, label: string) => {
    const button = message.reply.buttons.find((b) => b.label === label);
    if (button?.kind !== 'action') throw new Error(`no "${label}" button`);
    return post('/play/action', { as, messageId: message.id, action: button.action, value: button.value });
  };
  const cardOf = async (as: string) => (await seen(as)).find((m) => m.kind === 'bot' && !m.threadId);
  const before = live.sim.state.balance();

  await post('/play/command', { as: RILEY, text: '/ml-fund 30 demo' });
  await click(AVERY, (await cardOf(AVERY))!, 'Approve');
  const card = (await cardOf(AVERY))!;
  const id = /Request (\w+)/.exec(text(card))?.[1] ?? '';
  expect(labels(card)).toEqual(['Charge card on file ••4242', 'Cancel']);
  expect(text(card)).not.toContain('/checkout/');

  await click(MORGAN, (await cardOf(MORGAN))!, 'Charge card on file ••4242');
  const refusal = (await seen(MORGAN)).filter((m) => m.kind === 'ephemeral').at(-1);
  expect(text(refusal)).toContain('Only approvers can charge the card on file.');
  expect(live.sim.state.balance()).toBe(before);

  await click(AVERY, card, 'Charge card on file ••4242');
  const answer = (await seen(AVERY)).filter((m) => m.kind === 'ephemeral').at(-1);
  expect(text(answer)).toContain('Charged $30.00 to the card on file visa ••4242');
  const receipts = (await seen(AVERY)).filter((m) => m.threadId === card.id && text(m).includes('Receipt'));
  expect(receipts).toHaveLength(1);
  expect(text(receipts[0])).toContain('Charged to the card on file visa ••4242 by');
  const after = (await cardOf(AVERY))!;
  expect(text(after)).toContain('Paid with the card on file visa ••4242 by');
  expect(labels(after)).toEqual([]);
  const dm = (await seen(RILEY)).find((m) => m.kind === 'dm');
  expect(text(dm)).toContain('no longer needed');
  expect(live.sim.state.balance()).toBe(before + 30);
  expect((await stores.requests.get(id))?.state).toBe('paid');
});
