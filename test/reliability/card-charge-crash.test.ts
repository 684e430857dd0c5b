/**
 * kill -9 in the middle of a card-on-file charge (issue 18 part 1: "exactly one credit per attempt
 * across crashes"). The real bot (`src/entry/main.ts`) as a child process on a sqlite file, the
 * simulator and the fake Slack in this process behind holding proxies (support/slack-world.ts).
 *
 * Where the kill lands. The simulator's own faults do not give a kill window after the charge
 * was applied: `latencyMs` and `hangNext` act BEFORE the handler runs (nothing applied), and
 * `malformedNext` answers at once (applied, garbled), so the bot is never left waiting. The
 * holding proxy in front of the simulator does: `after` delivers `POST /wallet/fund` (the wallet
 * is credited) and withholds the answer; `before` keeps the call from ever reaching ModelsLab.
 * The bot is killed while the call hangs (well inside the client's 10 s timeout, so no retry of
 * the first process interferes).
 *
 * Then a second process on the same store must replay the SAME idempotency key (the simulator
 * records each call's key), and: one credit, the request paid, one receipt in the card's thread
 * naming the card and the approver, the payer's DM edited, and no further charge on later sweeps.
 *
 * Cancel after the restart: start-up waits for the resume's replay up to RESUME_WAIT_MS
 * (src/bounded-resume.ts) and then serves, so a click can come while a slow replay is still out;
 * it waits on the request's lock. The case here is ModelsLab being down at the restart, the
 * replay failing and the next one a minute away (CHARGE_FOLLOW_MS): that case takes about 65 s,
 * the others 5–40 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import { buttonsIn, clickButton, findButton, sendSlashCommand } from '../../fakes/slack/driver.ts';
import type { StoredMessage } from '../../fakes/slack/fake-slack.ts';
import type { PaymentRequest } from '../../src/core/requests/request.ts';
import { createStores } from '../../src/store/index.ts';
import { BotProcess, killAllBots } from './support/bot-process.ts';
import type { ProxiedCall } from './support/holding-proxy.ts';
import { APPROVER, BOT_TOKEN, CHANNEL, SECRET, SlackWorld } from './support/slack-world.ts';

const PAYER = 'U0PAYER';
const BUTTON = 'Charge card on file ••4242';
/** The bot's sweep runs every 30 s (src/bot.ts DEFAULT_SWEEP_MS); a replay waits 60 s (CHARGE_FOLLOW_MS). */
const PAST_ONE_SWEEP_MS = 32_000;

const dirs: string[] = [];
let world: SlackWorld | undefined;

afterEach(async () => {
  await killAllBots();
  await world?.close();
  world = undefined;
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function newStore(): { path: string; url: string } {
  const dir = mkdtempSync(join(tmpdir(), 'mlbot-card-crash-'));
  dirs.push(dir);
  const path = join(dir, 'bot.sqlite');
  return { path, url: `sqlite://${path}` };
}

const shown = (m: StoredMessage) => `${m.text}\n${JSON.stringify(m.blocks)}`;
const labels = (m: StoredMessage) => buttonsIn(m.blocks).map((b) => b.label);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Chargeable {
  readonly id: string;
  readonly dm: StoredMessage;
}

/** Request a $50 top-up, approve it, wait for the payer's link DM and the card's charge button. */
async function chargeable(w: SlackWorld, bot: BotProcess, what: string): Promise<Chargeable> {
  expect((await w.command(bot.url, PAYER, `50 ${what}`)).status).toBe(200);
  const [id] = await w.waitFor(() => [...w.cards()].find(([, c]) => c.text.includes(what)), 'the request card');
  await w.click(bot.url, APPROVER, w.card(id), 'Approve');
  const dm = await w.waitFor(() => w.linkDms(PAYER, id)[0], 'the link DM');
  // The card lookup runs after the link: the button comes second.
  await w.waitFor(() => labels(w.card(id)).includes(BUTTON), 'the charge button');
  return { id, dm };
}

const chargeKey = (id: string, n = 1) => `charge-${id}-${n}`;
const isCharge = (key: string) => (c: ProxiedCall) => c.method === 'POST' && c.headers['idempotency-key'] === key;

/**
 * Click the charge, and kill -9 the bot once ModelsLab applied it (the wallet is credited) and
 * before the answer reached the bot: the answer is held by the proxy, then dropped.
 */
async function killAfterApplied(w: SlackWorld, bot: BotProcess, id: string): Promise<void> {
  const held = w.simProxy.hold(isCharge(chargeKey(id)), 'after');
  await w.click(bot.url, APPROVER, w.card(id), BUTTON);
  await held;
  await bot.kill9();
  w.simProxy.dropHeld();
}

/** Every call that reached the simulator's POST /wallet/fund for a card charge of this request. */
function fundCalls(w: SlackWorld, id: string) {
  return w.sim.state
    .calls()
    .filter(
      (c) => c.method === 'POST' && c.path.startsWith('/wallet/fund') && c.idempotencyKey?.startsWith(`charge-${id}-`),
    );
}

async function storedRequest(storeUrl: string, id: string): Promise<PaymentRequest | undefined> {
  const stores = await createStores(storeUrl);
  try {
    return await stores.requests.get(id);
  } finally {
    await stores.close();
  }
}

/**
 * A click whose private answers (response_url posts, ephemeral posts) can be read afterwards.
 * `stale`: click the message as first posted (a client that has not refreshed).
 */
async function clickForAnswer(
  w: SlackWorld,
  botUrl: string,
  userId: string,
  message: StoredMessage,
  label: string,
  stale?: { text: string; blocks: unknown[] },
) {
  const current = stale ? { ...message, ...stale } : (w.fake.message(message.channel, message.ts) ?? message);
  const responseId = `r-${userId}-${Date.now()}`;
  const before = w.fake.messages(CHANNEL).filter((m) => m.ephemeralFor === userId).length;
  await clickButton(
    `${botUrl}/slack/events`,
    {
      userId,
      channelId: current.channel,
      message: { ts: current.ts, text: current.text, blocks: current.blocks },
      button: findButton(current.blocks, label),
      responseUrl: w.fake.responseUrl(responseId),
    },
    { secret: SECRET },
  );
  return () => [
    ...w.fake.responses(responseId).map((r) => `${String(r.body.text ?? '')} ${JSON.stringify(r.body.blocks ?? [])}`),
    ...w.fake
      .messages(CHANNEL)
      .filter((m) => m.ephemeralFor === userId)
      .slice(before)
      .map(shown),
  ];
}

/** What a person sees once the charge landed: paid card, one receipt by the approver, the DM edited. */
async function expectPaidByCard(w: SlackWorld, id: string, dm: StoredMessage, startBalance: number) {
  await w.waitFor(() => shown(w.card(id)).includes('Paid with the card on file visa ••4242'), 'card says paid', 15_000);
  await w.waitFor(() => w.thread(id).length > 0, 'the receipt', 10_000);
  await w.waitFor(() => shown(w.fake.message(dm.channel, dm.ts) ?? dm).includes('no longer needed'), 'DM edited');
  expect(shown(w.card(id))).toContain(`by <@${APPROVER}>`);
  expect(labels(w.card(id))).not.toContain(BUTTON);
  const thread = w.thread(id);
  expect(thread).toHaveLength(1);
  expect(shown(thread[0] as StoredMessage)).toContain(`Charged to the card on file visa ••4242 by <@${APPROVER}>`);
  const payerDm = w.fake.message(dm.channel, dm.ts) ?? dm;
  expect(buttonsIn(payerDm.blocks).some((b) => b.url?.includes('/checkout/'))).toBe(false);
  expect(w.sim.state.cardCredits()).toBe(1);
  expect(w.sim.state.balance()).toBeCloseTo(startBalance + 50, 2);
}

it('kill -9 after ModelsLab applied the charge, before the bot heard: the restart replays the same key, one credit', async () => {
  world = await SlackWorld.start();
  const w = world;
  const store = newStore();
  const startBalance = w.sim.state.balance();
  const a = await BotProcess.start(w.env(store.url), 'bot A');
  const { id, dm } = await chargeable(w, a, 'answer lost');

  await killAfterApplied(w, a, id);
  // Applied at ModelsLab, unknown to the bot: the wallet is credited and the answer was lost.
  expect(fundCalls(w, id).map((c) => c.idempotencyKey)).toEqual([chargeKey(id)]);
  expect(w.sim.state.cardCredits()).toBe(1);

  // The attempt was persisted before the call and has no outcome: the next process owes a replay.
  const saved = await storedRequest(store.url, id);
  expect(saved?.state).toBe('awaiting_payment');
  expect(saved?.charges?.map((c) => ({ key: c.idempotencyKey, outcome: c.outcome }))).toEqual([
    { key: chargeKey(id), outcome: undefined },
  ]);

  const b = await BotProcess.start(w.env(store.url), 'bot B');
  await expectPaidByCard(w, id, dm, startBalance);
  // The replay carried the same key: two calls at ModelsLab, one key, one credit.
  expect(fundCalls(w, id).map((c) => c.idempotencyKey)).toEqual([chargeKey(id), chargeKey(id)]);
  expect((await storedRequest(store.url, id))?.state).toBe('paid');

  // Later sweeps charge nothing more and post nothing more.
  await sleep(PAST_ONE_SWEEP_MS);
  expect(fundCalls(w, id)).toHaveLength(2);
  expect(w.sim.state.cardCredits()).toBe(1);
  expect(w.thread(id)).toHaveLength(1);
  expect(w.sim.state.balance()).toBeCloseTo(startBalance + 50, 2);
  expect(b.log()).toContain('replaying an unanswered card charge with its key');
  expect(await b.stop()).toBe(0);
  // The payment URL stayed in the payer's DM; no secret reached either process's log.
  const url = w.urlOf(dm);
  for (const bot of [a, b])
    for (const secret of ['sandbox-token', BOT_TOKEN, SECRET, url]) expect(bot.log()).not.toContain(secret);
  for (const m of w.fake.messages(CHANNEL)) expect(shown(m)).not.toContain(url);
}, 90_000);

it('ModelsLab holds the replay at the restart: the bot serves a command meanwhile, then the replay lands once', async () => {
  world = await SlackWorld.start();
  const w = world;
  const store = newStore();
  const startBalance = w.sim.state.balance();
  const a = await BotProcess.start(w.env(store.url), 'bot A');
  const { id, dm } = await chargeable(w, a, 'slow restart');
  await killAfterApplied(w, a, id);

  // The restart's replay never reaches ModelsLab until its connection drops (the client's 10 s
  // timeout). Start-up waits for the resume a bounded time (src/bounded-resume.ts), then serves.
  const replay = w.simProxy.hold(isCharge(chargeKey(id)), 'before');
  const b = await BotProcess.start(w.env(store.url), 'bot B');
  await replay;
  const responseId = `r-help-${Date.now()}`;
  await sendSlashCommand(
    `${b.url}/slack/events`,
    { command: '/ml', text: 'help', userId: PAYER, channelId: CHANNEL, responseUrl: w.fake.responseUrl(responseId) },
    { secret: SECRET },
  );
  await w.waitFor(() => w.fake.responses(responseId)[0], 'the answer to /ml help', 5_000);
  // Answered while the replay was still held: only the first process's call reached ModelsLab.
  expect(fundCalls(w, id)).toHaveLength(1);
  expect(b.log()).toContain('resume is still waiting on ModelsLab; serving events meanwhile');

  // The held try's connection drops; the transport retries with the same key: one credit.
  w.simProxy.dropHeld();
  await expectPaidByCard(w, id, dm, startBalance);
  expect(new Set(fundCalls(w, id).map((c) => c.idempotencyKey))).toEqual(new Set([chargeKey(id)]));
  expect(await b.stop()).toBe(0);
}, 90_000);

it('kill -9 before the charge reached ModelsLab: the restart sends it once with the persisted key, one credit', async () => {
  world = await SlackWorld.start();
  const w = world;
  const store = newStore();
  const startBalance = w.sim.state.balance();
  const a = await BotProcess.start(w.env(store.url), 'bot A');
  const { id, dm } = await chargeable(w, a, 'never sent');

  const held = w.simProxy.hold(isCharge(chargeKey(id)), 'before');
  await w.click(a.url, APPROVER, w.card(id), BUTTON);
  await held;
  expect(fundCalls(w, id)).toHaveLength(0);
  await a.kill9();
  w.simProxy.dropHeld();
  expect(w.sim.state.cardCredits()).toBe(0);
  expect((await storedRequest(store.url, id))?.charges?.map((c) => c.idempotencyKey)).toEqual([chargeKey(id)]);

  const b = await BotProcess.start(w.env(store.url), 'bot B');
  await expectPaidByCard(w, id, dm, startBalance);
  expect(fundCalls(w, id).map((c) => c.idempotencyKey)).toEqual([chargeKey(id)]);
  expect(await b.stop()).toBe(0);
}, 60_000);

it('Cancel on the restarted bot while the replay is owed (ModelsLab down): refused; a Cancel during the replay waits and finds it paid; one credit', async () => {
  world = await SlackWorld.start();
  const w = world;
  const store = newStore();
  const startBalance = w.sim.state.balance();
  const a = await BotProcess.start(w.env(store.url), 'bot A');
  const { id, dm } = await chargeable(w, a, 'cancel after crash');

  await killAfterApplied(w, a, id);
  expect(w.sim.state.cardCredits()).toBe(1);

  // ModelsLab is down when the bot comes back: the replay (and its transport retries) fail, so
  // the attempt stays unanswered and the next replay is a minute away.
  w.sim.controls.setFailureRate(1, 503);
  const b = await BotProcess.start(w.env(store.url), 'bot B');
  await w.waitFor(
    () => b.log().includes('card charge unanswered; the next drive replays it'),
    'the failed replay',
    15_000,
  );
  w.sim.controls.setFailureRate(0);
  expect(w.sim.state.cardCredits()).toBe(1);
  // The card says a charge is waiting for its answer and offers no second charge.
  expect(shown(w.card(id))).toContain('is charging $50.00 to the card on file visa ••4242');
  expect(labels(w.card(id))).not.toContain(BUTTON);

  for (const who of [APPROVER, PAYER]) {
    const answers = await clickForAnswer(w, b.url, who, w.card(id), 'Cancel');
    const [said] = await w.waitFor(() => (answers().length > 0 ? answers() : undefined), `${who}'s Cancel answer`);
    expect(said).toContain('cannot be cancelled yet');
  }
  expect((await storedRequest(store.url, id))?.state).toBe('awaiting_payment');
  expect(shown(w.card(id))).not.toContain('Cancelled');
  // A client still showing the button: a second charge is refused while the first is owed.
  const withButton = w.card(id).versions.find((v) => labels(v as StoredMessage).includes(BUTTON));
  expect(withButton).toBeDefined();
  const again = await clickForAnswer(w, b.url, APPROVER, w.card(id), BUTTON, withButton);
  const [refused] = await w.waitFor(() => (again().length > 0 ? again() : undefined), 'the second charge answer');
  expect(refused).toContain('already in progress');
  expect(w.sim.state.cardCredits()).toBe(1);

  // The sweep replays a minute after the failed try. Held before ModelsLab, under the request's
  // lock: a Cancel clicked now waits for it instead of racing it.
  const replay = w.simProxy.hold(isCharge(chargeKey(id)), 'before');
  await Promise.race([replay, sleep(80_000)]);
  const withCancel = w.card(id).versions.findLast((v) => labels(v as StoredMessage).includes('Cancel'));
  const late = await clickForAnswer(w, b.url, PAYER, w.card(id), 'Cancel', withCancel);
  await sleep(1_000);
  expect(late()).toEqual([]);
  // The held try's connection drops; the transport retries with the same key and is answered.
  w.simProxy.dropHeld();
  const [lateSaid] = await w.waitFor(
    () => (late().length > 0 ? late() : undefined),
    'the Cancel answer after the replay',
  );
  expect(lateSaid).toContain('already in state: Paid');
  await expectPaidByCard(w, id, dm, startBalance);
  expect(new Set(fundCalls(w, id).map((c) => c.idempotencyKey))).toEqual(new Set([chargeKey(id)]));
  expect((await storedRequest(store.url, id))?.state).toBe('paid');
  expect(await b.stop()).toBe(0);
}, 120_000);

it('the payer pays the checkout link too after the crash-recovered card charge: a double payment, credited and receipted as such', async () => {
  world = await SlackWorld.start();
  const w = world;
  const store = newStore();
  const startBalance = w.sim.state.balance();
  const a = await BotProcess.start(w.env(store.url), 'bot A');
  const { id, dm } = await chargeable(w, a, 'double pay');
  const session = w.sessionOf(dm);

  await killAfterApplied(w, a, id);

  const b = await BotProcess.start(w.env(store.url), 'bot B');
  await expectPaidByCard(w, id, dm, startBalance);

  // The payer did not read the edited DM and pays the link: money follows the session.
  w.sim.controls.markPaid(session);
  await w.waitFor(
    () => w.thread(id).find((m) => shown(m).includes('Double payment')),
    'the double-payment receipt',
    45_000,
  );
  expect(w.sim.state.creditsFor(session)).toBe(1);
  expect(w.sim.state.cardCredits()).toBe(1);
  expect(w.sim.state.balance()).toBeCloseTo(startBalance + 100, 2);
  const double = w.thread(id).filter((m) => shown(m).includes('Double payment'));
  expect(double).toHaveLength(1);
  expect(shown(double[0] as StoredMessage)).toContain('visa ••4242');
  expect(w.thread(id)).toHaveLength(2);
  // The payer hears it in a new DM, not in the edited one.
  const told = await w.waitFor(
    () => w.fake.messages(dm.channel).find((m) => m.ts !== dm.ts && shown(m).includes('this is a second payment')),
    "the payer's double-payment DM",
  );
  expect(shown(told)).toContain('visa ••4242');
  expect(await b.stop()).toBe(0);
}, 90_000);
