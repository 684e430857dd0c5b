/**
 * Duplicate subscriptions (issue 13, defect 2): a plan the account already has is refused with
 * the rule at the command, at the plan button and again before the payment link; an add-on
 * (which stacks) asks for an explicit "Subscribe again"; several subscriptions are told apart.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/shared/reply.ts';
import { alice, bob, carol } from './harness.ts';
import { live, startSim } from './live.ts';

type Live = Awaited<ReturnType<typeof live>>;
type Sim = Awaited<ReturnType<typeof startSim>>;
let env: Live | undefined;
let sim: Sim | undefined;
afterEach(async () => {
  await env?.close();
  await sim?.sim.stop();
  env = undefined;
  sim = undefined;
});

/** Someone subscribes on the ModelsLab dashboard (a saved card), outside the bot. */
async function subscribeOnModelsLab(apiUrl: string, planId: number): Promise<number> {
  const res = await fetch(`${apiUrl}/subscriptions`, {
    method: 'POST',
    headers: { authorization: 'Bearer sandbox-token', 'content-type': 'application/json' },
    body: JSON.stringify({ plan_id: planId, payment_method_id: 'pm_1SeedVisa4242' }),
  });
  const body = (await res.json()) as { data: { subscription: { id: number } } };
  return body.data.subscription.id;
}

async function withSharedSim(): Promise<{ env: Live; apiUrl: string }> {
  sim = await startSim();
  env = await live({ shared: sim, policy: { newRequestLimit: { count: 100, windowMs: 60_000 } } });
  return { env, apiUrl: sim.apiUrl };
}

function linkCalls(e: Live) {
  return e.sim.state.calls().filter((c) => c.path === '/billing/payment-link');
}

function actionButton(reply: Reply | undefined, label: string) {
  const b = reply?.buttons?.find((x) => x.label === label);
  if (b?.kind !== 'action') throw new Error(`no ${label} button in ${JSON.stringify(reply?.buttons)}`);
  return b;
}

describe('a plan the account already has', () => {
  it('/ml-subscribe Standard is refused with the rule, naming the subscription; nothing is opened', async () => {
    env = await live();
    const [answer] = await env.command(alice, 'subscribe', 'Standard');
    expect(answer?.tone).toBe('warning');
    expect(answer?.text).toMatch(/^The account already has #501 Standard \(monthly\), \$49\.00\/month, period from /);
    expect(answer?.text).toContain('would be billed twice');
    expect(answer?.text).toContain('Change plan in /ml status');
    expect(env.messenger.channelPosts()).toEqual([]);
    expect(await env.stores.requests.listOpen()).toEqual([]);
  });

  it('the plan picker says which plans the account has and offers no button for a held main plan', async () => {
    env = await live();
    const [picker] = await env.command(alice, 'subscribe');
    const labels = picker?.buttons?.map((b) => b.label) ?? [];
    expect(labels).not.toContain('Standard · $49.00/month');
    expect(labels).toContain('Premium · $99.00/month');
    const standard = picker?.fields?.find((f) => f.label === 'Standard · $49.00/month');
    expect(standard?.value).toMatch(/^The account has it: #501 \(active\)\. Change plan in \/ml status switches it\./);
  });

  it('the plan button of a held plan is refused the same way', async () => {
    env = await live();
    const [answer] = await env.click(alice, 'pick_plan', '2');
    expect(answer?.text).toMatch(/^The account already has #501 Standard/);
    expect(env.messenger.channelPosts()).toEqual([]);
  });

  it('a second open request for the same plan is refused, naming the first', async () => {
    env = await live({ policy: { newRequestLimit: { count: 100, windowMs: 60_000 } } });
    await env.command(alice, 'subscribe', 'Premium');
    const first = env.lastRequestId();
    const [second] = await env.command(bob, 'subscribe', 'Premium');
    expect(second?.text).toBe(
      `Request ${first} for Premium is already open (Awaiting approval). /ml status shows it; cancel it there if it is not wanted.`,
    );
    expect(env.messenger.channelPosts()).toHaveLength(1);
  });

  it('is checked again before the link: subscribed meanwhile, the approved request fails and no link is made', async () => {
    const { env: e, apiUrl } = await withSharedSim();
    await e.command(alice, 'subscribe', 'Premium');
    const id = e.lastRequestId();
    const subId = await subscribeOnModelsLab(apiUrl, 3);
    const replies = await e.click(bob, 'approve', id);
    expect(await e.stateOf(id)).toBe('failed');
    expect(linkCalls(e)).toEqual([]);
    expect(e.messenger.dmsTo(alice.id)).toEqual([]);
    const request = await e.stores.requests.get(id);
    expect(request?.reason).toContain(`already has #${subId} Premium (monthly), $99.00/month`);
    expect(replies.map((r) => r.text).join('\n')).toContain(`${id} was not sent for payment`);
  });

  it('two requests approved side by side: the second is not sent for payment once the first has a link', async () => {
    env = await live();
    await env.command(alice, 'subscribe', 'Premium');
    const first = env.lastRequestId();
    // A second request for Premium that got past the command check in the same instant.
    const twin = structuredClone(await env.stores.requests.get(first))!;
    await env.stores.requests.put({ ...twin, id: 'rtwin00001', requester: bob, payer: bob });
    await env.click(carol, 'approve', first);
    expect(await env.stateOf(first)).toBe('awaiting_payment');
    await env.click(carol, 'approve', 'rtwin00001');
    expect(await env.stateOf('rtwin00001')).toBe('failed');
    expect((await env.stores.requests.get('rtwin00001'))?.reason).toBe(
      `Request ${first} for Premium already has a payment link; paying both would subscribe twice. Nothing was charged.`,
    );
    expect(linkCalls(env)).toHaveLength(1);
  });
});

describe('an add-on the account already has', () => {
  it('asks "Subscribe again?" with both subscriptions named, and the explicit click opens the request', async () => {
    const { env: e, apiUrl } = await withSharedSim();
    const held = await subscribeOnModelsLab(apiUrl, 8);
    const [ask] = await e.command(alice, 'subscribe', 'Extra API Calls');
    expect(ask?.text).toMatch(new RegExp(`^#${held} Extra API Calls \\(monthly\\), \\$10\\.00/month, period from `));
    expect(ask?.text).toContain('Add-ons stack');
    expect(e.messenger.channelPosts()).toEqual([]);
    const again = actionButton(ask, 'Subscribe again');
    expect(again.value).toBe('8:again');
    await e.click(alice, 'pick_plan', again.value);
    const card = e.messenger.channelPosts()[0];
    expect(card?.reply.title).toBe('Subscription request · Extra API Calls');
    // Stacking is what the member confirmed: the check before the link lets it through.
    await e.click(bob, 'approve', e.lastRequestId());
    expect(await e.stateOf(e.lastRequestId())).toBe('awaiting_payment');
    expect(linkCalls(e)).toHaveLength(1);
  });

  it('/ml status tells several subscriptions apart by id on every button', async () => {
    const { env: e, apiUrl } = await withSharedSim();
    const held = await subscribeOnModelsLab(apiUrl, 8);
    const [status] = await e.command(bob, 'ml', 'status');
    const labels = status?.buttons?.map((b) => b.label) ?? [];
    expect(labels).toEqual([
      'Pause #501 Standard (monthly)',
      'Change plan of #501 Standard (monthly)',
      `Pause #${held} Extra API Calls (monthly)`,
      `Change plan of #${held} Extra API Calls (monthly)`,
    ]);
    expect(new Set(labels).size).toBe(labels.length);
  });
});
