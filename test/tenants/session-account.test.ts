/**
 * Money follows the Stripe session, not the request: a session created with one ModelsLab token
 * is confirmed with that token after the tenant connects another one (another account), or
 * disconnects and connects again. Through the hub, over the real simulator (one account per
 * `sandbox-<name>` token).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/core/shared/ports.ts';
import type { Actor, InboundEvent } from '../../src/core/shared/types.ts';
import { ENV_SETTINGS, type HubRig, startHubRig } from './hub-rig.ts';

const ADMIN = { platform: 'slack' as const, id: 'U-admin' };
const RILEY: Actor = { platform: 'slack', id: 'U-riley', name: 'Riley', isApprover: false };
const OLD = 'sandbox-old';
const NEW = 'sandbox-new';
const TA = 'slack:TA';

let rig: HubRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** Every log line, errors expanded (message, stack, cause): grepped for the tokens. */
function capturingLogger(lines: string[], bindings: Record<string, unknown> = {}): Logger {
  const expand = (_k: string, v: unknown) =>
    v instanceof Error ? { name: v.name, message: v.message, stack: v.stack, cause: v.cause } : v;
  const write = (obj: object | string, msg?: string) =>
    void lines.push(JSON.stringify({ ...bindings, ...(typeof obj === 'string' ? { msg: obj } : obj), msg }, expand));
  return {
    debug: write,
    info: write,
    warn: write,
    error: write,
    child: (more) => capturingLogger(lines, { ...bindings, ...more }),
  };
}

let seq = 0;
function fund(amount: string): InboundEvent {
  return {
    platform: 'slack',
    eventId: `ev-${++seq}`,
    actor: RILEY,
    conversation: { platform: 'slack', channelId: 'C-general', workspaceId: 'TA' },
    receivedAt: Date.now(),
    kind: 'command',
    command: 'fund',
    text: amount,
  };
}

async function send(r: HubRig, event: InboundEvent) {
  const engine = await r.hub.engineFor(TA);
  if (!engine) throw new Error('TA has no engine');
  await engine.handle(event, r.messengerOf(TA).responder(event.actor.id));
}

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 10_000) {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A fund of `amount` dollars straight to a link; returns its session id. */
async function fundLink(r: HubRig, amount: string): Promise<string> {
  const before = new Set(r.sim.state.accounts().flatMap((a) => r.sim.state.sessions(a.name).map((s) => s.id)));
  await send(r, fund(amount));
  const made = r.sim.state
    .accounts()
    .flatMap((a) => r.sim.state.sessions(a.name))
    .filter((s) => !before.has(s.id));
  expect(made).toHaveLength(1);
  return made[0]?.id ?? '';
}

/** The accounts every confirm-checkout of this session went to. */
const confirmAccounts = (r: HubRig, sessionId: string) =>
  r.sim.state
    .calls()
    .filter((c) => c.idempotencyKey === `confirm-${sessionId}`)
    .map((c) => c.account);

const receipts = (r: HubRig) =>
  r
    .messengerOf(TA)
    .channelPosts()
    .filter((p) => p.thread !== undefined);

async function connected(lines: string[]) {
  rig = await startHubRig(['sandbox-token'], { logger: capturingLogger(lines) });
  const r = rig;
  await r.directory.connect(TA, OLD, ADMIN);
  await r.directory.saveSettings(TA, { ...ENV_SETTINGS, approvalThresholdCents: 100_000 }, ADMIN);
  return r;
}

describe('each checkout session is confirmed with the account that created it', () => {
  it('reconnected with another account: the old link, paid, is confirmed and credited at the old account, once; new links use the new one', async () => {
    const lines: string[] = [];
    const r = await connected(lines);
    const oldSession = await fundLink(r, '25');
    expect(r.sim.state.sessionAccount(oldSession)).toBe('old');
    const oldBalance = r.sim.state.balance('old');

    // Restarted on the new token (a new bot), still watching the old session.
    const before = r.hub.botOf(TA);
    await r.directory.connect(TA, NEW, ADMIN);
    expect(r.hub.botOf(TA)).not.toBe(before);
    expect(r.hub.botOf(TA)?.watcher.size()).toBe(1);
    expect((await r.directory.retiredCredentials(TA)).map((c) => c.account)).toEqual([r.pool.accountOf(OLD)]);

    r.sim.controls.markPaid(oldSession);
    await until('the receipt', () => receipts(r).length > 0);
    expect(r.sim.state.creditsFor(oldSession)).toBe(1);
    expect(r.sim.state.balance('old')).toBe(oldBalance + 25);
    // Every confirm of the old session after the reconnect went to the old account, none to the new.
    expect(confirmAccounts(r, oldSession)).not.toContain('new');
    expect(confirmAccounts(r, oldSession)).toContain('old');

    const newSession = await fundLink(r, '30');
    expect(r.sim.state.sessionAccount(newSession)).toBe('new');
    r.sim.controls.markPaid(newSession);
    await until('the second receipt', () => receipts(r).length > 1);
    expect(confirmAccounts(r, newSession).every((a) => a === 'new')).toBe(true);
    expect(r.sim.state.creditsFor(newSession)).toBe(1);
    await sleep(200);
    // One receipt per payment.
    expect(receipts(r)).toHaveLength(2);
    expect(r.sim.state.balance('old')).toBe(oldBalance + 25);

    // Tokens: never in a log line, a message, or the stored record (sealed there).
    const record = JSON.stringify(await r.directory.record(TA));
    const messages = JSON.stringify(r.messengerOf(TA).log);
    for (const secret of [OLD, NEW]) {
      expect(lines.join('\n')).not.toContain(secret);
      expect(messages).not.toContain(secret);
      expect(record).not.toContain(secret);
    }
    expect(lines.some((l) => l.includes(r.pool.accountOf(OLD)))).toBe(true);
  });

  it('disconnect, then connect another account: the drained token is retired and confirms its own session', async () => {
    const lines: string[] = [];
    const r = await connected(lines);
    const oldSession = await fundLink(r, '25');
    const oldBalance = r.sim.state.balance('old');

    await r.directory.disconnect(TA, ADMIN);
    expect(await r.hub.engineFor(TA)).toBeUndefined();
    await r.directory.connect(TA, NEW, ADMIN);
    expect(await r.hub.engineFor(TA)).toBeDefined();
    expect((await r.directory.record(TA))?.draining).toBeUndefined();
    expect((await r.directory.retiredCredentials(TA)).map((c) => c.account)).toEqual([r.pool.accountOf(OLD)]);
    expect(r.hub.botOf(TA)?.watcher.size()).toBe(1);

    r.sim.controls.markPaid(oldSession);
    await until('the receipt', () => receipts(r).length > 0);
    expect(r.sim.state.creditsFor(oldSession)).toBe(1);
    expect(r.sim.state.balance('old')).toBe(oldBalance + 25);
    expect(confirmAccounts(r, oldSession)).not.toContain('new');
    for (const secret of [OLD, NEW]) expect(lines.join('\n')).not.toContain(secret);
  });

  it('disconnect, then connect the same token again: nothing is retired, its sessions go to it as before', async () => {
    const r = await connected([]);
    const session = await fundLink(r, '25');
    await r.directory.disconnect(TA, ADMIN);
    await r.directory.connect(TA, OLD, ADMIN);
    expect(await r.directory.retiredCredentials(TA)).toEqual([]);
    r.sim.controls.markPaid(session);
    await until('the receipt', () => receipts(r).length > 0);
    expect(confirmAccounts(r, session).every((a) => a === 'old')).toBe(true);
  });

  it('a session recorded before this change (no account on record) is confirmed with the current token', async () => {
    const r = await connected([]);
    const session = await fundLink(r, '25');
    // As a store written before session records existed.
    await r.storesOf(TA).kv.delete(`session-account:${session}`);
    r.sim.controls.markPaid(session);
    await until('the receipt', () => receipts(r).length > 0);
    expect(confirmAccounts(r, session).every((a) => a === 'old')).toBe(true);
  });
});

describe('retired tokens are forgotten once their last session can no longer be paid', () => {
  it('the hub forgets a retired token with no session at once (no hold), and keeps one whose link is still payable', async () => {
    rig = await startHubRig(['sandbox-token'], { retiredKeep: { minHoldMs: 0, graceMs: 0 } });
    const r = rig;
    await r.directory.connect(TA, OLD, ADMIN);
    await r.directory.saveSettings(TA, { ...ENV_SETTINGS, approvalThresholdCents: 100_000 }, ADMIN);
    await r.directory.connect('slack:TB', 'sandbox-b1', ADMIN);

    const session = await fundLink(r, '25');
    await r.directory.connect(TA, NEW, ADMIN);
    await r.directory.connect('slack:TB', 'sandbox-b2', ADMIN);
    await r.hub.engineFor('slack:TB');

    await until(
      'TB’s retired token forgotten',
      async () => (await r.directory.retiredCredentials('slack:TB')).length === 0,
    );
    const audit = await r.storesOf('slack:TB').audit.list(0);
    expect(audit.some((e) => e.detail?.includes('replaced ModelsLab account forgotten'))).toBe(true);
    expect(JSON.stringify(await r.directory.record('slack:TB'))).not.toContain('retired');
    // TA's old link can be paid for another 24 h: its token stays, through many drain checks.
    await sleep(300);
    expect(await r.directory.retiredCredentials(TA)).toHaveLength(1);
    r.sim.controls.markPaid(session);
    await until('the receipt', () => receipts(r).length > 0);
    expect(confirmAccounts(r, session)).not.toContain('new');
  });
});
