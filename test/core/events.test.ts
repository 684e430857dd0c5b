import { describe, expect, it } from 'vitest';
import { SANDBOX_LINE } from '../../src/core/shared/outbox.ts';
import { alice, bob, harness } from './harness.ts';

describe('duplicate deliveries and double clicks', () => {
  it('processes the same platform event once', async () => {
    const h = harness();
    await h.command(alice, 'fund', '50', 'slack-trigger-1');
    const second = await h.command(alice, 'fund', '50', 'slack-trigger-1');
    expect(second).toEqual([]);
    expect(h.requests.rows.size).toBe(1);
    expect(h.messenger.channelPosts()).toHaveLength(1);

    await h.click(bob, 'approve', 'req1', 'click-1');
    await h.click(bob, 'approve', 'req1', 'click-1');
    expect(h.messenger.dmsTo(alice.id)).toHaveLength(1);
    expect(h.audit.entries.filter((e) => e.to === 'approved')).toHaveLength(1);
  });

  it('answers a double click (two events, concurrently) with the current state, one link and one DM', async () => {
    const h = harness();
    await h.command(alice, 'fund', '50');
    const [first, second] = await Promise.all([h.click(bob, 'approve', 'req1'), h.click(bob, 'approve', 'req1')]);
    expect(first?.[0]?.text).toContain('Approved req1');
    expect(second?.[0]?.text).toContain('already in state: Awaiting payment');
    expect(h.billing.links.size).toBe(1);
    expect(h.messenger.dmsTo(alice.id)).toHaveLength(1);
  });

  it('posts one receipt when the watcher reports the same payment twice', async () => {
    const h = harness();
    await h.command(alice, 'fund', '50');
    await h.click(bob, 'approve', 'req1');
    const watch = h.watcher.watching.get('req1')!;
    const paid = { status: 'paid', alreadyConfirmed: false, balanceCents: 1 } as const;
    await Promise.all([h.engine.onCheckoutOutcome(watch, paid), h.engine.onCheckoutOutcome(watch, paid)]);
    await h.engine.onCheckoutOutcome(watch, { ...paid, alreadyConfirmed: true });
    const r = await h.request('req1');
    expect(h.messenger.threadPosts(r.card!)).toHaveLength(1);
    expect(h.audit.entries.filter((e) => e.to === 'paid')).toHaveLength(1);
  });
});

describe('per-user limit on new requests', () => {
  it('allows 5 a minute, then says when to try again', async () => {
    const h = harness();
    for (let i = 0; i < 5; i++) await h.command(alice, 'fund', '20');
    const [refusal] = await h.command(alice, 'fund', '20');
    expect(refusal?.text).toContain('You can open at most 5 requests every 60 seconds. Try again in 60 s.');
    expect(h.requests.rows.size).toBe(5);
    await h.command(bob, 'fund', '20');
    expect(h.requests.rows.size).toBe(6);
    await h.clock.advance(60_001);
    await h.command(alice, 'fund', '20');
    expect(h.requests.rows.size).toBe(7);
  });
});

describe('commands and replies', () => {
  it('marks every reply, card and DM in sandbox mode', async () => {
    const h = harness({ sandbox: true });
    await h.command(alice, 'fund', '50');
    await h.click(bob, 'approve', 'req1');
    await h.command(alice, 'ml', 'help');
    expect(h.messenger.log.length).toBeGreaterThan(4);
    for (const m of h.messenger.log) expect(m.reply.context).toContain(SANDBOX_LINE);
    const plain = harness();
    await plain.command(alice, 'fund', '50');
    for (const m of plain.messenger.log) expect(m.reply.context ?? []).not.toContain(SANDBOX_LINE);
  });

  it('lists the command table with examples', async () => {
    const h = harness();
    const [help] = await h.command(alice, 'ml', 'help');
    const usages = help?.fields?.map((f) => f.label);
    expect(usages).toEqual(
      expect.arrayContaining([
        '/ml-fund <amount> [note]',
        '/ml-subscribe [plan id or name]',
        '/ml-balance [public]',
        '/ml status',
        '/ml cancel <request id>',
      ]),
    );
    expect(help?.fields?.find((f) => f.label.startsWith('/ml-fund'))?.value).toContain('e.g. /ml-fund 50 eval run');
    const [unknown] = await h.command(alice, 'ml', 'frobnicate');
    expect(unknown?.text).toContain('There is no "/ml frobnicate" command.');
  });

  it('shows open requests with their state', async () => {
    const h = harness();
    await h.command(alice, 'fund', '50');
    await h.command(alice, 'fund', '75');
    await h.click(bob, 'approve', 'req2');
    const [status] = await h.command(bob, 'ml', 'status');
    expect(status?.title).toBe('Open requests (2)');
    expect(status?.text).toContain('req1 · fund $50.00 · Awaiting approval');
    expect(status?.text).toContain('req2 · fund $75.00 · Awaiting payment');
    expect(status?.ephemeral).toBe(true);
  });

  it('shows the balance privately, or to the channel with "public"', async () => {
    const h = harness();
    const [mine] = await h.command(alice, 'balance');
    expect(mine?.title).toBe('ModelsLab balance: $123.45');
    expect(mine?.ephemeral).toBe(true);
    const [shared] = await h.command(alice, 'balance', 'public');
    expect(shared?.ephemeral).toBeUndefined();
  });

  it('turns an unexpected failure into "Something went wrong (ref: …)"', async () => {
    const h = harness();
    h.messenger.beforeSend = (kind) => {
      if (kind === 'post') throw new Error('boom');
    };
    const [reply] = await h.command(alice, 'fund', '50');
    expect(reply?.text).toMatch(/^Something went wrong \(ref: [a-z0-9]{8}\)\.$/);
    expect(reply?.ephemeral).toBe(true);
  });

  it('answers subscribe with an unknown plan with the plans and the usage', async () => {
    const h = harness();
    const [reply] = await h.command(alice, 'subscribe', 'Platinum');
    expect(reply?.text).toContain('No plan matches "Platinum". Plans: 1 Basic, 2 Pro.');
    expect(reply?.text).toContain('Usage: /ml-subscribe [plan id or name]');
    await h.command(alice, 'subscribe', 'pro');
    expect((await h.request('req1')).planName).toBe('Pro');
  });
});
