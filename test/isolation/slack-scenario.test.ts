/**
 * Issue 15's scenario through the real app (workspaces mode, sandbox) and real Bolt against the
 * fake Slack: two workspaces install through /slack/install and the OAuth redirect, each
 * installer is welcomed by DM, connects its own simulated account in the modal, funds $25,
 * approves and pays; the receipts and balances stay apart. Then B uninstalls: its Slack tokens
 * leave the store, its events are refused, and A goes on as before.
 */
import { afterEach, expect, it } from 'vitest';
import { buttonsIn, sendAppUninstalled } from '../../fakes/slack/driver.ts';
import { A, B, button, SIGNING, SlackTenants, type Team, until } from '../support/tenants-slack.ts';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const sessionOf = (url: string) => url.split('/checkout/')[1] ?? '';

it('two workspaces install, connect, fund and pay apart; an uninstalled one is refused, the other unaffected', async () => {
  const s = await SlackTenants.start(cleanups);
  const { fake, stack } = s;
  const sim = stack.app.simulator;
  if (!sim) throw new Error('no simulator');

  for (const t of [A, B]) {
    await s.setUp(t);
    const [welcome] = fake.messages(fake.dmChannelOf(t.admin));
    expect(welcome?.text).toContain('Thanks for installing mlbot');
    expect(buttonsIn(welcome?.blocks ?? []).map((b) => b.action_id.split('~')[0])).toContain('connect');
  }
  // Each welcome went out with its own workspace's token.
  expect(fake.calls('chat.postMessage').map((c) => c.team)).toEqual(['T0AAA', 'T0BBB']);
  expect(stack.app.tenants.running().sort()).toEqual([A.tenant, B.tenant]);

  const balances = { acme: sim.state.balance('acme'), globex: sim.state.balance('globex') };
  const paid = async (t: Team) => {
    const card = await s.fund(t, 25, `${t.account} run`);
    const dm = await s.approve(t, card);
    const pay = buttonsIn(dm.blocks).find((b) => b.url)?.url ?? '';
    expect(pay).toContain(`/w/${encodeURIComponent(t.tenant)}/pay/`);
    const hop = await fetch(pay, { redirect: 'manual' });
    const sessionId = sessionOf(hop.headers.get('location') ?? '');
    // The session lives on the tenant's own simulated account.
    expect(sim.state.sessionAccount(sessionId)).toBe(t.account);
    return { card, sessionId };
  };
  const a = await paid(A);
  const b = await paid(B);
  sim.controls.markPaid(a.sessionId);
  const receiptA = await until('A’s receipt', () => fake.messages(A.channel).find((m) => m.threadTs === a.card.ts));
  expect(receiptA.text).toContain('$25.00');
  expect(sim.state.balance('acme')).toBe(balances.acme + 25);
  expect(sim.state.balance('globex')).toBe(balances.globex);
  // B's card is still waiting for its payment: nothing of A's receipt reached B's channel.
  expect(fake.messages(B.channel).filter((m) => m.threadTs === b.card.ts)).toEqual([]);
  sim.controls.markPaid(b.sessionId);
  await until('B’s receipt', () => fake.messages(B.channel).find((m) => m.threadTs === b.card.ts));
  expect(sim.state.balance('globex')).toBe(balances.globex + 25);
  expect(sim.state.balance('acme')).toBe(balances.acme + 25);
  expect(fake.messages(A.channel).filter((m) => m.threadTs === a.card.ts)).toHaveLength(1);

  await until('B’s payer DM thanked', () =>
    fake.messages(fake.dmChannelOf(B.member)).some((m) => m.text.includes('Received')),
  );

  // B uninstalls: Slack revokes its tokens and sends app_uninstalled.
  expect(await stack.app.stores.kv.get('slack-install:T:T0BBB')).toBeDefined();
  fake.tenancy.revoke({ teamId: B.teamId });
  expect((await sendAppUninstalled(s.url, { teamId: B.teamId }, { secret: SIGNING })).status).toBe(200);
  await until('B’s uninstall recorded', async () => (await stack.app.directory.record(B.tenant))?.uninstalledAt);
  expect(await stack.app.stores.kv.get('slack-install:T:T0BBB')).toBeUndefined();
  expect(await stack.app.stores.kv.get('slack-install:T:T0AAA')).toBeDefined();
  expect((await stack.app.directory.status(B.tenant)).connected).toBe(false);

  // B's events are refused: no card, no answer, no billing call on B's account.
  const mutationsOfB = () => sim.state.calls().filter((c) => c.account === 'globex' && c.method !== 'GET').length;
  const bMutations = mutationsOfB();
  const bPosts = fake.messages(B.channel).length;
  const refused = await s.command(B, B.member, B.channel, '/ml-fund', '10 after uninstall');
  expect(refused.delivery.status).toBe(200);
  await new Promise((r) => setTimeout(r, 300));
  expect(refused.answers().join('')).not.toContain('after uninstall');
  expect(fake.messages(B.channel)).toHaveLength(bPosts);
  expect(mutationsOfB()).toBe(bMutations);

  // A is unaffected: a new request gets its card and its approval as before.
  const again = await s.fund(A, 12, 'acme again');
  expect(button(again, 'approve').value).toBeDefined();
  await s.approve(A, again);
  // The only warnings: Bolt's and the adapter's refusal of B's event after the uninstall.
  expect(stack.problems.map((p) => p.msg)).toEqual([
    'Authorization of incoming event did not succeed. No listeners will be called.',
    'slack payload from a workspace with no installation: refused, nothing done',
  ]);
}, 30_000);
