/**
 * Issue 14: "Never mind" on the playground. `dismiss` is a core action that asks the responder
 * to remove the private message holding the button; the playground lacked it, so the confirm
 * step stayed on the page with its Confirm button. Real playground, engine and simulator.
 */
import { afterEach, expect, it } from 'vitest';
import type { WebMessage } from '../../adapters/web/index.ts';
import { type Cleanups, startLivePlayground } from './live-playground.ts';
import { openStream } from './sse-client.ts';

const AVERY = 'web-avery'; // an approver

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

it('Never mind removes the private confirm step, live and for a page that connects later, and changes nothing', async () => {
  const { live, server, post, seen: seenAs } = await startLivePlayground(cleanups);
  const seen = () => seenAs(AVERY);
  const withButton = (messages: WebMessage[], action: string) =>
    messages.filter((m) => m.reply.buttons.some((b) => b.kind === 'action' && b.action === action)).at(-1);
  const click = (message: WebMessage, action: string) => {
    const button = message.reply.buttons.find((b) => b.kind === 'action' && b.action === action);
    if (button?.kind !== 'action') throw new Error(`no ${action} button`);
    return post('/play/action', { as: AVERY, messageId: message.id, action, value: button.value });
  };

  await post('/play/command', { as: AVERY, text: '/ml status' });
  const status = withButton(await seen(), 'sub_manage');
  if (!status) throw new Error('no subscription buttons in /ml status');
  await click(status, 'sub_manage');
  const confirm = withButton(await seen(), 'dismiss');
  if (!confirm) throw new Error('no confirm step');
  expect(confirm.kind).toBe('ephemeral');

  const page = await openStream(`${server.url}/play/events?as=${AVERY}`);
  cleanups.push(() => page.close());
  await page.next((e) => e.event === 'snapshot');
  await click(confirm, 'dismiss');

  // The open page hears the removal; a page that connects later never sees the step.
  const removal = await page.next((e) => e.event === 'message' && (e.data as WebMessage).id === confirm.id);
  expect((removal.data as WebMessage).removed).toBe(true);
  const after = await seen();
  expect(after.map((m) => m.id)).not.toContain(confirm.id);
  expect(after.map((m) => m.id)).toContain(status.id);
  const subscriptions = await live.billing.listSubscriptions();
  expect(subscriptions.every((s) => s.status === 'active')).toBe(true);
});
