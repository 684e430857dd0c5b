/**
 * Isolation between two Discord servers served by one app (workspaces mode, the real discord.js
 * client, the fake Discord): a button or command of B carrying A's request id is answered as an
 * unknown id, byte for byte; an interaction claiming A's server from a B member acts on nothing
 * of A; B's audit export holds nothing of A; a DM click (no server in it) finds its tenant
 * through the message index, and a message the index does not know finds none.
 */
import { afterEach, expect, it } from 'vitest';
import type { InteractionRecord } from '../../fakes/discord/index.ts';
import { BOT_TOKEN, DISCORD_KEY, DiscordTenants } from '../support/tenants-discord.ts';
import { until } from '../support/tenants-slack.ts';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const UNKNOWN = 'rzzzzzzzzz';

/** Both servers connected; A's member asked $17 and was approved; B's member asked $25. */
async function world() {
  const d = await DiscordTenants.start(cleanups);
  await d.setUp(d.a);
  await d.setUp(d.b);
  const ra = await d.fund(d.a, 17, 'acme secret project');
  const aDm = await d.approve(d.a, ra);
  const rb = await d.fund(d.b, 25, 'globex run');
  expect(UNKNOWN).toHaveLength(ra.id.length);
  return { d, ra, aDm, rb };
}
type World = Awaited<ReturnType<typeof world>>;

async function stateOfA({ d, ra }: World): Promise<string> {
  const scoped = d.stack.app.stores.scope(d.a.tenant);
  // What everyone there sees (an interaction's ephemeral answer goes to the clicker only).
  const shown = (channel: string | undefined) =>
    channel ? d.fake.state.publicMessages(channel).map((m) => [m.id, m.content, m.embeds, m.components]) : [];
  return JSON.stringify({
    request: await scoped.requests.get(ra.id),
    audit: await scoped.audit.list(0),
    billing: d.stack.app.simulator?.state
      .calls()
      .filter((c) => c.account === d.a.account && c.method !== 'GET' && c.status < 300),
    channel: shown(d.a.guild.channelId),
    dms: [d.a.member, d.a.approver].map((m) => shown(d.fake.dmChannelOf(m.id))),
  });
}

function tracesOfA({ d, ra }: World): string[] {
  return [ra.id, 'acme secret project', '$17.00', '17.00', d.a.member.id, d.a.approver.id, d.a.guild.id, d.a.account];
}

const masked = (answers: string[], id: string) => answers.map((a) => a.replaceAll(id, '<id>'));

it('a B member’s button carrying A’s request id is answered as an unknown id; nothing of A changes', async () => {
  const w = await world();
  const { d, ra, rb } = w;
  const before = await stateOfA(w);
  const bDm = await d.approve(d.b, rb);
  const clicks: Array<[string, string, (typeof d.b)['member']]> = [
    ['approve', rb.cardId, d.b.approver],
    ['deny', rb.cardId, d.b.approver],
    ['cancel', rb.cardId, d.b.member],
    // In B's payer DM: the DM buttons with A's id.
    ['paid', bDm, d.b.member],
    ['cancel', bDm, d.b.member],
    ['new_link', bDm, d.b.member],
  ];
  for (const [action, messageId, who] of clicks) {
    const click = (id: string): InteractionRecord => d.fake.clickButton(who, `${action}:${id}`, messageId);
    const withA = await d.answers(click(ra.id));
    const withUnknown = await d.answers(click(UNKNOWN));
    expect(withA.length, action).toBeGreaterThan(0);
    expect(masked(withA, ra.id), `${action} on ${messageId}`).toEqual(masked(withUnknown, UNKNOWN));
    for (const a of withA) for (const t of tracesOfA(w).filter((t) => t !== ra.id)) expect(a).not.toContain(t);
  }
  expect(await stateOfA(w)).toBe(before);
}, 40_000);

it('A’s request id in B’s commands (/ml cancel, /ml deny, /ml status) is answered as an unknown id', async () => {
  const w = await world();
  const { d, ra } = w;
  const before = await stateOfA(w);
  for (const [who, text] of [
    [d.b.member, `cancel ${ra.id}`],
    [d.b.approver, `cancel ${ra.id}`],
    [d.b.approver, `deny ${ra.id}`],
    [d.b.approver, `status ${ra.id}`],
  ] as const) {
    const run = (t: string) => d.fake.sendCommand(who, 'ml', { command: t }, { guild: d.b.guild });
    const withA = await d.answers(run(text));
    const withUnknown = await d.answers(run(text.replace(ra.id, UNKNOWN)));
    expect(withA.length, text).toBeGreaterThan(0);
    expect(masked(withA, ra.id), text).toEqual(masked(withUnknown, UNKNOWN));
  }
  const status = (
    await d.answers(d.fake.sendCommand(d.b.approver, 'ml', { command: 'status' }, { guild: d.b.guild }))
  ).join('');
  expect(status).toContain('globex run');
  for (const t of tracesOfA(w)) expect(status).not.toContain(t);
  expect(await stateOfA(w)).toBe(before);
}, 40_000);

/*
 * A forged guild id. Interactions reach the bot over its own gateway connection, from Discord:
 * nobody but Discord can put another guild_id on one. What it stands for is a B member acting in
 * A's server (Discord users are global and can join both): Discord then names A's guild, with
 * the member's roles in A. The fake expresses it as B's approver, carrying B's approver role,
 * dispatched with A's guild id: in A that member is nobody (no A approver role, not the
 * requester), so nothing of A is acted on.
 */
it('an interaction claiming A’s server from a B member acts on nothing of A', async () => {
  const w = await world();
  const { d, ra, aDm } = w;
  const before = await stateOfA(w);
  const inA = { guildId: d.a.guild.id };
  for (const who of [d.b.approver, d.b.owner, d.b.member]) {
    for (const [action, messageId] of [
      ['approve', ra.cardId],
      ['deny', ra.cardId],
      ['cancel', ra.cardId],
      ['paid', aDm],
    ] as const) {
      const answers = await d.answers(d.fake.clickButton(who, `${action}:${ra.id}`, messageId, inA));
      expect(answers.length, action).toBeGreaterThan(0);
    }
    for (const text of [`cancel ${ra.id}`, `deny ${ra.id}`, 'audit']) {
      const answers = await d.answers(d.fake.sendCommand(who, 'ml', { command: text }, inA));
      expect(answers.join(''), text).not.toContain('.csv');
    }
  }
  expect(await stateOfA(w)).toBe(before);
}, 60_000);

it('B’s audit export holds nothing of A', async () => {
  const w = await world();
  const { d, rb } = w;
  const exportOf = async (s: typeof d.a) => {
    const from = d.fake.calls.length;
    await d.answers(d.fake.sendCommand(s.approver, 'ml', { command: 'audit' }, { guild: s.guild }));
    const csv = await until(
      'the CSV',
      () =>
        d.fake.calls
          .slice(from)
          .flatMap((c) => c.files)
          .find((f) => f.name.endsWith('.csv'))?.text,
    );
    return csv;
  };
  const csvB = await exportOf(d.b);
  expect(csvB).toContain(rb.id);
  for (const t of tracesOfA(w)) expect(csvB).not.toContain(t);
  const csvA = await exportOf(d.a);
  expect(csvA).toContain(w.ra.id);
  expect(csvA).not.toContain(rb.id);
}, 40_000);

it('a DM click (no server) finds its tenant through the message index; a message it does not know finds none', async () => {
  const w = await world();
  const { d, ra, aDm } = w;
  const dmChannel = d.fake.dmChannelOf(d.a.member.id) ?? '';
  const ref = (messageId: string) => ({ platform: 'discord' as const, channelId: dmChannel, messageId });
  expect(await d.stack.app.tenants.tenantOfMessage('discord', ref(aDm))).toBe(d.a.tenant);

  // The payer's "I've paid" in the DM reaches A's engine: it is answered as A's request.
  const paid = await d.answers(d.fake.clickButton(d.a.member, `paid:${ra.id}`, aDm));
  expect(paid.join('')).not.toMatch(/can't find request/);

  // The same buttons on a DM message the bot never indexed (a forged message id): no tenant,
  // so nothing of A (or anyone) is acted on.
  const stored = d.fake.state.messages.get(aDm);
  if (!stored) throw new Error('no DM');
  const forgedId = '1399999999999999999';
  d.fake.state.messages.set(forgedId, { ...structuredClone(stored), id: forgedId });
  expect(await d.stack.app.tenants.tenantOfMessage('discord', ref(forgedId))).toBeUndefined();
  const before = await stateOfA(w);
  for (const action of ['paid', 'cancel', 'new_link']) {
    const answers = (await d.answers(d.fake.clickButton(d.a.member, `${action}:${ra.id}`, forgedId))).join('');
    expect(answers, action).toContain("I can't tell which workspace this belongs to, so nothing was done.");
    expect(answers).not.toContain('acme secret project');
  }
  expect(await stateOfA(w)).toBe(before);
  // No secret in a log line or in anything the bot sent Discord (bodies; the bot token belongs
  // only in the Authorization header).
  const sent = JSON.stringify(d.fake.calls.map((c) => [c.path, c.query, c.raw]));
  for (const secret of [d.a.token, d.b.token, DISCORD_KEY.slice(3), BOT_TOKEN]) {
    expect(d.stack.logText()).not.toContain(secret);
    expect(sent).not.toContain(secret);
  }
}, 40_000);
