/**
 * The one billing budget, counted at ModelsLab's door: the real simulator (15 billing calls a
 * minute, fixed windows) over loopback HTTP, the real client with its retries, the real memory
 * store's budget, the real watcher and engine wired by createBot, in simulated time. Whatever the
 * load (30 approvals at once while the watcher checks 20 open links; a 5xx outage), no rolling
 * 60 s holds more than 15 billing attempts at the door and ModelsLab never answers 429.
 */
import { describe, expect, it } from 'vitest';
import type { Actor, InboundEvent } from '../../src/core/shared/types.ts';
import { billingAttempts, busiestWindow } from '../support/billing-door.ts';
import { startBusyAccount } from './busy-account.ts';
import { bob } from './harness.ts';

const T0 = Date.UTC(2026, 11, 1, 9, 0);
const LIMIT = 15;
const PENDING = 20;

/**
 * A gateway in front of ModelsLab: its 5xx answers carry no X-RateLimit-* headers (a load balancer
 * failing does not know the limiter's count), so the bot cannot lean on them to stop in time.
 */
const gateway: typeof fetch = async (input, init) => {
  const res = await fetch(input, init);
  if (res.status < 500) return res;
  const headers = new Headers(res.headers);
  for (const name of [...headers.keys()]) if (name.startsWith('x-ratelimit')) headers.delete(name);
  return new Response(res.body, { status: res.status, headers });
};

async function setUp(options: { gateway?: boolean } = {}) {
  // 20 links opened before the bot starts (paced under the limit); the door is read from the start.
  const { clock, sim, stores, messenger, bot, settle, startedAt, event } = await startBusyAccount({
    start: T0,
    billingPerMin: LIMIT,
    pending: PENDING,
    // Production's retry rules (two retries of keyed calls), with a short backoff for the test.
    retry: { limit: 2, baseDelayMs: 1 },
    clientTakesBudget: true,
    ...(options.gateway ? { fetch: gateway } : {}),
    idleBeforeStartMs: 70_000,
    sweepIntervalMs: 30_000,
  });
  const b = bot;
  /** Handles the events together while simulated time moves on; each one's replies. */
  async function handleAll(events: Array<{ actor: Actor; e: Pick<InboundEvent, 'kind'> & Record<string, unknown> }>) {
    const responders = events.map(({ actor }) => messenger.responder(actor.id));
    let done = 0;
    const all = events.map(({ actor, e }, i) =>
      b.engine.handle({ ...event(actor), ...e } as InboundEvent, responders[i]!).finally(() => {
        done += 1;
      }),
    );
    for (let waited = 0; done < events.length && waited < 60_000; waited += 1_000) await clock.advance(1_000, settle);
    await Promise.all(all);
    return responders.map((r) => r.replies.map((x) => x.text).join('\n'));
  }
  const door = () => billingAttempts(sim.state.calls(), startedAt);
  const rateLimited = () => sim.state.calls().filter((c) => c.status === 429);
  return { clock, sim, stores, messenger, bot, settle, handleAll, door, rateLimited };
}

const requester = (n: number): Actor => ({ platform: 'slack', id: `U-req-${n}`, name: `req${n}`, isApprover: false });

describe('the billing budget at ModelsLab door', () => {
  it('30 approvals at once beside 20 watched links: never more than 15 calls in a rolling 60 s, no 429, the wait said', async () => {
    const env = await setUp();
    const people = Array.from({ length: 30 }, (_, n) => requester(n));
    await env.handleAll(
      people.map((actor, n) => ({ actor, e: { kind: 'command', command: 'fund', text: `$${20 + n} run ${n}` } })),
    );
    const waiting = (await env.stores.requests.listOpen()).filter((r) => r.state === 'awaiting_approval');
    expect(waiting).toHaveLength(30);

    const answers = await env.handleAll(
      waiting.map((r) => ({ actor: bob, e: { kind: 'action', action: 'approve', value: r.id, message: r.card } })),
    );
    // Those whose link waits for the bot's own budget are told so, with the wait; nobody hears "not answering".
    const told = answers.filter((a) =>
      /the bot's own budget of billing calls \(15 a minute for the whole account\) is used up.*frees up in about \d+ (seconds|minutes).*approval of \S+ is kept/s.test(
        a,
      ),
    );
    expect(told.length).toBeGreaterThan(0);
    expect(answers.join('\n')).not.toMatch(/not answering/);

    // The sweep creates the rest, inside the same budget.
    await env.clock.advance(6 * 60_000, env.settle);
    for (const r of waiting) expect((await env.stores.requests.get(r.id))?.state).toBe('awaiting_payment');
    const links = env.sim.state.calls().filter((c) => c.path === '/billing/payment-link' && c.status === 200);
    expect(new Set(links.map((c) => c.idempotencyKey)).size).toBe(PENDING + 30);
    expect(env.messenger.dmsTo(requester(0).id)).toHaveLength(1);

    const door = env.door();
    console.log(
      `30 approvals: ${door.length} billing calls at the door in ${(door.at(-1)! - door[0]!) / 1000} s, busiest 60 s: ${busiestWindow(door)}; told the wait: ${told.length}`,
    );
    expect(busiestWindow(door)).toBeLessThanOrEqual(LIMIT);
    expect(env.rateLimited()).toEqual([]);
  });

  it("30 approvals at once get their links at the budget's rate (15 a minute), the watcher's regular checks waiting behind them", async () => {
    const env = await setUp();
    const people = Array.from({ length: 30 }, (_, n) => requester(n));
    await env.handleAll(
      people.map((actor, n) => ({ actor, e: { kind: 'command', command: 'fund', text: `$${20 + n} run ${n}` } })),
    );
    const waiting = (await env.stores.requests.listOpen()).filter((r) => r.state === 'awaiting_approval');
    const approvedAt = env.clock.now();
    await env.handleAll(
      waiting.map((r) => ({ actor: bob, e: { kind: 'action', action: 'approve', value: r.id, message: r.card } })),
    );
    // Meanwhile a payer of an older link pays and clicks "I've paid": that check does not wait
    // behind the links.
    const seed = await env.stores.requests.get('req-seed-0');
    const seedSession = seed?.attempts[0]?.sessionId ?? '';
    env.sim.controls.markPaid(seedSession);
    const clickedAt = env.clock.now();
    env.bot.watcher.nudge(seedSession);
    await env.clock.advance(15_000, env.settle);
    const seedCheck = env.sim.state
      .calls()
      .find((c) => c.path === '/wallet/confirm-checkout' && c.at >= clickedAt && c.status === 200);
    expect(seedCheck, 'the "I\'ve paid" check').toBeDefined();
    expect((seedCheck?.at ?? Number.POSITIVE_INFINITY) - clickedAt).toBeLessThanOrEqual(10_000);
    expect((await env.stores.requests.get('req-seed-0'))?.state).toBe('paid');
    await env.clock.advance(6 * 60_000, env.settle);
    const created = env.sim.state
      .calls()
      .filter((c) => c.path === '/billing/payment-link' && c.status === 200 && c.at >= approvedAt)
      .map((c) => c.at)
      .sort((a, b) => a - b);
    expect(new Set(created).size).toBeGreaterThan(0);
    const last = (created.at(-1) ?? Number.NaN) - approvedAt;
    const perMinute = (created.length / Math.max(1, last)) * 60_000;
    console.log(`30 approvals: the 30th link after ${(last / 1000).toFixed(0)} s (${perMinute.toFixed(1)} a minute)`);
    expect(created).toHaveLength(30);
    // The budget's rate: 15 in any 62 s (60 s + margin), so the 30th at about 2 minutes, not the
    // 166-270 s of before, when the watcher's first checks of the links just sent took half the
    // budget and a link that gave up waited for the sweep's next 30 s tick.
    expect(last).toBeLessThanOrEqual(135_000);
    expect(busiestWindow(env.door())).toBeLessThanOrEqual(LIMIT);
    expect(env.rateLimited()).toEqual([]);
  });

  it('a 5xx outage: every retry takes from the budget, so the door never sees more than 15 a minute', async () => {
    const env = await setUp({ gateway: true });
    env.sim.controls.setFailureRate(1, 503);
    const people = Array.from({ length: 5 }, (_, n) => requester(n));
    await env.handleAll(
      people.map((actor, n) => ({ actor, e: { kind: 'command', command: 'fund', text: `$${20 + n} run ${n}` } })),
    );
    const waiting = (await env.stores.requests.listOpen()).filter((r) => r.state === 'awaiting_approval');
    await env.handleAll(
      waiting.map((r) => ({ actor: bob, e: { kind: 'action', action: 'approve', value: r.id, message: r.card } })),
    );
    await env.clock.advance(3 * 60_000, env.settle);
    const during = env.door();
    env.sim.controls.setFailureRate(0);
    await env.clock.advance(3 * 60_000, env.settle);
    for (const r of waiting) expect((await env.stores.requests.get(r.id))?.state).toBe('awaiting_payment');

    const door = env.door();
    const retried = env.sim.state.calls().filter((c) => c.status === 503);
    console.log(
      `5xx outage: ${during.length} billing calls at the door in the 3 min outage (${retried.length} answered 503), busiest 60 s overall: ${busiestWindow(door)}`,
    );
    expect(retried.length).toBeGreaterThan(LIMIT); // the outage was felt, and retried
    expect(busiestWindow(door)).toBeLessThanOrEqual(LIMIT);
    expect(env.rateLimited()).toEqual([]);
  });
});
