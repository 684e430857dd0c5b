/**
 * The whole bot on Discord: the fake Discord, the real discord.js client, engine, memory store,
 * checkout watcher, billing client and the ModelsLab simulator. Paying happens on the simulator.
 */
import { afterEach, describe, expect, test } from 'vitest';
import type { RestCall } from '../../fakes/discord/index.ts';
import { type DiscordApp, startDiscordApp } from './harness.ts';
import { answerTexts, EPHEMERAL, embedOf } from './helpers.ts';

let app: DiscordApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const statusOf = (message: { embeds: unknown[] } | undefined) =>
  // biome-ignore lint/suspicious/noExplicitAny: embed JSON as stored by the fake
  embedOf(message)?.fields?.find((f: any) => f.name === 'Status')?.value;

/** REST calls that are not to a DM channel (or the DM channel creation). */
function nonDmCalls(app: DiscordApp): RestCall[] {
  const dmChannels = new Set(app.fake.state.dmChannelByUser.values());
  return app.fake.calls.filter((c) => ![...dmChannels].some((id) => c.path.startsWith(`/channels/${id}/`)));
}

async function stateOf(app: DiscordApp, id: string) {
  return (await app.stores.requests.get(id))?.state;
}

describe('fund on Discord', () => {
  test('/ml-fund amount:50 -> card -> Approve -> DM link -> paid -> receipt with the new balance', async () => {
    app = await startDiscordApp();
    const { fake, sim, alice, bob } = app;
    const before = sim.state.balance();
    const command = fake.sendCommand(alice, 'ml-fund', { amount: 50, note: 'eval run' });
    const id = await fake.waitFor('the request card', () => app?.latestRequestId() || undefined);
    const card = fake.latestWithButton(`approve:${id}`);
    expect(command.callback).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    expect(card?.content).toBe(`<@&${fake.approverRoleId}>`);
    expect(fake.buttonsOf(card?.id ?? '')).toEqual(expect.arrayContaining([`approve:${id}`, `deny:${id}`]));
    await fake.waitFor('the requester is told', () => answerTexts(app as DiscordApp, command.token).length > 0);

    const approve = fake.clickButton(bob, `approve:${id}`);
    const url = await fake.waitFor('the payment link DM', () => app?.paymentUrlFor(alice.id));
    expect(approve.callback).toEqual({ type: 6 });
    const sessionId = url.split('/checkout/')[1] ?? '';
    // "I've paid" in the DM arrives as a DM interaction (a user, no member) and is acknowledged too.
    const paidClick = fake.clickButton(alice, `paid:${id}`);
    await fake.waitFor('the DM click to be acknowledged', () => paidClick.callback);
    expect(paidClick.channelId).toBe(fake.dmChannelOf(alice.id));
    expect(paidClick.callback).toEqual({ type: 6 });
    // The receipt post meets a 429 first; discord.js waits Retry-After and posts it.
    fake.rateLimitChannelPosts(fake.channelId, 1, 0.2);
    sim.controls.markPaid(sessionId);
    await fake.waitFor('the card to say Paid', () => statusOf(fake.state.messages.get(card?.id ?? '')) === 'Paid');
    const receipt = await fake.waitFor('the receipt', () =>
      fake.state.channelMessages(fake.channelId).find((m) => m.message_reference?.message_id === card?.id),
    );

    expect(await stateOf(app, id)).toBe('paid');
    expect(sim.state.balance()).toBe(before + 50);
    expect(sim.state.creditsFor(sessionId)).toBe(1);
    expect(embedOf(receipt).description).toContain(`$${(before + 50).toFixed(2)}`);
    expect(fake.buttonsOf(card?.id ?? '')).toEqual([]);
    const posts = fake.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${fake.channelId}/messages`);
    expect(posts.map((c) => c.status)).toEqual([200, 429, 200]);
    // The payment URL went to the payer's DM and nowhere else.
    expect(nonDmCalls(app).filter((c) => c.raw.includes(url))).toEqual([]);
    const dmChannel = fake.dmChannelOf(alice.id) ?? '';
    expect(fake.state.channelMessages(dmChannel).some((m) => JSON.stringify(m.history).includes(url))).toBe(true);
    expect(app.logger.lines.filter((l) => l.level === 'error' || l.level === 'warn')).toEqual([]);
  });

  test('every interaction is acknowledged well within 3 s even when ModelsLab takes 1 s per call', async () => {
    app = await startDiscordApp();
    const { fake, sim, alice, bob } = app;
    sim.controls.setLatency(1000);
    fake.sendCommand(alice, 'ml-fund', { amount: 25 });
    const id = await fake.waitFor('the request card', () => app?.latestRequestId() || undefined);
    fake.clickButton(bob, `approve:${id}`);
    fake.sendCommand(alice, 'ml-balance', {});
    await fake.waitFor('the payment link DM', () => app?.paymentUrlFor(alice.id), 10_000);
    const interactions = [...fake.state.interactions.values()];
    expect(interactions).toHaveLength(3);
    for (const i of interactions) {
      expect(i.callback).toBeDefined();
      expect((i.callbackAt ?? Infinity) - i.dispatchedAt).toBeLessThan(500);
    }
  });

  test('a gateway reconnect in the middle of a request does not lose the approval', async () => {
    app = await startDiscordApp();
    const { fake, alice, bob } = app;
    fake.sendCommand(alice, 'ml-fund', { amount: 40 });
    const id = await fake.waitFor('the request card', () => app?.latestRequestId() || undefined);
    const live = fake.gateway.nextLive();
    fake.gateway.drop(4000);
    await live;
    fake.clickButton(bob, `approve:${id}`);
    await fake.waitFor('the payment link DM', () => app?.paymentUrlFor(alice.id));
    await fake.waitFor('awaiting payment', async () => (await stateOf(app as DiscordApp, id)) === 'awaiting_payment');
  });
});

describe('refusals', () => {
  test('an out-of-range amount is refused with the rule and posts no card', async () => {
    app = await startDiscordApp();
    const { fake, alice } = app;
    const low = fake.sendCommand(alice, 'ml-fund', { amount: 5 });
    await fake.waitFor('the refusal', () => answerTexts(app as DiscordApp, low.token).length > 0);
    expect(answerTexts(app, low.token).join(' ')).toContain('at least $10.00');
    // The usage line reads as typed on Discord, with named options.
    expect(answerTexts(app, low.token).join(' ')).toContain('/ml-fund amount:<amount> note:<note>');
    expect(fake.state.publicMessages(fake.channelId)).toEqual([]);
  });

  test('@everyone in a note pings nobody: only the approver role may be mentioned', async () => {
    app = await startDiscordApp();
    const { fake, alice } = app;
    fake.sendCommand(alice, 'ml-fund', { amount: 20, note: '@everyone @here <@&1234567890123456789> pay up' });
    const id = await fake.waitFor('the request card', () => app?.latestRequestId() || undefined);
    const post = fake.calls.find((c) => c.method === 'POST' && c.path === `/channels/${fake.channelId}/messages`);
    expect(post?.body.allowed_mentions).toEqual({
      parse: [],
      roles: [fake.approverRoleId],
      users: [],
      replied_user: false,
    });
    expect(post?.raw).not.toMatch(/@everyone|@here|<@&1234567890123456789>/);
    expect(id).not.toBe('');
  });

  test('a member without the approver role cannot approve, and neither can the requester', async () => {
    app = await startDiscordApp();
    const { fake, alice, bob } = app;
    const carol = fake.addMember({ username: 'carol' });
    fake.sendCommand(bob, 'ml-fund', { amount: 60 });
    const id = await fake.waitFor('the request card', () => app?.latestRequestId() || undefined);

    const byMember = fake.clickButton(carol, `approve:${id}`);
    await fake.waitFor('refusal 1', () => answerTexts(app as DiscordApp, byMember.token).length > 0);
    expect(answerTexts(app, byMember.token).join(' ')).toContain('Only approvers');

    const bySelf = fake.clickButton(bob, `approve:${id}`);
    await fake.waitFor('refusal 2', () => answerTexts(app as DiscordApp, bySelf.token).length > 0);
    expect(answerTexts(app, bySelf.token).join(' ')).toContain('your own request');

    expect(await stateOf(app, id)).toBe('awaiting_approval');
    expect(fake.calls.filter((c) => c.path === '/users/@me/channels')).toEqual([]);
    void alice;
  });

  test('closed DMs: the requester is told how to fix it, the request stays open, Retry delivers the link', async () => {
    app = await startDiscordApp();
    const { fake, alice, bob } = app;
    fake.closeDms(alice.id);
    fake.sendCommand(alice, 'ml-fund', { amount: 30 });
    const id = await fake.waitFor('the request card', () => app?.latestRequestId() || undefined);
    const card = fake.latestWithButton(`approve:${id}`);
    fake.clickButton(bob, `approve:${id}`);
    const notice = await fake.waitFor('the DMs-closed notice', () =>
      fake.state
        .channelMessages(fake.channelId)
        .find(
          (m) =>
            m.message_reference?.message_id === card?.id && /direct messages are closed/.test(embedOf(m)?.description),
        ),
    );
    expect(embedOf(notice).description).toContain(`<@${alice.id}>`);
    // The notice is addressed to the payer: only they may be pinged (mentions in embeds never notify).
    expect(notice.content).toBe(`<@${alice.id}>`);
    const sent = fake.calls.find((c) => c.method === 'POST' && c.body?.message_reference?.message_id === card?.id);
    expect(sent?.body.allowed_mentions).toEqual({ parse: [], roles: [], users: [alice.id], replied_user: false });
    // The card itself names people but pings only the approver role.
    const cardPost = fake.calls.find(
      (c) => c.method === 'POST' && c.body?.components?.length && c.raw.includes(`approve:${id}`),
    );
    expect(cardPost?.body.allowed_mentions).toEqual({
      parse: [],
      roles: [fake.approverRoleId],
      users: [],
      replied_user: false,
    });
    const state = await stateOf(app, id);
    expect(state === 'link_created' || state === 'approved').toBe(true);

    fake.openDms(alice.id);
    fake.clickButton(alice, `new_link:${id}`, notice.id);
    await fake.waitFor('the payment link DM after Retry', () => app?.paymentUrlFor(alice.id));
    await fake.waitFor('awaiting payment', async () => (await stateOf(app as DiscordApp, id)) === 'awaiting_payment');
  });
});
