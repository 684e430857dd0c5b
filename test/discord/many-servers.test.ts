/**
 * One bot in many Discord servers (no DISCORD_GUILD_ID), through the real discord.js client:
 * each server's commands reach the port with that server's id, per-server command registration,
 * joins and removals (an outage is neither), and each server's own approver roles.
 */
import { afterEach, describe, expect, test } from 'vitest';
import type { GuildJoined } from '../../adapters/discord/index.ts';
import type { FakeGuild } from '../../fakes/discord/index.ts';
import { MENTION_APPROVERS } from '../../src/core/shared/reply.ts';
import type { CommandEvent } from '../../src/core/shared/types.ts';
import { type BotUnderTest, startBot } from './helpers.ts';

let bot: BotUnderTest | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

const COMMAND_COUNT = 4;

describe('many servers', () => {
  test('a command in each of two servers reaches the port with its own server and channel', async () => {
    let second: FakeGuild | undefined;
    bot = await startBot({ guild: false, before: (fake) => (second = fake.addGuild({ name: 'Second' })) });
    const { fake, engine } = bot;
    const other = second as FakeGuild;
    const alice = fake.addMember({ username: 'alice' });

    fake.sendCommand(alice, 'ml', { command: 'status' });
    fake.sendCommand(alice, 'ml', { command: 'balance' }, { guild: other });
    await fake.waitFor('two events', () => engine.events.length === 2);

    const where = engine.events.map((e) => [(e as CommandEvent).text, e.conversation]).sort();
    expect(where).toEqual([
      ['balance', { platform: 'discord', channelId: other.channelId, workspaceId: other.id }],
      ['status', { platform: 'discord', channelId: fake.channelId, workspaceId: fake.guildId }],
    ]);
    // Without perGuildCommands the commands are registered once, globally.
    expect(fake.state.commandRegistrations.map((r) => r.path)).toEqual([
      `/applications/${fake.applicationId}/commands`,
    ]);
  });

  test('perGuildCommands: every server at start, then a server joined later, which also calls onGuildJoined', async () => {
    const joined: GuildJoined[] = [];
    let second: FakeGuild | undefined;
    let later: FakeGuild | undefined;
    bot = await startBot({
      guild: false,
      before: (fake) => {
        second = fake.addGuild({ name: 'Second' });
        later = fake.addGuild({ name: 'Joins later', joined: false });
      },
      adapter: () => ({
        perGuildCommands: true,
        onGuildJoined: async (g) => {
          joined.push(g);
        },
      }),
    });
    const { fake } = bot;
    const newcomer = later as FakeGuild;
    await fake.waitFor('both servers registered', () =>
      [fake.guildId, (second as FakeGuild).id].every((id) => fake.registrationsIn(id).length === 1),
    );
    // The servers the bot was already in are not "joined" again on every start.
    expect(joined).toEqual([]);
    // Globally: only the overwrite with none (commands left by an earlier global set-up would show twice).
    expect(fake.state.commandRegistrations.filter((r) => r.guildId === undefined).map((r) => r.body)).toEqual([[]]);

    fake.join(newcomer);
    // The welcome (onGuildJoined) and the command registration run side by side, so neither
    // waits for the other: wait for both.
    await fake.waitFor(
      'onGuildJoined and the registration',
      () => joined.length === 1 && fake.registrationsIn(newcomer.id).length > 0,
    );
    expect(joined).toEqual([{ guildId: newcomer.id, ownerId: fake.owner.id, name: 'Joins later', locale: 'en-US' }]);
    const registration = fake.registrationsIn(newcomer.id);
    expect(registration).toHaveLength(1);
    expect(registration[0]?.body.map((c) => (c as { name: string }).name).sort()).toEqual([
      'ml',
      'ml-balance',
      'ml-fund',
      'ml-subscribe',
    ]);
    expect(registration[0]?.body).toHaveLength(COMMAND_COUNT);

    // Its members' commands are served at once.
    const alice = fake.addMember({ username: 'alice' });
    fake.sendCommand(alice, 'ml', { command: 'help' }, { guild: newcomer });
    await fake.waitFor('the event', () => bot?.engine.events.length === 1);
    expect(bot.engine.events[0]?.conversation.workspaceId).toBe(newcomer.id);
  });

  test('removal from a server calls onGuildLeft; a server outage does not', async () => {
    const left: string[] = [];
    let outage: FakeGuild | undefined;
    let removed: FakeGuild | undefined;
    bot = await startBot({
      guild: false,
      before: (fake) => {
        outage = fake.addGuild({ name: 'Outage' });
        removed = fake.addGuild({ name: 'Removed' });
      },
      adapter: () => ({
        onGuildLeft: async (id) => {
          left.push(id);
        },
      }),
    });
    const { fake, logger } = bot;
    fake.leave(outage as FakeGuild, { outage: true });
    fake.leave(removed as FakeGuild);
    await fake.waitFor('onGuildLeft', () => left.length === 1);
    // The outage dispatch went first on the same socket: had it counted, it would be here too.
    await bot.engine.idle();
    expect(left).toEqual([(removed as FakeGuild).id]);
    expect(logger.lines.some((l) => l.msg === 'discord: removed from a server')).toBe(true);
  });

  test("each server's approver roles decide who approves there, and its messenger pings only them", async () => {
    let second: FakeGuild | undefined;
    bot = await startBot({
      guild: false,
      before: (fake) => (second = fake.addGuild({ name: 'Second' })),
      adapter: (fake) => ({
        approverRolesFor: async (guildId) => [fake.guild(guildId).approverRoleId],
      }),
    });
    const { fake, engine, adapter } = bot;
    const other = second as FakeGuild;
    // Approver in the second server only.
    const carol = fake.addMember({ username: 'carol', roles: [other.approverRoleId] });
    fake.sendCommand(carol, 'ml', { command: 'status' });
    await fake.waitFor('first', () => engine.events.length === 1);
    fake.sendCommand(carol, 'ml', { command: 'status' }, { guild: other });
    await fake.waitFor('second', () => engine.events.length === 2);
    expect(engine.events.map((e) => [e.conversation.workspaceId, e.actor.isApprover])).toEqual([
      [fake.guildId, false],
      [other.id, true],
    ]);

    // A card whose text mentions the approvers (core's mention token).
    const reply = { title: 'Top-up request', text: `${MENTION_APPROVERS} alice asks for $50` };
    const posted = await adapter
      .messengerFor(other.id)
      .post({ platform: 'discord', channelId: other.channelId, workspaceId: other.id }, reply);
    const home = await adapter
      .messengerFor(fake.guildId)
      .post({ platform: 'discord', channelId: fake.channelId, workspaceId: fake.guildId }, reply);
    const sent = (channelId: string) =>
      fake.calls.find((c) => c.method === 'POST' && c.path === `/channels/${channelId}/messages`);
    expect(fake.state.messages.get(posted.messageId)?.content).toBe(`<@&${other.approverRoleId}>`);
    expect(fake.state.messages.get(home.messageId)?.content).toBe(`<@&${fake.approverRoleId}>`);
    const otherCall = sent(other.channelId);
    expect(otherCall?.body.allowed_mentions.roles).toEqual([other.approverRoleId]);
    expect(otherCall?.auth).toBe('Bot fake-bot-token');
  });

  test('a DM button click carries no server but the clicked message (the router finds the tenant by it)', async () => {
    bot = await startBot({ guild: false });
    const { fake, engine, adapter } = bot;
    const alice = fake.addMember({ username: 'alice' });
    const dm = await adapter.messenger.dm(
      { platform: 'discord', id: alice.id },
      { text: 'Connect ModelsLab', buttons: [{ kind: 'action', action: 'connect', value: '', label: 'Connect' }] },
    );
    fake.clickButton(alice, 'connect:', dm.messageId);
    await fake.waitFor('the click', () => engine.events.length === 1);
    const event = engine.events[0];
    expect(event?.conversation).toEqual({ platform: 'discord', channelId: dm.channelId });
    expect(event?.kind === 'action' && event.message).toEqual({
      platform: 'discord',
      channelId: dm.channelId,
      messageId: dm.messageId,
    });
  });

  test('with DISCORD_GUILD_ID set, joining or leaving another server calls no hook', async () => {
    const seen: string[] = [];
    bot = await startBot({
      adapter: () => ({
        onGuildJoined: async (g) => {
          seen.push(`joined ${g.guildId}`);
        },
        onGuildLeft: async (id) => {
          seen.push(`left ${id}`);
        },
      }),
    });
    const { fake, logger } = bot;
    const stranger = fake.addGuild({ name: 'Stranger', joined: false });
    fake.join(stranger);
    fake.leave(stranger);
    // Gateway events arrive in order: once this command is in, the join and the removal were handled.
    fake.sendCommand(fake.owner, 'ml', { command: 'status' });
    await fake.waitFor('the command', () => bot?.engine.events.length === 1);
    await bot.engine.idle();
    expect(seen).toEqual([]);
    expect(logger.lines.some((l) => l.msg.startsWith('discord: added to a server this bot does not serve'))).toBe(true);
  });

  test('a server that added the bot while the gateway was down is a join once the new session is ready', async () => {
    const joined: string[] = [];
    let later: FakeGuild | undefined;
    bot = await startBot({
      guild: false,
      before: (fake) => (later = fake.addGuild({ name: 'While away', joined: false })),
      adapter: () => ({
        perGuildCommands: true,
        onGuildJoined: async (g) => {
          joined.push(g.guildId);
        },
      }),
    });
    const { fake } = bot;
    const away = later as FakeGuild;
    await fake.waitFor('the first registration', () => fake.registrationsIn(fake.guildId).length === 1);
    const live = fake.gateway.nextLive();
    fake.gateway.drop(1000); // not resumable: a new session whose READY lists the new server
    away.joined = true;
    await live;
    await fake.waitFor('onGuildJoined', () => joined.length === 1, 10_000);
    expect(joined).toEqual([away.id]);
    await fake.waitFor('its commands', () => fake.registrationsIn(away.id).length === 1);
    // The servers it was in before are not joined again.
    expect(fake.registrationsIn(fake.guildId)).toHaveLength(1);
  }, 20_000);
});
