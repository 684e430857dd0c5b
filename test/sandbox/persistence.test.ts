/**
 * The simulator's state survives a restart: two simulators built one after the other on one state
 * file see the same wallet, ledger, coupons, subscriptions and checkout sessions, a session made
 * before the restart can be paid on its page after it and credits once, and an idempotent call
 * made before the restart replays after it. Without a file nothing is kept. Every account is
 * kept (state file version 2), and a version 1 file (one account, fixtures/state-v1.json, written
 * by the simulator before it served several accounts) loads as the original account.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { ManualClock } from '../../src/core/shared/manual-clock.ts';
import { sandboxStateFileFor } from '../../src/sandbox/index.ts';
import { type Harness, startSim, submitCheckoutForm } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'mlbot-sim-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const open: Harness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
});

async function sim(stateFile?: string, onProblem?: (m: string) => void, clock?: ManualClock): Promise<Harness> {
  const h = await startSim({
    ...(stateFile === undefined ? {} : { stateFile }),
    ...(onProblem ? { onProblem } : {}),
    ...(clock ? { clock } : {}),
    billingPerMin: 1000,
  });
  open.push(h);
  return h;
}

let n = 0;
const freshFile = () => join(dir, `case-${++n}`, 'mlbot-sandbox.json');

describe('simulator state across a restart', () => {
  it('keeps wallet, ledger, coupons, subscriptions and sessions; a pre-restart session is paid after it, once', async () => {
    const file = freshFile();
    const first = await sim(file);
    const link = await first.call('POST', '/billing/payment-link', { purpose: 'fund', amount: 25 }, { key: 'link-1' });
    expect(link.status).toBe(200);
    const sessionId: string = link.body.data.session_id;
    expect((await first.call('POST', '/wallet/coupons/redeem', { coupon_code: 'WELCOME10' })).status).toBe(200);
    const subscribed = await first.call('POST', '/subscriptions', {
      plan_id: 3,
      payment_method_id: 'pm_1SeedVisa4242',
    });
    expect(subscribed.status).toBe(200);
    const balanceBefore = first.sim.state.balance();
    const ledgerBefore = (await first.call('GET', '/wallet/transactions?limit=100')).body.data;
    await first.close();

    const second = await sim(file);
    expect(second.sim.state.balance()).toBe(balanceBefore);
    expect((await second.call('GET', '/wallet/transactions?limit=100')).body.data).toEqual(ledgerBefore);
    const subs = (await second.call('GET', '/subscriptions')).body.data as Array<{ id: number; plan_id: number }>;
    expect(subs.map((s) => s.plan_id)).toEqual([2, 3]);
    const coupon = await second.call('POST', '/wallet/coupons/redeem', { coupon_code: 'WELCOME10' });
    expect(coupon.body.error?.code).toBe('coupon_used');

    // The session is known, still open, and its page (on the restarted server) takes the payment.
    expect(second.sim.state.session(sessionId)).toMatchObject({ status: 'open', paymentStatus: 'unpaid' });
    const paid = await submitCheckoutForm(`${second.url}/checkout/${sessionId}`, 'pay');
    expect(paid.html).toContain('Payment received');
    const confirmed = await second.call('POST', '/wallet/confirm-checkout', { session_id: sessionId });
    expect(confirmed.status).toBe(200);
    expect(second.sim.state.balance()).toBe(balanceBefore + 25);
    await second.close();

    // A third start: the credit happened once and stays once.
    const third = await sim(file);
    const again = await third.call('POST', '/wallet/confirm-checkout', { session_id: sessionId });
    expect(again.body.data.already_confirmed).toBe(true);
    expect(third.sim.state.balance()).toBe(balanceBefore + 25);
    expect(third.sim.state.creditsFor(sessionId)).toBe(1);
    // The link made with an Idempotency-Key before the restarts replays, not a second session.
    const replay = await third.call(
      'POST',
      '/billing/payment-link',
      { purpose: 'fund', amount: 25 },
      { key: 'link-1' },
    );
    expect(replay.body.data.session_id).toBe(sessionId);
    expect(replay.body.meta.idempotency_replay).toBe(true);
    expect(third.sim.state.sessions()).toHaveLength(1);
  });

  it('a replayed answer keeps its money fields as money (money-as-strings applies after a restart)', async () => {
    const file = freshFile();
    const first = await sim(file);
    await first.call('POST', '/wallet/fund', { amount: 30, payment_method_id: 'pm_1SeedVisa4242' }, { key: 'f-1' });
    await first.close();
    const second = await sim(file);
    second.sim.controls.setMoneyAsStrings(true);
    const replay = await second.call(
      'POST',
      '/wallet/fund',
      { amount: 30, payment_method_id: 'pm_1SeedVisa4242' },
      { key: 'f-1' },
    );
    expect(replay.body.meta.idempotency_replay).toBe(true);
    expect(replay.body.data.balance).toBe('72.50');
  });

  it('controls (markPaid, expire, reset) are saved too', async () => {
    const file = freshFile();
    const first = await sim(file);
    const a = (await first.call('POST', '/billing/payment-link', { purpose: 'fund', amount: 10 })).body.data;
    const b = (await first.call('POST', '/billing/payment-link', { purpose: 'fund', amount: 11 })).body.data;
    first.sim.controls.markPaid(a.session_id);
    first.sim.controls.expire(b.session_id);
    await first.close();
    const second = await sim(file);
    expect(second.sim.state.session(a.session_id)?.paymentStatus).toBe('paid');
    expect(second.sim.state.session(b.session_id)?.status).toBe('expired');
    second.sim.controls.reset();
    await second.close();
    const third = await sim(file);
    expect(third.sim.state.sessions()).toEqual([]);
    expect(third.sim.state.balance()).toBe(42.5);
  });

  it('without a state file nothing is kept: a second simulator starts from the seed', async () => {
    const first = await sim();
    await first.call('POST', '/wallet/coupons/redeem', { coupon_code: 'WELCOME10' });
    expect(first.sim.state.stateFile).toBeUndefined();
    await first.close();
    const second = await sim();
    expect(second.sim.state.balance()).toBe(42.5);
  });

  it('an unreadable file is moved aside with a warning and the seed is used; stray temp files go', async () => {
    const file = freshFile();
    const first = await sim(file);
    await first.close();
    const whole = readFileSync(file, 'utf8');
    writeFileSync(file, whole.slice(0, whole.length / 2)); // as a torn non-atomic write would leave it
    writeFileSync(`${file}.tmp-99999`, '{"half":');
    const problems: string[] = [];
    const second = await sim(file, (m) => problems.push(m));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('could not be read');
    expect(second.sim.state.balance()).toBe(42.5);
    const names = readdirSync(join(file, '..'));
    expect(names.some((f) => f.includes('.unreadable-'))).toBe(true);
    expect(names.some((f) => f.includes('.tmp-'))).toBe(false);
    expect(JSON.parse(readFileSync(file, 'utf8')).version).toBe(3);
  });
});

/** Written by the single-account simulator (state file version 1) at 2026-12-01T10:00Z: see the ids below. */
const V1_FIXTURE = join(import.meta.dirname, 'fixtures', 'state-v1.json');
const V1 = {
  paid: 'cs_test_Id0qle9wzpdcrFT0s0s4Cv8YvH9RsdrnOQJM2SFtkFNINoS6IHfyeaippm',
  open: 'cs_test_GIq9E8Lvodw3wCi59qSmYEDZxTaQYw7g1YE9LGO1Scin5oExiV12PLSbGy',
  login: 'mlab_df3df7094571afe9479da7445695c0b1d3118aed',
};

describe('several accounts in the state file', () => {
  it('a file the single-account simulator wrote loads as the original account, and is rewritten as the current version (3)', async () => {
    const file = freshFile();
    mkdirSync(join(file, '..'), { recursive: true });
    copyFileSync(V1_FIXTURE, file);
    const problems: string[] = [];
    const h = await sim(file, (m) => problems.push(m), new ManualClock(Date.parse('2026-12-01T10:05:00Z')));
    expect(problems).toEqual([]);
    // Its wallet (WELCOME10 redeemed), sessions, login token and replays are the original account's.
    expect(h.sim.state.balance()).toBe(52.5);
    expect(h.sim.state.accounts().map((a) => a.name)).toEqual(['token']);
    expect(h.sim.state.session(V1.open)).toMatchObject({ status: 'open', amount: 12 });
    expect((await h.call('POST', '/wallet/coupons/redeem', { coupon_code: 'WELCOME10' })).body.error.code).toBe(
      'coupon_used',
    );
    const confirmed = await h.call('POST', '/wallet/confirm-checkout', { session_id: V1.paid }, { token: V1.login });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.data.balance).toBe(77.5);
    const replay = await h.call(
      'POST',
      '/billing/payment-link',
      { purpose: 'fund', amount: 12 },
      { key: 'fixture-link-open' },
    );
    expect(replay.body.meta.idempotency_replay).toBe(true);
    expect(replay.body.data.session_id).toBe(V1.open);
    // A new account beside it starts from the seed and sees none of it.
    expect(
      (await h.call('POST', '/wallet/confirm-checkout', { session_id: V1.paid }, { token: 'sandbox-acme' })).status,
    ).toBe(404);
    const written = JSON.parse(readFileSync(file, 'utf8'));
    expect(written.version).toBe(3);
    expect(written.original).toBe('token');
    expect(written.accounts.map((a: { name: string }) => a.name)).toEqual(['token', 'acme']);
  });

  it('every account, with its sessions, coupons and replays, survives a restart', async () => {
    const file = freshFile();
    const first = await sim(file);
    const link = await first.call(
      'POST',
      '/billing/payment-link',
      { purpose: 'fund', amount: 20 },
      { token: 'sandbox-acme', key: 'k-1' },
    );
    await first.call('POST', '/wallet/coupons/redeem', { coupon_code: 'WELCOME10' }, { token: 'sandbox-globex' });
    await first.close();

    const second = await sim(file);
    expect(second.sim.state.accounts().map((a) => [a.name, a.balance, a.openSessions])).toEqual([
      ['token', 42.5, 0],
      ['acme', 42.5, 1],
      ['globex', 52.5, 0],
    ]);
    const replay = await second.call(
      'POST',
      '/billing/payment-link',
      { purpose: 'fund', amount: 20 },
      { token: 'sandbox-acme', key: 'k-1' },
    );
    expect(replay.body.data.session_id).toBe(link.body.data.session_id);
    await submitCheckoutForm(link.body.data.payment_url.replace(first.url, second.url), 'pay');
    expect(
      (
        await second.call(
          'POST',
          '/wallet/confirm-checkout',
          { session_id: link.body.data.session_id },
          { token: 'sandbox-acme' },
        )
      ).body.data.balance,
    ).toBe(62.5);
    expect(
      (await second.call('POST', '/wallet/coupons/redeem', { coupon_code: 'WELCOME10' }, { token: 'sandbox-globex' }))
        .body.error.code,
    ).toBe('coupon_used');
    expect(
      (await second.call('POST', '/wallet/coupons/redeem', { coupon_code: 'WELCOME10' }, { token: 'sandbox-acme' }))
        .status,
    ).toBe(200);
  });

  it('an account opened by a read (its first call a GET) is kept too', async () => {
    const file = freshFile();
    const first = await sim(file);
    expect((await first.call('GET', '/wallet/balance', undefined, { token: 'sandbox-acme' })).status).toBe(200);
    await first.close();
    const second = await sim(file);
    expect(second.sim.state.accounts().map((a) => a.name)).toEqual(['token', 'acme']);
  });
});

describe('where the state file lives', () => {
  it('beside a sqlite store; memory and Redis keep the simulator in memory', () => {
    expect(sandboxStateFileFor('sqlite://./data/mlbot.sqlite')).toBe(join('data', 'mlbot-sandbox.json'));
    expect(sandboxStateFileFor('sqlite:///tmp/x/bot.db')).toBe('/tmp/x/bot-sandbox.json');
    expect(sandboxStateFileFor('memory://')).toBeUndefined();
    expect(sandboxStateFileFor('redis://127.0.0.1:6379')).toBeUndefined();
    expect(sandboxStateFileFor('sqlite://:memory:')).toBeUndefined();
  });

  it('config passes it in sandbox mode only', () => {
    expect(loadConfig({}).sandboxStateFile).toBe(join('data', 'mlbot-sandbox.json'));
    expect(loadConfig({ STORE_URL: 'memory://' }).sandboxStateFile).toBeUndefined();
    expect(loadConfig({ MODELSLAB_TOKEN: 'mlab_x' }).sandboxStateFile).toBeUndefined();
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });
});
