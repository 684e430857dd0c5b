/**
 * One billing budget for the watcher and the engine, in simulated time: the real simulator over
 * loopback HTTP enforcing ModelsLab's 15 billing calls a minute, the real billing client, the
 * real memory budget, the real watcher and engine wired by createBot.
 */
import { describe, expect, it } from 'vitest';
import type { ActionName, Actor, CommandName, InboundEvent } from '../../src/core/shared/types.ts';
import { startBusyAccount } from './busy-account.ts';
import { alice, bob } from './harness.ts';

const T0 = Date.UTC(2026, 10, 29, 12, 0);
const PENDING = 50;

async function setUp(options: { sweepIntervalMs?: number } = {}) {
  // 50 checkouts opened over the last minutes (at 12 links a minute, within ModelsLab's limit).
  const { clock, sim, stores, messenger, bot, settle, event } = await startBusyAccount({
    start: T0,
    billingPerMin: 15,
    pending: PENDING,
    retry: { limit: 0 },
    sweepIntervalMs: options.sweepIntervalMs,
  });
  // The watcher's first checks of 50 links: it wants far more than 15 calls a minute.
  await clock.advance(30_000, settle);

  /** Handles one event while simulated time moves on (a budget wait runs on the clock's timers). */
  async function handle(
    actor: Actor,
    e: { kind: 'command'; command: CommandName; text: string } | { kind: 'action'; action: ActionName; value: string },
    forMs = 20_000,
  ) {
    const responder = messenger.responder(actor.id);
    let done = false;
    // A click arrives on the message that shows the button, as on a real platform.
    const message = e.kind === 'action' ? messenger.messageWithButton(e.action, e.value, actor.id) : undefined;
    const inbound = { ...event(actor), ...e, ...(message ? { message } : {}) } as InboundEvent;
    const handled = bot.engine.handle(inbound, responder).finally(() => {
      done = true;
    });
    for (let waited = 0; !done && waited < forMs; waited += 1_000) await clock.advance(1_000, settle);
    await handled;
    return responder.replies;
  }
  const linkCalls = (key: string) =>
    sim.state.calls().filter((c) => c.path.endsWith('/billing/payment-link') && c.idempotencyKey === key);
  const rateLimited = () => sim.state.calls().filter((c) => c.status === 429);
  return { clock, sim, stores, messenger, bot, handle, settle, linkCalls, rateLimited };
}

describe('one billing budget for the watcher and the engine', () => {
  it('an Approve gets its link while the watcher checks 50 pending checkouts, with no 429', async () => {
    const env = await setUp();
    await env.handle(alice, { kind: 'command', command: 'fund', text: '$20 eval run' });
    const id = (await env.stores.requests.listOpen()).find((r) => r.state === 'awaiting_approval')!.id;
    const clickedAt = env.clock.now();
    const answers = await env.handle(bob, { kind: 'action', action: 'approve', value: id });

    expect((await env.stores.requests.get(id))?.state).toBe('awaiting_payment');
    expect(env.messenger.dmsTo(alice.id)).toHaveLength(1);
    const created = env.linkCalls(`paylink-${id}-1`);
    expect(created.map((c) => c.status)).toEqual([200]);
    console.log(
      `approve under a busy watcher: link after ${(created[0]!.at - clickedAt) / 1000} s, answers ${answers.length}; ` +
        `confirm calls so far ${env.sim.state.calls().filter((c) => c.path.includes('confirm-checkout')).length}`,
    );
    // People's calls come first: the watcher's takes always leave one call for them (bot.ts).
    expect(created[0]!.at - clickedAt).toBeLessThanOrEqual(5_000);
    expect(env.rateLimited()).toEqual([]);
    // The watcher kept checking meanwhile.
    await env.clock.advance(60_000, env.settle);
    expect(env.rateLimited()).toEqual([]);
  });

  it('when the budget stays empty past the bound, Approve answers "busy" and the sweep creates the one session later', async () => {
    const env = await setUp({ sweepIntervalMs: 30_000 });
    await env.handle(alice, { kind: 'command', command: 'fund', text: '$20 eval run' });
    const id = (await env.stores.requests.listOpen()).find((r) => r.state === 'awaiting_approval')!.id;
    // Another process (or a 429's Retry-After) holds the account's window for 40 s.
    await env.bot.budget.blockUntil(env.clock.now() + 40_000);
    const answers = await env.handle(bob, { kind: 'action', action: 'approve', value: id }, 5_000);

    // ModelsLab's limit, not an outage, and not the bot's own budget: said as such, with the wait.
    expect(answers.map((a) => a.text).join('\n')).toMatch(
      /ModelsLab's limit of billing calls for this account is used up.*in about 40 seconds.*approval of \S+ is kept/s,
    );
    expect((await env.stores.requests.get(id))?.state).toBe('approved');
    expect(env.linkCalls(`paylink-${id}-1`)).toEqual([]);

    await env.clock.advance(90_000, env.settle);
    expect((await env.stores.requests.get(id))?.state).toBe('awaiting_payment');
    const created = env.linkCalls(`paylink-${id}-1`);
    expect(created.map((c) => c.status)).toEqual([200]);
    const sessions = env.sim.state.sessions().filter((s) => s.amount === 20);
    expect(sessions.length).toBe(PENDING + 1);
    expect(env.messenger.dmsTo(alice.id)).toHaveLength(1);
    expect(env.rateLimited()).toEqual([]);
  });
});
