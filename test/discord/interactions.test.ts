/** Interactions through the real discord.js client: acknowledgement, normalisation, answers. */
import { afterEach, describe, expect, test } from 'vitest';
import { PERMISSION } from '../../fakes/discord/index.ts';
import { type BotUnderTest, EPHEMERAL, startBot } from './helpers.ts';

let bot: BotUnderTest | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

describe('slash commands', () => {
  test('/ml-fund is deferred privately at once and reaches the engine as "<amount> <note>"', async () => {
    bot = await startBot();
    const { fake, engine } = bot;
    const alice = fake.addMember({ username: 'alice' });
    engine.script = async (_event, responder) =>
      responder.reply({ text: 'Request sent for approval', ephemeral: true });

    const interaction = fake.sendCommand(alice, 'ml-fund', { amount: 50, note: 'eval run' });
    const edit = await fake.waitFor('the deferred reply to be edited', () =>
      fake.calls.find(
        (c) =>
          c.method === 'PATCH' && c.path === `/webhooks/${fake.applicationId}/${interaction.token}/messages/@original`,
      ),
    );

    expect(interaction.callback).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    expect(engine.events).toEqual([
      expect.objectContaining({
        platform: 'discord',
        kind: 'command',
        command: 'fund',
        text: '50 eval run',
        eventId: interaction.id,
        actor: { platform: 'discord', id: alice.id, name: 'alice', isApprover: false, isAdmin: false, locale: 'en-US' },
        conversation: { platform: 'discord', channelId: fake.channelId, workspaceId: fake.guildId },
      }),
    ]);
    expect(edit.body.embeds[0].description).toBe('Request sent for approval');
  });

  test('each command joins its options into the text the engine parses', async () => {
    bot = await startBot();
    const { fake, engine } = bot;
    const bob = fake.addMember({ username: 'bob' });
    fake.sendCommand(bob, 'ml-subscribe', { plan: 'Pro' });
    fake.sendCommand(bob, 'ml-balance', { public: true });
    fake.sendCommand(bob, 'ml', { command: 'coupon WELCOME10' });
    fake.sendCommand(bob, 'ml', {});
    await fake.waitFor('four events', () => engine.events.length === 4);
    const seen = engine.events.map((e) => (e.kind === 'command' ? `${e.command}|${e.text}` : e.kind)).sort();
    expect(seen).toEqual(['balance|public', 'ml|', 'ml|coupon WELCOME10', 'subscribe|Pro']);
  });

  test('approver and admin come from the member: role when configured, Manage Server otherwise', async () => {
    bot = await startBot();
    const { fake, engine } = bot;
    const approver = fake.addMember({ username: 'carol', roles: [fake.approverRoleId] });
    const admin = fake.addMember({ username: 'dave', permissions: PERMISSION.member | PERMISSION.manageGuild });
    fake.sendCommand(approver, 'ml', { command: 'status' });
    await fake.waitFor('first', () => engine.events.length === 1);
    fake.sendCommand(admin, 'ml', { command: 'status' });
    await fake.waitFor('second', () => engine.events.length === 2);
    expect(engine.events.map((e) => [e.actor.name, e.actor.isApprover, e.actor.isAdmin])).toEqual([
      ['carol', true, false],
      ['dave', false, true],
    ]);
  });

  test('without DISCORD_APPROVER_ROLE_ID, Manage Server makes an approver', async () => {
    bot = await startBot({ approverRole: false });
    const { fake, engine } = bot;
    const admin = fake.addMember({ username: 'dave', permissions: PERMISSION.manageGuild });
    const roleOnly = fake.addMember({ username: 'erin', roles: [fake.approverRoleId] });
    fake.sendCommand(admin, 'ml', {});
    await fake.waitFor('first', () => engine.events.length === 1);
    fake.sendCommand(roleOnly, 'ml', {});
    await fake.waitFor('second', () => engine.events.length === 2);
    expect(engine.events.map((e) => e.actor.isApprover)).toEqual([true, false]);
  });

  test('a public reply becomes a lasting channel message and the private placeholder is removed', async () => {
    bot = await startBot();
    const { fake, engine } = bot;
    const admin = fake.addMember({ username: 'owner2', permissions: PERMISSION.manageGuild });
    engine.script = async (_e, responder) =>
      responder.reply({
        title: 'Subscribe the team',
        text: 'Pick a plan',
        buttons: [
          { kind: 'action', action: 'pick_plan', value: '1', label: 'Basic' },
          { kind: 'action', action: 'pick_plan', value: '2', label: 'Pro' },
        ],
      });
    const interaction = fake.sendCommand(admin, 'ml', { command: 'panel' });
    const removed = await fake.waitFor('placeholder removed', () =>
      fake.calls.find((c) => c.method === 'DELETE' && c.path.includes(interaction.token)),
    );
    const post = fake.calls.find((c) => c.method === 'POST' && c.path === `/channels/${fake.channelId}/messages`);
    expect(post?.auth).toBe('Bot fake-bot-token');
    expect(post && post.at <= removed.at).toBe(true);
    const panel = fake.latestWithButton('pick_plan:2');
    expect(panel?.channel_id).toBe(fake.channelId);
    expect(fake.buttonsOf(panel?.id ?? '')).toEqual(['pick_plan:1', 'pick_plan:2']);
  });

  test('a private answer with an attachment (audit CSV) is uploaded with the edited reply', async () => {
    bot = await startBot();
    const { fake, engine } = bot;
    const admin = fake.addMember({ username: 'auditor', permissions: PERMISSION.manageGuild });
    engine.script = async (_e, responder) =>
      responder.reply({
        text: 'Audit log, last 30 days',
        ephemeral: true,
        attachment: { filename: 'audit.csv', contentType: 'text/csv', content: 'at,request,to\n1,r-1,paid\n' },
      });
    const interaction = fake.sendCommand(admin, 'ml', { command: 'audit' });
    const edit = await fake.waitFor('the edited reply', () =>
      fake.calls.find((c) => c.method === 'PATCH' && c.path.includes(interaction.token)),
    );
    expect(edit.files).toEqual([expect.objectContaining({ name: 'audit.csv', text: 'at,request,to\n1,r-1,paid\n' })]);
    expect(edit.body.embeds[0].description).toBe('Audit log, last 30 days');
  });

  test('an engine failure is reported privately to the member', async () => {
    bot = await startBot();
    const { fake, engine } = bot;
    const alice = fake.addMember({ username: 'alice' });
    engine.script = async () => {
      throw new Error('boom');
    };
    const interaction = fake.sendCommand(alice, 'ml-balance', {});
    const edit = await fake.waitFor('error answer', () =>
      fake.calls.find((c) => c.method === 'PATCH' && c.path.includes(interaction.token)),
    );
    expect(edit.body.embeds[0].description).toMatch(/went wrong/);
    expect(bot.logger.lines.some((l) => l.level === 'error')).toBe(true);
  });
});

describe('buttons', () => {
  test('a click is acknowledged with deferUpdate and becomes an action event with the message reference', async () => {
    bot = await startBot();
    const { fake, engine, adapter } = bot;
    const card = await adapter.messenger.post(
      { platform: 'discord', channelId: fake.channelId },
      { text: 'page', buttons: [{ kind: 'action', action: 'tx_page', value: 'all:10', label: 'Next' }] },
    );
    const carol = fake.addMember({ username: 'carol', roles: [fake.approverRoleId] });
    engine.script = async (_e, responder) => responder.reply({ text: 'only you see this', ephemeral: true });
    const click = fake.clickButton(carol, 'tx_page:all:10');
    const followUp = await fake.waitFor('ephemeral follow-up', () =>
      fake.calls.find((c) => c.method === 'POST' && c.path === `/webhooks/${fake.applicationId}/${click.token}`),
    );
    expect(click.callback).toEqual({ type: 6 });
    expect(engine.events[0]).toMatchObject({
      kind: 'action',
      action: 'tx_page',
      value: 'all:10',
      actor: { id: carol.id, isApprover: true },
      message: { platform: 'discord', channelId: fake.channelId, messageId: card.messageId },
    });
    expect(followUp.body.flags).toBe(EPHEMERAL);
  });

  test('replaceOriginal edits the clicked message through the interaction, even a public one', async () => {
    bot = await startBot();
    const { fake, engine, adapter } = bot;
    const card = await adapter.messenger.post(
      { platform: 'discord', channelId: fake.channelId },
      { text: 'Pause it?', buttons: [{ kind: 'action', action: 'sub_confirm', value: 'pause:501', label: 'Confirm' }] },
    );
    engine.script = async (_e, responder) => responder.replaceOriginal?.({ text: 'Done: pause', ephemeral: true });
    const click = fake.clickButton(fake.addMember({ username: 'carol' }), 'sub_confirm:pause:501');
    const edit = await fake.waitFor('the update', () =>
      fake.calls.find((c) => c.method === 'PATCH' && c.path.includes(click.token)),
    );
    expect(edit.path).toBe(`/webhooks/${fake.applicationId}/${click.token}/messages/@original`);
    const message = fake.state.messages.get(card.messageId);
    expect((message?.embeds[0] as { description?: string } | undefined)?.description).toBe('Done: pause');
    expect(fake.buttonsOf(card.messageId)).toEqual([]);
    expect(message?.flags).toBe(0); // still the public message, edited in place
    expect(fake.state.channelMessages(fake.channelId)).toHaveLength(1);
  });

  test('when the clicked message cannot be edited, the answer still arrives as a private follow-up', async () => {
    bot = await startBot();
    const { fake, engine, adapter } = bot;
    await adapter.messenger.post(
      { platform: 'discord', channelId: fake.channelId },
      { text: 'page 1', buttons: [{ kind: 'action', action: 'tx_page', value: 'all:5', label: 'Next' }] },
    );
    engine.script = async (_e, responder) => responder.replaceOriginal?.({ text: 'page 2', ephemeral: true });
    fake.failNext(1, 'PATCH', /\/messages\/@original$/, 404);
    const click = fake.clickButton(fake.addMember({ username: 'erin' }), 'tx_page:all:5');
    const followUp = await fake.waitFor('the follow-up', () =>
      fake.calls.find((c) => c.method === 'POST' && c.path === `/webhooks/${fake.applicationId}/${click.token}`),
    );
    expect(followUp.body.flags).toBe(EPHEMERAL);
    expect(followUp.body.embeds[0].description).toBe('page 2');
    expect(bot.logger.lines.some((l) => l.level === 'warn' && /could not replace/.test(l.msg))).toBe(true);
    expect(bot.logger.lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  test('a private answer to a click carries its attachment on the ephemeral follow-up', async () => {
    bot = await startBot();
    const { fake, engine, adapter } = bot;
    await adapter.messenger.post(
      { platform: 'discord', channelId: fake.channelId },
      { text: 'x', buttons: [{ kind: 'action', action: 'tx_page', value: 'all:0', label: 'Again' }] },
    );
    engine.script = async (_e, responder) =>
      responder.reply({
        text: 'Here is the file',
        ephemeral: true,
        attachment: { filename: 'audit.csv', contentType: 'text/csv', content: 'a,b\n1,2\n' },
      });
    const click = fake.clickButton(fake.addMember({ username: 'dora' }), 'tx_page:all:0');
    const followUp = await fake.waitFor('the follow-up', () =>
      fake.calls.find((c) => c.method === 'POST' && c.path === `/webhooks/${fake.applicationId}/${click.token}`),
    );
    expect(followUp.body.flags).toBe(EPHEMERAL);
    expect(followUp.files).toEqual([expect.objectContaining({ name: 'audit.csv', text: 'a,b\n1,2\n' })]);
  });

  test('Never mind on a channel message leaves the message alone', async () => {
    bot = await startBot();
    const { fake, adapter, engine } = bot;
    const card = await adapter.messenger.post(
      { platform: 'discord', channelId: fake.channelId },
      { text: 'public', buttons: [{ kind: 'action', action: 'dismiss', value: 'x', label: 'Never mind' }] },
    );
    const click = fake.clickButton(fake.addMember({ username: 'finn' }), 'dismiss:x');
    await fake.waitFor('the click reached the engine', () => engine.events.length === 1);
    await fake.waitFor('acknowledged', () => click.callback);
    // A delete would follow the engine at once; give it a moment to (not) happen.
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.calls.filter((c) => c.method === 'DELETE')).toEqual([]);
    expect(fake.state.messages.has(card.messageId)).toBe(true);
  });

  test('an unknown button is answered privately and never reaches the engine', async () => {
    bot = await startBot();
    const { fake, engine, adapter } = bot;
    await adapter.messenger.post({ platform: 'discord', channelId: fake.channelId }, { text: 'x' });
    const last = [...fake.state.messages.values()].at(-1);
    if (!last) throw new Error('no message');
    last.components = [{ type: 1, components: [{ type: 2, custom_id: 'launch:rockets' }] }];
    const click = fake.clickButton(fake.addMember({ username: 'z' }), 'launch:rockets');
    await fake.waitFor('answer', () => click.callback);
    expect(click.callback).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(engine.events).toEqual([]);
  });
});
