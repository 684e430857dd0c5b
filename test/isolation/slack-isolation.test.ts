/**
 * Isolation between two Slack workspaces served by one app (workspaces mode, real Bolt, the fake
 * Slack): whatever a member of B sends (a button carrying A's request id, a command naming it, a
 * payload claiming A's team or enterprise, the audit export, the Home tab), nothing of A is
 * acted on or shown, and a refusal for "exists in A" is byte-identical to one for "no such id".
 */
import { afterEach, expect, it } from 'vitest';
import { appHomeOpenedPayload, postSigned, type RenderedButton, submitView } from '../../fakes/slack/driver.ts';
import type { StoredMessage } from '../../fakes/slack/fake-slack.ts';
import { A, B, button, openHome, SIGNING, SlackTenants, type Target, until } from '../support/tenants-slack.ts';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A request id of the engine's shape that exists nowhere. */
const UNKNOWN = 'rzzzzzzzzz';

interface World {
  readonly s: SlackTenants;
  readonly aCard: StoredMessage;
  readonly aDm: StoredMessage;
  readonly bCard: StoredMessage;
  /** A's request (approved: its payer holds a link). */
  readonly aId: string;
}

/** Both workspaces connected; A's member asked $17 and was approved; B's member asked $25. */
async function world(): Promise<World> {
  const s = await SlackTenants.start(cleanups);
  await s.setUp(A);
  await s.setUp(B);
  const aCard = await s.fund(A, 17, 'acme secret project');
  // The fake edits its stored message in place: keep the card as it first showed (Approve, Deny).
  const asPosted = structuredClone(aCard);
  const aId = button(aCard, 'approve').value ?? '';
  const aDm = await s.approve(A, aCard);
  const bCard = await s.fund(B, 25, 'globex run');
  expect(aId).toMatch(/^r[a-z0-9]{9}$/);
  expect(UNKNOWN).toHaveLength(aId.length);
  return { s, aCard: asPosted, aDm, bCard: structuredClone(bCard), aId };
}

/** Everything of A an event from B could change: the request, A's audit, billing mutations, A's messages. */
async function stateOfA({ s, aId }: World): Promise<string> {
  const scoped = s.stack.app.stores.scope(A.tenant);
  const sim = s.stack.app.simulator;
  const shown = (channel: string) => s.fake.messages(channel).map((m) => [m.ts, m.text, m.blocks]);
  return JSON.stringify({
    request: await scoped.requests.get(aId),
    audit: await scoped.audit.list(0),
    // Mutations the account took (the watcher's confirm of a still-unpaid session answers 409: nothing).
    billing: sim?.state.calls().filter((c) => c.account === A.account && c.method !== 'GET' && c.status < 300),
    channel: shown(A.channel),
    dms: [A.admin, A.member].map((u) => shown(s.fake.dmChannelOf(u))),
  });
}

/** Every trace of A a B member must never see. */
function tracesOfA({ aId }: World): string[] {
  return [aId, 'acme secret project', '$17.00', '17.00', A.admin, A.member, A.teamId, A.channel, A.account];
}

/** The ephemeral answers to one event, once they stop coming (an event may also get none). */
async function settled(answers: () => string[]): Promise<string[]> {
  await until('an answer', () => answers().length > 0, 1_500).catch(() => undefined);
  await new Promise((r) => setTimeout(r, 150));
  return answers();
}

/** The answers to one event with `id` in place of the request id, the id masked out. */
const masked = (answers: string[], id: string) => answers.map((a) => a.replaceAll(id, '<id>'));

const withValue = (b: RenderedButton, value: string): RenderedButton => ({ ...b, value });

it('a B member clicking a button with A’s request id gets the unknown-id answer; nothing of A changes', async () => {
  const w = await world();
  const { s, aId, aCard, aDm, bCard } = w;
  const before = await stateOfA(w);
  // A message B's Slack never showed, carrying A's own card and DM buttons (a hand-made payload).
  const forged: Target = { channel: B.channel, ts: '1700000000.000100', text: aCard.text, blocks: aCard.blocks };
  const forgedDm: Target = { ...forged, channel: s.fake.dmChannelOf(B.member), blocks: aDm.blocks };
  // B's own payer DM (B's request approved), whose buttons then carry A's id.
  const bDm = structuredClone(await s.approve(B, bCard));
  const clicks: Array<[string, Target, string]> = [
    // In real B messages: B's card and B's payer DM, the value swapped for A's id.
    [B.admin, bCard, 'approve'],
    [B.admin, bCard, 'deny'],
    [B.member, bCard, 'cancel'],
    [B.member, bDm, 'paid'],
    [B.member, bDm, 'cancel'],
    [B.member, bDm, 'new_link'],
    // A forged payload copying A's buttons, clicked by B's approver and B's requester.
    [B.admin, forged, 'approve'],
    [B.admin, forged, 'cancel'],
    [B.member, forgedDm, 'paid'],
    [B.member, forgedDm, 'cancel'],
  ];
  for (const [user, message, action] of clicks) {
    // "New link" shows only on an expired link's DM: the same button, built by hand, on B's DM.
    const b =
      action === 'new_link'
        ? { ...button(message, 'paid'), action_id: 'new_link~9', label: 'New link' }
        : button(message, action);
    const withA = await settled((await s.click(B, user, message, withValue(b, aId))).answers);
    const withUnknown = await settled((await s.click(B, user, message, withValue(b, UNKNOWN))).answers);
    // Answered (a refusal the clicker sees), not silently dropped, and the same as for no such id.
    expect(withA.length, `${action} by ${user}`).toBeGreaterThan(0);
    expect(masked(withA, aId), `${action} by ${user}`).toEqual(masked(withUnknown, UNKNOWN));
    // The answer may echo the id B sent (as it does for any id), never anything else of A.
    for (const answer of withA)
      for (const trace of tracesOfA(w).filter((t) => t !== aId)) expect(answer).not.toContain(trace);
  }
  expect(await stateOfA(w)).toBe(before);
}, 30_000);

it('A’s request id in B’s commands (/ml cancel, /ml deny, /ml status) is answered as an unknown id', async () => {
  const w = await world();
  const { s, aId } = w;
  const before = await stateOfA(w);
  for (const [user, text] of [
    [B.member, `cancel ${aId}`],
    [B.admin, `cancel ${aId}`],
    [B.admin, `deny ${aId}`],
    [B.admin, `deny ${aId} not ours`],
    [B.admin, `status ${aId}`],
  ] as const) {
    const withA = await settled((await s.command(B, user, B.channel, '/ml', text)).answers);
    const withUnknown = await settled((await s.command(B, user, B.channel, '/ml', text.replace(aId, UNKNOWN))).answers);
    expect(withA.length, text).toBeGreaterThan(0);
    expect(masked(withA, aId), text).toEqual(masked(withUnknown, UNKNOWN));
  }
  // B's status lists B's request only, and is the same as if A had nothing at all.
  const status = (await settled((await s.command(B, B.admin, B.channel, '/ml', 'status')).answers)).join('\n');
  expect(status).toContain('globex run');
  for (const trace of tracesOfA(w)) expect(status).not.toContain(trace);
  expect(await stateOfA(w)).toBe(before);
}, 30_000);

it('B’s audit CSV holds nothing of A', async () => {
  const w = await world();
  const { s } = w;
  const uploads = s.fake.uploads().length;
  await s.command(B, B.admin, B.channel, '/ml', 'audit');
  const csv = await until(
    'the audit CSV',
    () =>
      s.fake
        .uploads()
        .slice(uploads)
        .find((u) => u.content)?.content,
  );
  expect(csv).toContain(button(w.bCard, 'approve').value);
  for (const trace of tracesOfA(w)) expect(csv).not.toContain(trace);
  // And A's own export has A's request (the grep above could fail).
  const before = s.fake.uploads().length;
  await s.command(A, A.admin, A.channel, '/ml', 'audit');
  const csvA = await until(
    'A’s CSV',
    () =>
      s.fake
        .uploads()
        .slice(before)
        .find((u) => u.content)?.content,
  );
  expect(csvA).toContain(w.aId);
  expect(csvA).not.toContain('globex run');
}, 30_000);

it('B’s Home tab shows nothing of A', async () => {
  const w = await world();
  const { s } = w;
  for (const user of [B.admin, B.member]) {
    const home = await openHome(s, B.teamId, user);
    for (const trace of tracesOfA(w)) expect(home, user).not.toContain(trace);
  }
  // A's approver's Home does show A's request (what the B grep would have caught).
  const homeA = await openHome(s, A.teamId, A.admin);
  expect(homeA).toContain('$17.00');
}, 30_000);

/*
 * A forged team or enterprise id. Slack signs every payload with the app's signing secret, so a
 * "validly signed payload claiming team A" can only be Slack's own, or a body re-sent with a new
 * team_id by someone holding the secret: what it stands for is a B member whose event is
 * attributed to A's installation. Slack vouches for the body, not for the pairing: the adapter
 * asks Slack, with A's own token, whether the person (users.info) and the conversation
 * (conversations.info) are A's (adapters/slack/origin.ts). A stranger gets nothing at all, as
 * from a workspace that never installed. An enterprise id names a tenant only for an org-wide
 * install; on a team install it is ignored, and an org-wide claim for an org that never
 * installed is refused before any listener.
 */

/** Slack knows every person's home workspace: A's token cannot see B's people, nor B's. */
function registerPeople(s: SlackTenants): void {
  for (const t of [A, B]) for (const user of [t.admin, t.member]) s.fake.tenancy.setUser(user, { teamId: t.teamId });
}

const STRANGER = 'slack payload whose person is not of the workspace it claims';
const refusals = (s: SlackTenants) => s.stack.problems.filter((p) => p.msg.includes(STRANGER)).length;

it('a signed payload claiming A’s team from B’s member gets no answer and acts on nothing of A; a forged enterprise id reaches only B', async () => {
  const w = await world();
  const { s, aId, aCard, aDm } = w;
  registerPeople(s);
  const before = await stateOfA(w);
  const uploads = s.fake.uploads().length;
  const publishes = s.fake.calls('views.publish').length;
  const claimsA = { teamId: A.teamId };
  const inB = (m: Target): Target => ({ ...m, channel: B.channel, ts: '1700000000.000200' });
  const sent: Array<[string, () => string[]]> = [];
  for (const user of [B.admin, B.member]) {
    for (const [message, action] of [
      [aCard, 'approve'],
      [aCard, 'deny'],
      [aCard, 'cancel'],
      [aDm, 'paid'],
      [aDm, 'cancel'],
    ] as const)
      sent.push([
        `${action} by ${user}`,
        (await s.click(claimsA, user, inB(message), button(message, action))).answers,
      ]);
    for (const text of [`cancel ${aId}`, `deny ${aId}`, `status ${aId}`, 'status', 'audit'])
      sent.push([`${text} by ${user}`, (await s.command(claimsA, user, B.channel, '/ml', text)).answers]);
    const home = await postSigned(s.url, JSON.stringify(appHomeOpenedPayload(user, A.teamId)), 'application/json', {
      secret: SIGNING,
    });
    expect(home.status).toBe(200);
  }
  // Each payload is refused with one log line; none gets any answer (nor a Home tab).
  // (Waited for by their log lines; without the check there are none, and the answers below leak.)
  await until('every refusal', () => refusals(s) >= sent.length + 2, 3_000).catch(() => undefined);
  await s.stack.app.slack?.idle();
  await new Promise((r) => setTimeout(r, 200));
  for (const [what, answers] of sent) expect(answers(), what).toEqual([]);
  expect(s.fake.calls('views.publish')).toHaveLength(publishes);
  expect(s.fake.uploads()).toHaveLength(uploads);
  expect(await stateOfA(w)).toBe(before);

  // A connect modal submitted in B whose metadata claims A: A's account stays A's.
  const views = s.fake.workspace.views().length;
  await s.command(B, B.admin, B.channel, '/ml', 'connect');
  const view = await until('B’s connect modal', () => s.fake.workspace.views()[views]);
  await submitView(
    s.url,
    {
      view,
      userId: B.admin,
      teamId: B.teamId,
      values: { token: { type: 'plain_text_input', value: 'sandbox-intruder' } },
      privateMetadata: JSON.stringify({ context: A.tenant, channel: A.channel, team: A.teamId }),
    },
    { secret: SIGNING },
  );
  await new Promise((r) => setTimeout(r, 500));
  expect((await s.stack.app.directory.credentials(A.tenant))?.token).toBe(A.token);
  expect(await stateOfA(w)).toBe(before);

  // An enterprise id on B's team install: B's own answer, byte for byte.
  const plain = await settled((await s.command(B, B.admin, B.channel, '/ml', 'status')).answers);
  const withOrg = await settled(
    (await s.command({ teamId: B.teamId, enterpriseId: 'E0AAA' }, B.admin, B.channel, '/ml', 'status')).answers,
  );
  expect(withOrg).toEqual(plain);
  // An org-wide claim for an org that never installed: refused before any listener, no answer.
  const org = await s.command(
    { teamId: A.teamId, enterpriseId: 'E0AAA', enterpriseInstall: true },
    B.admin,
    B.channel,
    '/ml',
    'status',
  );
  expect(await settled(org.answers)).toEqual([]);
  expect(await stateOfA(w)).toBe(before);
}, 40_000);

it('a payload claiming team A from a member or a channel A does not have is refused before the engine', async () => {
  const w = await world();
  const { s, aId } = w;
  registerPeople(s);
  const before = await stateOfA(w);
  const aCalls = () =>
    s.fake.calls().filter((c) => c.team === A.teamId && /^(users|conversations)\.info$/.test(c.method));

  // B's admin, in B's channel, in A's channel and in B's own DM with the bot: what used to list
  // A's open requests (`/ml status`) and name A's request's state (`/ml deny <A's id>`).
  const strangers: Array<() => string[]> = [];
  const refused = refusals(s);
  for (const channel of [B.channel, A.channel, s.fake.dmChannelOf(B.admin)])
    for (const text of ['status', `deny ${aId}`, `status ${aId}`])
      strangers.push((await s.command({ teamId: A.teamId }, B.admin, channel, '/ml', text)).answers);
  await until('the refusals', () => refusals(s) >= refused + strangers.length, 3_000).catch(() => undefined);
  await new Promise((r) => setTimeout(r, 200));
  for (const answers of strangers) expect(answers().join('\n')).toBe('');
  // Asked once per (workspace, person) and (workspace, channel): the same payload again costs no call.
  const calls = aCalls().length;
  await s.command({ teamId: A.teamId }, B.admin, B.channel, '/ml', 'status');
  await until('the refusal', () => refusals(s) >= refused + strangers.length + 1);
  expect(aCalls()).toHaveLength(calls);

  // A's own member, in a conversation A's bot cannot see (B's channel): told so, nothing of A shown.
  const unseen = await settled((await s.command(A, A.member, B.channel, '/ml', 'status')).answers);
  expect(unseen).toHaveLength(1);
  expect(unseen[0]).toContain('I cannot see this conversation, so nothing was done');
  for (const trace of tracesOfA(w).filter((t) => t !== A.member)) expect(unseen[0]).not.toContain(trace);

  // Slack cannot answer users.info (a new person, nothing cached): fail closed, "try again".
  s.fake.tenancy.setUser('U0AZOE', { teamId: A.teamId });
  s.fake.failNext('users.info', 'fatal_error');
  const hiccup = await settled((await s.command(A, 'U0AZOE', A.channel, '/ml', `status ${aId}`)).answers);
  expect(hiccup).toHaveLength(1);
  expect(hiccup[0]).toContain('Slack could not confirm this request just now, so nothing was done. Try again');
  for (const trace of tracesOfA(w)) expect(hiccup[0]).not.toContain(trace);
  expect(await stateOfA(w)).toBe(before);

  // The check refuses strangers only: A's own approver in A's channel is served as before.
  const own = (await settled((await s.command(A, A.admin, A.channel, '/ml', 'status')).answers)).join('\n');
  expect(own).toContain('acme secret project');

  // The log lines name who and where, never a token.
  const log = s.stack.logText();
  expect(log).toContain(STRANGER);
  for (const t of [...s.fake.tenancy.tokensOf({ teamId: A.teamId }), ...s.fake.tenancy.tokensOf({ teamId: B.teamId })])
    expect(log).not.toContain(t.token);
}, 40_000);
