/**
 * Spend controls in the playground over HTTP (issue 17): the real playground adapter, engine,
 * watcher, billing client and the ModelsLab simulator, driven as the page drives them. Two-person
 * approval: 1 of 2, withdraw, and two approvers clicking at once give exactly one link. A monthly
 * member budget: within it straight to the link, over it an approver even under the threshold;
 * the card and /ml-balance say "spent this month: $X of $Y".
 */
import { afterEach, expect, it } from 'vitest';
import type { WebMessage } from '../../adapters/web/index.ts';
import type { Policy } from '../../src/core/shared/policy.ts';
import { type Cleanups, startLivePlayground } from './live-playground.ts';

const RILEY = 'web-riley'; // requester
const AVERY = 'web-avery'; // approver
const MORGAN = 'web-morgan'; // the second approver here

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(policy: Partial<Policy>) {
  const { live, stores, playground, bot, server, seen } = await startLivePlayground(cleanups, undefined, {
    playground: { approversFor: async () => [AVERY, MORGAN] },
    policy,
  });
  const send = async (path: string, body: unknown, ok: readonly number[] = [202]) => {
    const res = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(ok).toContain(res.status);
    return res.status;
  };
  const settle = async () => {
    await playground.idle();
    await bot.engine.idle();
    await playground.idle();
  };
  const post = async (path: string, body: unknown) => {
    await send(path, body);
    await settle();
  };
  const click = (as: string, card: WebMessage, label: string) => {
    const button = card.reply.buttons.find((b) => b.label === label);
    if (button?.kind !== 'action') throw new Error(`no ${label} button`);
    return { path: '/play/action', body: { as, messageId: card.id, action: button.action, value: button.value } };
  };
  const card = async (as: string, id: string) => {
    const found = (await seen(as)).find((m) => m.kind === 'bot' && !m.threadId && text(m).includes(`Request ${id}`));
    if (!found) throw new Error(`no card for ${id}`);
    return found;
  };
  const links = async () => new Set(JSON.stringify(await seen(RILEY)).match(/http[^"]*\/checkout\/cs_\w+/g));
  return { sim: live.sim, stores, bot, post, send, settle, seen, click, card, links };
}

const text = (m: WebMessage | undefined) => JSON.stringify(m?.reply ?? {});
const requestId = (m: WebMessage | undefined) => /Request (\w+)/.exec(text(m))?.[1] ?? '';
const newest = (messages: WebMessage[]) => messages.filter((m) => m.kind === 'bot' && !m.threadId).at(-1);
const answer = (messages: WebMessage[]) => messages.filter((m) => m.kind === 'ephemeral').at(-1);

it('two-person approval: 1 of 2 and who, withdraw, then two approvers at once → exactly one link', async () => {
  const p = await start({ approvalThresholdCents: 2_000, secondApprovalThresholdCents: 10_000 });
  await p.post('/play/command', { as: RILEY, text: '/ml-fund 150 GPU month' });
  const id = requestId(newest(await p.seen(AVERY)));
  const asked = await p.card(AVERY, id);
  expect(text(asked)).toContain('It needs 2 different approvers (the requester never counts).');

  // The requester never counts.
  const self = p.click(RILEY, asked, 'Approve');
  await p.post(self.path, self.body);
  expect((await p.stores.requests.get(id))?.approvals ?? []).toEqual([]);

  const first = p.click(AVERY, asked, 'Approve');
  await p.post(first.path, first.body);
  const one = await p.card(AVERY, id);
  expect(text(one)).toContain('1 of 2 approvals');
  expect(text(one)).toContain('Avery');
  expect(one.reply.buttons.map((b) => b.label)).toContain('Withdraw my approval');
  expect(await p.links()).toEqual(new Set());
  expect(p.sim.state.sessions()).toHaveLength(0);

  const withdraw = p.click(AVERY, one, 'Withdraw my approval');
  await p.post(withdraw.path, withdraw.body);
  const none = await p.card(AVERY, id);
  expect(text(none)).not.toContain('1 of 2 approvals');
  expect((await p.stores.requests.get(id))?.state).toBe('awaiting_approval');
  expect((await p.stores.requests.get(id))?.approvals ?? []).toEqual([]);

  // Both approvers click at the same moment: two approvals, one checkout, one link by DM.
  const a = p.click(AVERY, none, 'Approve');
  const m = p.click(MORGAN, none, 'Approve');
  // (Morgan's double click: the page may already have dropped the button, 404, or core says "already".)
  await Promise.all([p.send(a.path, a.body), p.send(m.path, m.body), p.send(m.path, m.body, [202, 404])]);
  await p.settle();
  await p.bot.engine.idle();
  const done = await p.stores.requests.get(id);
  expect(done?.state).toBe('awaiting_payment');
  expect(done?.approvals?.map((x) => x.by.id).sort()).toEqual([AVERY, MORGAN]);
  expect(await p.links()).toHaveProperty('size', 1);
  expect(p.sim.state.sessions()).toHaveLength(1);
  const [link] = await p.links();
  // The link is in Riley's DM only.
  expect(JSON.stringify(await p.seen(AVERY))).not.toContain(link);
  expect(JSON.stringify(await p.seen(MORGAN))).not.toContain(link);
  expect(text(await p.card(AVERY, id))).toMatch(/Approved by .*(Avery|Morgan).* and .*(Avery|Morgan)/);
});

it('a member budget: within it straight to the link; paid $50 of $60 → $20 needs an approver; the lines say so', async () => {
  const p = await start({ approvalThresholdCents: 10_000, memberMonthlyBudgetCents: 6_000 });
  await p.post('/play/command', { as: RILEY, text: '/ml-fund 50 eval run' });
  const firstId = requestId(newest(await p.seen(RILEY)));
  const first = await p.card(RILEY, firstId);
  expect(text(first)).toContain('spent this month: $0.00 of $60.00');
  expect(first.reply.buttons.map((b) => b.label)).not.toContain('Approve');
  const [url] = await p.links();
  if (!url) throw new Error('no link in the DM');

  // An unpaid link uses none of the budget.
  await p.post('/play/command', { as: RILEY, text: '/ml-balance' });
  expect(text(answer(await p.seen(RILEY)))).toContain('You: spent this month: $0.00 of $60.00');

  p.sim.controls.markPaid(url.split('/checkout/')[1] ?? '');
  const deadline = Date.now() + 10_000;
  while ((await p.stores.requests.get(firstId))?.state !== 'paid') {
    if (Date.now() > deadline) throw new Error('no receipt');
    await new Promise((r) => setTimeout(r, 50));
  }
  await p.settle();
  await p.post('/play/command', { as: RILEY, text: '/ml-balance' });
  expect(text(answer(await p.seen(RILEY)))).toContain('You: spent this month: $50.00 of $60.00');

  await p.post('/play/command', { as: RILEY, text: '/ml-fund 20 one more' });
  const id = requestId(newest(await p.seen(AVERY)));
  expect(id).not.toBe(firstId);
  const over = await p.card(AVERY, id);
  expect(over.reply.buttons.map((b) => b.label)).toContain('Approve');
  expect(text(over)).toContain('monthly budget: spent $50.00 of $60.00');
  // The paid DM now says "Received" (its link is gone); no new link until an approver acts.
  expect(await p.links()).toEqual(new Set());
  expect(p.sim.state.sessions()).toHaveLength(1);

  const approve = p.click(AVERY, over, 'Approve');
  await p.post(approve.path, approve.body);
  expect([...(await p.links())]).toEqual([expect.not.stringMatching(url)]);
  expect(p.sim.state.sessions()).toHaveLength(2);
});
