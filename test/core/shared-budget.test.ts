/**
 * One billing budget for the watcher and the engine, in simulated time: the real simulator over
 * loopback HTTP enforcing ModelsLab's 15 billing calls a minute, the real billing client, the
 * real memory budget, the real watcher and engine wired by createBot.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ModelsLabBilling, ModelsLabClient } from '../../src/billing/index.ts';
import { type Bot, createBot } from '../../src/bot.ts';
import { ManualClock } from '../../src/core/shared/manual-clock.ts';
import { makePolicy } from '../../src/core/shared/policy.ts';
import { type RateBudget, silentLogger } from '../../src/core/shared/ports.ts';
import type { ActionName, Actor, CommandName, InboundEvent } from '../../src/core/shared/types.ts';
import { createSimulator, type Simulator } from '../../src/sandbox/index.ts';
import { createStores, type Stores } from '../../src/store/index.ts';
import { honourRateLimitHeaders } from '../../src/watcher/index.ts';
import { countingInFlight, settleInFlight } from '../support/in-flight.ts';
import { RecordingMessenger } from '../support/recording-messenger.ts';
import { awaitingPayment } from '../watcher/harness.ts';
import { alice, bob } from './harness.ts';

const T0 = Date.UTC(2026, 10, 29, 12, 0);
const PENDING = 50;

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function setUp(options: { sweepIntervalMs?: number } = {}) {
  const clock = new ManualClock(T0);
  const sim: Simulator = createSimulator({ clock, billingPerMin: 15 });
  const { apiUrl } = await sim.start(0);
  let budget: RateBudget | undefined;
  const client = new ModelsLabClient({
    baseUrl: apiUrl,
    token: 'sandbox-token',
    clock,
    retry: { limit: 0 },
    onCall: honourRateLimitHeaders(() => budget),
  });
  const raw = countingInFlight(new ModelsLabBilling(client));
  const stores: Stores = await createStores('memory://', { clock });
  const messenger = new RecordingMessenger('slack');
  let bot: Bot | undefined;
  close = async () => {
    await bot?.stop();
    await stores.close();
    await sim.stop();
  };
  const settle = settleInFlight(raw.inFlight);

  // 50 checkouts opened over the last minutes (at 12 links a minute, within ModelsLab's limit).
  for (let n = 0; n < PENDING; n++) {
    const link = await raw.port.createPaymentLink({ purpose: 'fund', amountCents: 2_000 }, `seed-${n}`);
    await stores.requests.put(awaitingPayment(`req-seed-${n}`, link.sessionId, clock.now(), link.expiresAt));
    await clock.advance(5_000, settle);
  }
  bot = createBot({
    billing: raw.port,
    stores,
    messengers: new Map([['slack', messenger]]),
    clock,
    logger: silentLogger,
    policy: makePolicy({ sandbox: true }),
    billingPerMinute: 15,
    ...(options.sweepIntervalMs ? { sweepIntervalMs: options.sweepIntervalMs } : {}),
  });
  budget = bot.budget;
  await bot.start();
  // The watcher's first checks of 50 links: it wants far more than 15 calls a minute.
  await clock.advance(30_000, settle);

  let seq = 0;
  const event = (actor: Actor) => ({
    platform: 'slack' as const,
    eventId: `ev-${++seq}`,
    actor,
    conversation: { platform: 'slack' as const, channelId: 'C-general' },
    receivedAt: clock.now(),
  });
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
    const handled = bot!.engine.handle(inbound, responder).finally(() => {
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
