/**
 * Two Discord servers served by the real app (startApp, MLBOT_TENANCY=workspaces, sandbox, a
 * memory store) through the real discord.js client against the fake Discord: each server's
 * owner connects its own simulated account with the connect modal, each server has its own
 * approver role. The answers to an interaction are read back as the member saw them.
 */
import { randomBytes } from 'node:crypto';
import {
  FakeDiscord,
  type FakeGuild,
  type FakeMember,
  type InteractionRecord,
  PERMISSION,
} from '../../fakes/discord/index.ts';
import { type Stack, startStack } from '../e2e/harness.ts';
import { until } from './tenants-slack.ts';

export const DISCORD_KEY = `k1:${randomBytes(32).toString('base64')}`;
export const BOT_TOKEN = 'fake-discord-bot-token-isolation';

export interface Server {
  readonly guild: FakeGuild;
  readonly tenant: string;
  readonly owner: FakeMember;
  readonly approver: FakeMember;
  readonly member: FakeMember;
  readonly token: string;
  readonly account: string;
}

export class DiscordTenants {
  readonly stack: Stack;
  readonly fake: FakeDiscord;
  readonly a: Server;
  readonly b: Server;

  private constructor(stack: Stack, fake: FakeDiscord, a: Server, b: Server) {
    this.stack = stack;
    this.fake = fake;
    this.a = a;
    this.b = b;
  }

  static async start(cleanups: Array<() => unknown>): Promise<DiscordTenants> {
    const fake = await FakeDiscord.start();
    cleanups.push(() => fake.stop());
    const bOwner = fake.addMember({
      username: 'bowner',
      permissions: PERMISSION.administrator | PERMISSION.manageGuild,
    });
    const bGuild = fake.addGuild({ name: 'Globex', ownerId: bOwner.id });
    const aGuild = fake.guild();
    const server = (guild: FakeGuild, owner: FakeMember, name: string): Server => ({
      guild,
      tenant: `discord:${guild.id}`,
      owner,
      approver: fake.addMember({ username: `${name}-approver`, roles: [guild.approverRoleId] }),
      member: fake.addMember({ username: `${name}-member` }),
      // Not `sandbox-acme`: the connect modal's hint names that one as its example, so a grep
      // of what the fake received would match the hint.
      token: `sandbox-${name}-d7`,
      account: `${name}-d7`,
    });
    const a = server(aGuild, fake.owner, 'acme');
    const b = server(bGuild, bOwner, 'globex');
    const stack = await startStack(
      {
        MLBOT_TENANCY: 'workspaces',
        SECRETS_KEY: DISCORD_KEY,
        PLAYGROUND: 'off',
        DISCORD_TOKEN: BOT_TOKEN,
        DISCORD_APPLICATION_ID: fake.applicationId,
        DISCORD_API_URL: fake.apiUrl,
      },
      { logLevel: 'debug' },
    );
    cleanups.push(() => stack.stop());
    const t = new DiscordTenants(stack, fake, a, b);
    await until('both servers registered', () => [a, b].every((s) => fake.registrationsIn(s.guild.id).length > 0));
    return t;
  }

  /** The owner runs `/ml connect`, submits its token in the modal; its approver role is set. */
  async setUp(s: Server): Promise<void> {
    const opened = this.fake.sendCommand(s.owner, 'ml', { command: 'connect' }, { guild: s.guild });
    await until('the connect modal', () => this.fake.modalFor(opened));
    this.fake.submitModal(s.owner, opened, { token: s.token });
    const { directory } = this.stack.app;
    await until(`${s.tenant} connected`, async () => (await directory.status(s.tenant)).connected);
    const settings = await directory.settings(s.tenant);
    await directory.saveSettings(
      s.tenant,
      { ...settings, approvers: { ...settings.approvers, discord: [s.guild.approverRoleId] } },
      { platform: 'discord', id: s.owner.id },
    );
  }

  /** The member asks: the request id (from the card's Approve button) and the card's message id. */
  async fund(s: Server, usd: number, note: string): Promise<{ id: string; cardId: string }> {
    this.fake.sendCommand(s.member, 'ml-fund', { amount: usd, note }, { guild: s.guild });
    const card = await until(`${note} card`, () =>
      this.fake.state
        .publicMessages(s.guild.channelId)
        .find(
          (m) =>
            JSON.stringify(m.embeds).includes(note) && this.fake.buttonsOf(m.id).some((b) => b.startsWith('approve:')),
        ),
    );
    const id = (this.fake.buttonsOf(card.id).find((b) => b.startsWith('approve:')) ?? '').split(':')[1] ?? '';
    return { id, cardId: card.id };
  }

  /** The approver approves: the payer's DM message with the link. */
  async approve(s: Server, req: { id: string; cardId: string }): Promise<string> {
    this.fake.clickButton(s.approver, `approve:${req.id}`, req.cardId);
    const dm = await until('the payer DM', () => {
      const channel = this.fake.dmChannelOf(s.member.id);
      return channel
        ? this.fake.state.channelMessages(channel).find((m) => this.fake.buttonsOf(m.id).includes(`paid:${req.id}`))
        : undefined;
    });
    return dm.id;
  }

  /**
   * What the member saw in answer to `interaction`: its first response and every edit or
   * follow-up through its token, once they stop coming. Ids that differ per interaction are masked.
   */
  async answers(interaction: InteractionRecord): Promise<string[]> {
    await until('a response', () => interaction.callback, 3_500).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 250));
    const out: string[] = [];
    if (interaction.callback?.data) out.push(JSON.stringify(interaction.callback.data));
    for (const c of this.fake.calls)
      if (c.path.includes(interaction.token) && c.method !== 'GET' && c.body) out.push(JSON.stringify(c.body));
    return out.map((a) => a.replaceAll(interaction.id, '<interaction>'));
  }
}
