/** `/ml status` subscriptions and the approver-only Pause / Resume / Change plan, with confirmation. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/shared/reply.ts';
import { alice, bob, carol } from './harness.ts';
import { live } from './live.ts';

type Live = Awaited<ReturnType<typeof live>>;
let env: Live | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

function button(reply: Reply | undefined, label: string) {
  const b = reply?.buttons?.find((x) => x.label === label);
  if (b?.kind !== 'action') throw new Error(`no ${label} button in ${JSON.stringify(reply?.buttons)}`);
  return b;
}

async function subStatus(e: Live) {
  const [sub] = await e.billing.listSubscriptions();
  return sub;
}

describe('/ml status with subscriptions', () => {
  it('shows subscriptions with status and period end; only approvers get the buttons', async () => {
    env = await live();
    await env.command(alice, 'fund', '20');
    const [forMember] = await env.command(alice, 'ml', 'status');
    expect(forMember?.text).toContain('fund $20.00 · Awaiting approval');
    const subs = forMember?.fields?.find((f) => f.label === 'Subscriptions')?.value ?? '';
    expect(subs).toMatch(
      /^#501 Standard \(monthly\) · \$49\.00\/month · active · period \d{1,2} [A-Z][a-z]{2} \d{4} – \d{1,2} [A-Z][a-z]{2} \d{4}$/,
    );
    // The member's own request has its Cancel (test/core/status-actions.test.ts); no subscription buttons.
    expect(forMember?.buttons?.filter((b) => b.kind === 'action' && b.action === 'sub_manage')).toEqual([]);
    const [forApprover] = await env.command(bob, 'ml', 'status');
    const subButtons = forApprover?.buttons?.filter((b) => b.kind === 'action' && b.action === 'sub_manage');
    expect(subButtons?.map((b) => b.label)).toEqual([
      'Pause #501 Standard (monthly)',
      'Change plan of #501 Standard (monthly)',
    ]);
    expect(button(forApprover, 'Pause #501 Standard (monthly)')).toMatchObject({
      action: 'sub_manage',
      value: 'pause:501',
    });
  });
});

describe('subscription management', () => {
  it('pauses after a confirm step, posts the outcome, and Resume brings it back', async () => {
    env = await live();
    const [confirm] = await env.click(bob, 'sub_manage', 'pause:501');
    expect(confirm?.text).toMatch(
      /^Pause #501 Standard \(monthly\), \$49\.00\/month, period from \d{1,2} [A-Z][a-z]{2} \d{4}\? It stays paused until an approver clicks Resume\.$/,
    );
    expect((await subStatus(env))?.status).toBe('active');
    const done = await env.clickOn(bob, 'sub_confirm', button(confirm, 'Confirm').value, {
      canReplace: true,
      message: { platform: 'slack', channelId: 'C-general', messageId: 'confirm-1' },
    });
    expect(done.replaced[0]?.text).toBe('Done: pause #501 Standard (monthly).');
    expect((await subStatus(env))?.status).toBe('paused');
    const [post] = env.messenger.channelPosts();
    expect(post?.reply.text).toMatch(
      /^⟦user:U-bob⟧ paused #501 Standard \(monthly\), \$49\.00\/month, period from .+; it resumes when an approver clicks Resume \(\/ml status\)\.$/,
    );
    const key = env.sim.state.calls().find((c) => c.path === '/subscriptions/501/pause')?.idempotencyKey;
    expect(key).toBe('sub-pause-501-confirm-1');

    // A second click on the same Confirm finds it paused: nothing is called, nothing posted.
    const [again] = await env.click(carol, 'sub_confirm', 'pause:501');
    expect(again?.text).toBe('#501 Standard (monthly) is already paused. Nothing changed.');
    expect(env.messenger.channelPosts()).toHaveLength(1);

    const [status] = await env.command(carol, 'ml', 'status');
    const resume = button(status, 'Resume #501 Standard (monthly)');
    const [confirmResume] = await env.click(carol, 'sub_manage', resume.value);
    await env.click(carol, 'sub_confirm', button(confirmResume, 'Confirm').value);
    expect((await subStatus(env))?.status).toBe('active');
    expect(env.messenger.channelPosts()[1]?.reply.text).toMatch(
      /resumed #501 Standard \(monthly\), \$49\.00\/month, period from .+; the current period ends \d{1,2} [A-Z][a-z]{2} \d{4}\.$/,
    );
  });

  it('changes plan: the plans as buttons, then confirm, then the outcome in the channel', async () => {
    env = await live();
    const [picker] = await env.click(bob, 'sub_manage', 'change:501');
    const labels = picker?.buttons?.map((b) => b.label) ?? [];
    expect(labels).toContain('Premium · $99.00/month');
    expect(labels).not.toContain('Standard · $49.00/month');
    expect(labels).not.toContain('Extra API Calls · $10.00/month');
    const [confirm] = await env.click(bob, 'sub_manage', button(picker, 'Premium · $99.00/month').value);
    expect(confirm?.text).toMatch(
      /^Change #501 Standard \(monthly\) from \$49\.00\/month to Premium \(monthly\) at \$99\.00\/month\? Its current period began \d{1,2} [A-Z][a-z]{2} \d{4}\. It takes effect at once; from the renewal on \d{1,2} [A-Z][a-z]{2} \d{4} the subscription costs \$99\.00\/month instead of \$49\.00\/month\.$/,
    );
    expect((await subStatus(env))?.planId).toBe(2);
    await env.click(bob, 'sub_confirm', button(confirm, 'Confirm').value);
    expect((await subStatus(env))?.planId).toBe(3);
    expect(env.messenger.channelPosts()[0]?.reply.text).toMatch(
      /^⟦user:U-bob⟧ changed #501 Standard \(monthly\), \$49\.00\/month, period from .+ to Premium \(monthly\) at \$99\.00\/month\. It takes effect at once; from the renewal on .+ the subscription costs \$99\.00\/month\.$/,
    );
    const audit = (await env.stores.audit.list(0)).filter((e) => e.purpose === 'subscription');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: { id: bob.id }, planId: 3, to: 'done' });
  });

  it("refuses a non-approver's clicks with the rule, and nothing changes", async () => {
    env = await live();
    for (const [action, value] of [
      ['sub_manage', 'pause:501'],
      ['sub_confirm', 'pause:501'],
      ['sub_confirm', 'change:501:3'],
    ] as const) {
      const [answer] = await env.click(alice, action, value);
      expect(answer?.text).toBe('Only approvers can pause, resume or change the subscription.');
    }
    const sub = await subStatus(env);
    expect(sub).toMatchObject({ status: 'active', planId: 2 });
    expect(env.messenger.channelPosts()).toEqual([]);
    expect(env.sim.state.calls().filter((c) => c.method !== 'GET')).toEqual([]);
  });

  it('answers unknown subscriptions, unknown plans and forged values without calling ModelsLab to change', async () => {
    env = await live();
    expect((await env.click(bob, 'sub_manage', 'pause:999'))[0]?.text).toContain('#999 no longer exists');
    expect((await env.click(bob, 'sub_confirm', 'change:501:77'))[0]?.text).toContain('no longer offered');
    expect((await env.click(bob, 'sub_confirm', 'pause:501:3'))[0]?.text).toContain('broken');
    expect((await env.click(bob, 'sub_confirm', 'resume:501'))[0]?.text).toBe(
      '#501 Standard (monthly) is active, not paused. Nothing changed.',
    );
    expect(env.sim.state.calls().filter((c) => c.method !== 'GET')).toEqual([]);
  });
});
