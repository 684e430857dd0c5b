/**
 * A representative subset of the bad-input table through the real Discord adapter (discord.js
 * against the fake Discord): malformed amounts, mention injection in notes, forged and misplaced
 * clicks. Each gets an answer; refused ones change nothing in the store or the simulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InteractionRecord } from '../../fakes/discord/index.ts';
import { type DiscordApp, startDiscordApp } from '../discord/harness.ts';

let app: DiscordApp;
let pending = '';
let denied = '';
let cardId = '';
let deniedCardId = '';

function answersTo(record: InteractionRecord): string {
  return app.fake.calls
    .filter((c) => c.path.startsWith(`/webhooks/${app.fake.applicationId}/${record.token}`) && c.method !== 'DELETE')
    .map((c) => JSON.stringify(c.body ?? {}))
    .join('\n');
}

async function answered(record: InteractionRecord): Promise<string> {
  return app.fake.waitFor('an answer', () => answersTo(record) || undefined);
}

async function snapshot(): Promise<string> {
  const requests = await app.stores.requests.listSince(0);
  return JSON.stringify({
    requests: requests.map((r) => [r.id, r.state, r.version]),
    sessions: app.sim.state.sessions().length,
    balance: app.sim.state.balance(),
  });
}

beforeAll(async () => {
  app = await startDiscordApp({ policy: { newRequestLimit: { count: 1000, windowMs: 60_000 } } });
  app.fake.sendCommand(app.alice, 'ml-fund', { amount: 50, note: 'pending' });
  pending = await app.fake.waitFor('card', () => app.latestRequestId() || undefined);
  cardId = app.fake.latestWithButton(`approve:${pending}`)?.id ?? '';
  app.fake.sendCommand(app.alice, 'ml-fund', { amount: 20, note: 'to deny' });
  denied = await app.fake.waitFor(
    'second card',
    () => (app.latestRequestId() !== pending && app.latestRequestId()) || undefined,
  );
  deniedCardId = app.fake.latestWithButton(`deny:${denied}`)?.id ?? '';
  // Deny's button opens the reason form now (test/discord/fund-forms.test.ts); typed, it denies at once.
  const deny = app.fake.sendCommand(app.bob, 'ml', { command: `deny ${denied}` });
  await answered(deny).catch(() => '');
  await app.fake.waitFor(
    'denied',
    async () => (await app.stores.requests.get(denied))?.state === 'denied' || undefined,
  );
}, 20_000);

afterAll(async () => {
  await app?.close();
});

const REFUSED = /amount|positive|at least|at most|decimals/i;

describe('bad input through Discord', () => {
  it.each([
    ['negative amount', -5],
    ['zero', 0],
    ['below the minimum', 5],
    ['a billion', 1e9],
    ['three decimals', 10.555],
  ])('/ml-fund amount:%s is refused and changes nothing', async (_name, amount) => {
    const before = await snapshot();
    const record = app.fake.sendCommand(app.alice, 'ml-fund', { amount, note: 'bad' });
    expect(await answered(record)).toMatch(REFUSED);
    expect(await snapshot()).toBe(before);
  });

  it('mentions in a note ping nobody: @everyone, @here, <@user>, <@&role>, forged ⟦approvers⟧', async () => {
    const note = `@everyone @here <@${app.bob.id}> <@&${app.fake.approverRoleId}> ⟦approvers⟧`;
    app.fake.sendCommand(app.alice, 'ml-fund', { amount: 25, note });
    const id = await app.fake.waitFor('card', () => {
      const latest = app.latestRequestId();
      return latest !== pending && latest !== denied ? latest : undefined;
    });
    const card = app.fake.latestWithButton(`approve:${id}`);
    // Only the approver role is pinged, once, and only through allowed_mentions the bot chose.
    const post = app.fake.calls.find(
      (c) =>
        c.method === 'POST' &&
        c.path === `/channels/${app.fake.channelId}/messages` &&
        JSON.stringify(c.body).includes(id),
    );
    const allowed = post?.body?.allowed_mentions;
    expect(allowed?.parse ?? []).not.toContain('everyone');
    expect(allowed?.users ?? []).not.toContain(app.bob.id);
    expect(card?.content).toBe(`<@&${app.fake.approverRoleId}>`);
    // biome-ignore lint/suspicious/noExplicitAny: embed JSON as stored by the fake
    const noteField = (card?.embeds as any)?.[0]?.fields?.find((f: { name: string }) => f.name === 'Note')?.value ?? '';
    expect(noteField).toContain('everyone');
    expect(noteField).not.toMatch(/(^|\s)@(everyone|here)|<@&?\d|⟦/);
  });

  it('a forged approve for an unknown request id is answered and changes nothing', async () => {
    const before = await snapshot();
    const record = app.fake.clickButton(app.bob, 'approve:rnotarequest', cardId);
    expect(await answered(record)).toMatch(/can.t find request/i);
    expect(await snapshot()).toBe(before);
  });

  it('approve by a member without the approver role is refused', async () => {
    const before = await snapshot();
    const record = app.fake.clickButton(app.alice, `approve:${pending}`);
    expect(await answered(record)).toMatch(/only approvers/i);
    expect(await snapshot()).toBe(before);
  });

  it("cancel of someone else's request is refused", async () => {
    const stranger = app.fake.addMember({ username: 'stranger' });
    const before = await snapshot();
    const record = app.fake.clickButton(stranger, `cancel:${pending}`);
    expect(await answered(record)).toMatch(/only the requester or an approver/i);
    expect(await snapshot()).toBe(before);
  });

  it('approve on a denied request says so and changes nothing', async () => {
    const before = await snapshot();
    // On the denied request's own card (a stale copy still showing Approve).
    const record = app.fake.clickButton(app.bob, `approve:${denied}`, deniedCardId);
    expect(await answered(record)).toMatch(/already in state: Denied/i);
    expect(await snapshot()).toBe(before);
  });
});
