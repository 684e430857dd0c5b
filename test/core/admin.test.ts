/** Auto-recharge, the audit export, the subscribe panel, App Home and help. */
import { afterEach, describe, expect, it } from 'vitest';
import { csvCell } from '../../src/core/admin/audit-csv.ts';
import { COMMANDS } from '../../src/core/registry/commands.ts';
import type { Actor } from '../../src/core/shared/types.ts';
import { alice, bob } from './harness.ts';
import { live } from './live.ts';

type Live = Awaited<ReturnType<typeof live>>;
let env: Live | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

describe('/ml autorecharge', () => {
  it('lets an approver set it (both spellings) and turn it off, with a keyed call each time', async () => {
    env = await live();
    const [set] = await env.command(bob, 'ml', 'autorecharge $50 when below 10');
    expect(set?.text).toBe('Auto-recharge is now on: $50.00 when the balance falls below $10.00.');
    expect(await env.billing.getAutoFunding()).toEqual({ enabled: true, amountCents: 5000, thresholdCents: 1000 });
    await env.command(bob, 'ml', 'autorecharge 25.50 5');
    expect(await env.billing.getAutoFunding()).toMatchObject({ amountCents: 2550, thresholdCents: 500 });
    const [view] = await env.command(alice, 'ml', 'autorecharge');
    expect(view?.text).toBe('Auto-recharge is on: $25.50 when the balance falls below $5.00.');
    await env.command(bob, 'ml', 'autorecharge off');
    expect((await env.billing.getAutoFunding()).enabled).toBe(false);
    const keys = env.sim.state
      .calls()
      .filter((c) => c.path === '/wallet/auto-funding')
      .map((c) => c.idempotencyKey);
    expect(keys).toHaveLength(3);
    expect(keys.every((k) => /^autorecharge-(set-\d+-\d+|off)-ev-/.test(k ?? ''))).toBe(true);
    expect(env.messenger.channelPosts().map((p) => p.reply.text)).toEqual([
      `⟦user:${bob.id}⟧ set auto-recharge on: $50.00 when the balance falls below $10.00.`,
      `⟦user:${bob.id}⟧ set auto-recharge on: $25.50 when the balance falls below $5.00.`,
      `⟦user:${bob.id}⟧ set auto-recharge off.`,
    ]);
  });

  it('enforces the minimums ($5 amount, $1 threshold) before sending, and refuses non-approvers', async () => {
    env = await live();
    for (const text of ['autorecharge 4.99 10', 'autorecharge 5 0.99', 'autorecharge 50 when below 0.5']) {
      const [answer] = await env.command(bob, 'ml', text);
      expect(answer?.text).toContain('The recharge amount must be at least $5.00 and the threshold at least $1.00.');
    }
    const [ok] = await env.command(bob, 'ml', 'autorecharge 5 1');
    expect(ok?.text).toContain('now on: $5.00');
    const [member] = await env.command(alice, 'ml', 'autorecharge off');
    expect(member?.text).toBe('Only approvers can change auto-recharge.');
    expect((await env.billing.getAutoFunding()).enabled).toBe(true);
    const [junk] = await env.command(bob, 'ml', 'autorecharge lots');
    expect(junk?.text).toContain('Usage: /ml autorecharge');
    expect(env.sim.state.calls().filter((c) => c.path === '/wallet/auto-funding')).toHaveLength(1);
  });
});

describe('/ml audit', () => {
  it('gives approvers a CSV of every transition, escaped, with formulas neutralised and no payment URL', async () => {
    env = await live();
    const tricky: Actor = { ...alice, id: 'U-eve', name: '=HYPERLINK("http://x","y"), @eve' };
    await env.command(tricky, 'fund', '25 eval run');
    const id = env.lastRequestId();
    await env.click(bob, 'approve', id);
    const url = env.messenger.dmsTo('U-eve')[0]?.reply.buttons?.find((b) => b.kind === 'link');
    const [reply] = await env.command(bob, 'ml', 'audit');
    const file = reply?.attachment;
    expect(reply?.ephemeral).toBe(true);
    expect(file?.contentType).toBe('text/csv');
    expect(file?.filename).toMatch(/^mlbot-audit-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = file?.content.trimEnd().split('\r\n') ?? [];
    expect(lines[0]).toBe('time,request_id,purpose,from,to,actor,amount_usd,plan_id,session_ref,detail');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toContain(
      `,${id},fund,,awaiting_approval,"'=HYPERLINK(""http://x"",""y""), @eve (slack:U-eve)",25.00,,,needs approval`,
    );
    expect(lines[2]).toContain(`,${id},fund,awaiting_approval,approved,bob (slack:U-bob),25.00,`);
    expect(lines[4]).toMatch(/,awaiting_payment,,25\.00,,…[A-Za-z0-9]{8},link sent by DM/);
    expect(url?.kind === 'link' && file?.content.includes(url.url)).toBe(false);
    expect(file?.content).not.toContain('cs_test_');
  });

  it('refuses members, and takes 1 to 365 days', async () => {
    env = await live();
    const [member] = await env.command(alice, 'ml', 'audit');
    expect(member?.text).toBe('Only approvers can export the audit log.');
    expect(member?.attachment).toBeUndefined();
    const [tooMany] = await env.command(bob, 'ml', 'audit 366');
    expect(tooMany?.text).toContain('from 1 to 365');
    const [year] = await env.command(bob, 'ml', 'audit 365');
    expect(year?.title).toBe('Audit log, last 365 days');
  });

  it('neutralises every formula lead character and quotes what CSV needs quoted', () => {
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', 'plain'].map(csvCell)).toEqual([
      "'=1+1",
      "'+1",
      "'-1",
      "'@SUM(A1)",
      "'\tx",
      'plain',
    ]);
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"\nthen')).toBe('"say ""hi""\nthen"');
  });
});

describe('/ml panel', () => {
  it('lets an admin post a lasting panel of monthly plans; a member click opens a subscribe request', async () => {
    env = await live();
    const admin: Actor = { ...bob, isAdmin: true };
    const [answer] = await env.command(admin, 'ml', 'panel');
    expect(answer?.text).toBe('Panel posted.');
    const [panel] = env.messenger.channelPosts();
    expect(panel?.reply.ephemeral).toBeUndefined();
    const buttons = panel?.reply.buttons ?? [];
    expect(buttons.length).toBeLessThanOrEqual(10);
    expect(buttons.map((b) => b.label)).toEqual([
      'Basic · $29.00/month',
      'Standard · $49.00/month',
      'Premium · $99.00/month',
      'Imagen Pro · $79.00/month',
      'Enterprise Basic · $249.00/month',
    ]);
    const basic = buttons[0];
    await env.click(alice, 'pick_plan', basic?.kind === 'action' ? basic.value : '');
    const request = await env.stores.requests.get(env.lastRequestId());
    expect(request).toMatchObject({ purpose: 'subscribe', planId: 1, state: 'awaiting_approval' });
  });

  it('refuses non-admins, approvers included', async () => {
    env = await live();
    const [answer] = await env.command(bob, 'ml', 'panel');
    expect(answer?.text).toBe(
      'The subscribe panel is for Discord servers. On Slack, /ml-subscribe shows the plans as buttons.',
    );
    expect(env.messenger.channelPosts()).toEqual([]);
  });
});

describe('App Home and help', () => {
  it('shows the balance, open requests with their state and the recent receipts', async () => {
    env = await live({ watcher: 'on-demand' });
    await env.command(alice, 'fund', '30');
    const paidId = env.lastRequestId();
    await env.click(bob, 'approve', paidId);
    const link = env.messenger.dmsTo(alice.id)[0]?.reply.buttons?.find((b) => b.kind === 'link');
    env.sim.controls.markPaid(link?.kind === 'link' ? (link.url.split('/checkout/')[1] ?? '') : '');
    await env.onDemand.pollAll();
    await env.command(alice, 'fund', '15');
    const openId = env.lastRequestId();

    const [balance, open, receipts] = await env.engine.home(alice);
    expect(balance?.title).toBe('Balance: $72.50 USD');
    expect(open?.text).toBe(`${openId} · fund $15.00 · Awaiting approval · ⟦user:${alice.id}⟧`);
    expect(receipts?.text).toMatch(new RegExp(`UTC · \\$30\\.00 · ⟦user:${alice.id}⟧ · ${paidId}$`));
    expect(JSON.stringify([balance, open, receipts])).not.toContain('/checkout/');
  });

  it('lists every command with its usage and an example', async () => {
    env = await live();
    const [help] = await env.command(alice, 'ml', 'help');
    // Slack's help leaves out the Discord-only subscribe panel.
    const onSlack = COMMANDS.filter((c) => c.name !== 'panel');
    expect(help?.fields).toHaveLength(onSlack.length);
    for (const c of onSlack) {
      const field = help?.fields?.find((f) => f.label.startsWith(c.usage));
      expect(field?.value).toContain(`e.g. ${c.example}`);
    }
    const names = COMMANDS.map((c) => c.name);
    for (const n of ['transactions', 'invoices', 'coupon', 'autorecharge', 'audit', 'panel'])
      expect(names).toContain(n);
    expect(help?.fields?.find((f) => f.label.startsWith('/ml audit'))?.label).toBe('/ml audit [days] (approvers)');
  });
});
