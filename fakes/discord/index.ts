/**
 * A fake Discord on loopback for tests (fakes/README.md: shared with bench/, so outside test/): REST under `/api/v10`, the gateway on the same port.
 * The real discord.js client talks to it with one option changed (`rest.api`), because it finds
 * the gateway through `GET /gateway/bot`. Tests drive members' commands and clicks through the
 * gateway and read what the bot did from the recorded REST calls and the stored messages.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeGateway } from './gateway.ts';
import { apiGuild, apiMember, apiMessage, apiUser, type FakeMember, PERMISSION, snowflake } from './payloads.ts';
import { handleRest } from './rest.ts';
import { FakeDiscordState, type FakeGuild, type InteractionRecord, type ShownModal } from './state.ts';

export { type FakeMember, PERMISSION } from './payloads.ts';
export type { FakeGuild, InteractionRecord, RestCall, ShownModal } from './state.ts';

export interface FakeDiscordOptions {
  /** Gateway heartbeat interval the fake announces; short values exercise heartbeats. */
  readonly heartbeatIntervalMs?: number;
}

export type OptionValue = string | number | boolean;

export class FakeDiscord {
  readonly state = new FakeDiscordState();
  readonly applicationId = snowflake();
  readonly guildId = snowflake();
  readonly channelId = snowflake();
  readonly approverRoleId = snowflake();
  readonly botUser = apiUser({ id: this.applicationId, username: 'mlbot' }, true);
  readonly owner: FakeMember;
  private readonly server: Server;
  readonly gateway: FakeGateway;

  private constructor(options: FakeDiscordOptions) {
    this.owner = this.addMember({ username: 'owner', permissions: PERMISSION.administrator | PERMISSION.manageGuild });
    this.registerGuild({
      id: this.guildId,
      name: 'Fake Guild',
      channelId: this.channelId,
      approverRoleId: this.approverRoleId,
      ownerId: this.owner.id,
      joined: true,
    });
    this.server = createServer((req, res) => {
      handleRest(
        {
          state: this.state,
          applicationId: this.applicationId,
          botUser: this.botUser,
          gatewayUrl: () => this.gatewayUrl,
        },
        req,
        res,
      ).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: String(err), code: 0 }));
      });
    });
    this.gateway = new FakeGateway(
      this.server,
      {
        readyPayload: (sessionId) => ({
          v: 10,
          user: this.botUser,
          guilds: this.joinedGuilds().map((g) => ({ id: g.id, unavailable: true })),
          session_id: sessionId,
          resume_gateway_url: this.gatewayUrl,
          shard: [0, 1],
          application: { id: this.applicationId, flags: 0 },
        }),
        guildCreatePayloads: () => this.joinedGuilds().map((g) => this.guildPayload(g)),
      },
      options.heartbeatIntervalMs ?? 41_250,
    );
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    fake.server.listen(0, '127.0.0.1');
    await once(fake.server, 'listening');
    return fake;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The value for discord.js `rest.api` (and DISCORD_API_URL). */
  get apiUrl(): string {
    return `${this.origin}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get calls() {
    return this.state.calls;
  }

  /**
   * Another server with its own channel and approver role. `joined: true` (the default): the bot
   * is already in it when it connects (READY lists it); false: it joins later (`join`).
   */
  addGuild(init: { name?: string; ownerId?: string; joined?: boolean; preferredLocale?: string } = {}): FakeGuild {
    return this.registerGuild({
      ...(init.preferredLocale ? { preferredLocale: init.preferredLocale } : {}),
      id: snowflake(),
      name: init.name ?? 'Another Guild',
      channelId: snowflake(),
      approverRoleId: snowflake(),
      ownerId: init.ownerId ?? this.owner.id,
      joined: init.joined ?? true,
    });
  }

  /** The bot is added to `guild` while connected: a GUILD_CREATE for a server READY did not list. */
  join(guild: FakeGuild): void {
    guild.joined = true;
    this.gateway.dispatch('GUILD_CREATE', this.guildPayload(guild));
  }

  /**
   * The bot is removed from `guild` (kicked, or the server deleted): GUILD_DELETE without
   * `unavailable`. `outage: true`: the server only became unavailable (`unavailable: true`).
   */
  leave(guild: FakeGuild, options: { outage?: boolean } = {}): void {
    if (!options.outage) guild.joined = false;
    this.gateway.dispatch('GUILD_DELETE', options.outage ? { id: guild.id, unavailable: true } : { id: guild.id });
  }

  /** The default server and any added with `addGuild`, by id. */
  guild(id: string = this.guildId): FakeGuild {
    const found = this.state.guilds.get(id);
    if (!found) throw new Error(`fake discord: no guild ${id}`);
    return found;
  }

  /** Command registrations (bulk PUTs) for one server, oldest first. */
  registrationsIn(guildId: string) {
    return this.state.commandRegistrations.filter((r) => r.guildId === guildId);
  }

  /** The modal shown in answer to an interaction, if any. */
  modalFor(interaction: InteractionRecord): ShownModal | undefined {
    return this.state.modals.find((m) => m.interactionId === interaction.id);
  }

  /**
   * The member submits the modal that was shown for `opened` (a MODAL_SUBMIT interaction, type 5,
   * in the same channel), with `values` by input custom_id; inputs left out are submitted empty.
   */
  submitModal(member: FakeMember, opened: InteractionRecord, values: Record<string, string>): InteractionRecord {
    const modal = this.modalFor(opened);
    if (!modal) throw new Error('fake discord: no modal was shown for that interaction');
    // biome-ignore lint/suspicious/noExplicitAny: modal JSON as the bot sent it
    const inputs = (modal.data.components as any[]).flatMap((c) =>
      c.type === 18 ? [c.component] : c.type === 1 ? c.components : [],
    );
    const components = inputs.map((input, i) => ({
      type: 18,
      id: i + 1,
      component: { type: 4, id: i + 100, custom_id: input.custom_id, value: values[input.custom_id] ?? '' },
    }));
    return this.dispatchInteraction(
      member,
      opened.channelId,
      undefined,
      { type: 5, data: { custom_id: modal.data.custom_id, components } },
      opened.guildId ?? this.guildId,
    );
  }

  addMember(init: {
    username: string;
    roles?: readonly string[];
    permissions?: bigint;
    /** The member's client language (interactions' `locale`); default "en-US". */
    locale?: string;
  }): FakeMember {
    const member: FakeMember = {
      ...(init.locale ? { locale: init.locale } : {}),
      id: snowflake(),
      username: init.username,
      roles: init.roles ?? [],
      permissions: init.permissions ?? PERMISSION.member,
    };
    this.state.members.set(member.id, member);
    return member;
  }

  /** A member runs `/name` with options (numbers are NUMBER options, as the bot registers them). */
  sendCommand(
    member: FakeMember,
    name: string,
    options: Record<string, OptionValue> = {},
    /**
     * `guild`: run in that server's channel. `guildId` alone: sent as if from another server
     * (a forged or misrouted interaction) in the default channel.
     */
    from: { readonly guildId?: string; readonly guild?: FakeGuild } = {},
  ): InteractionRecord {
    const opts = Object.entries(options).map(([optName, value]) => ({
      name: optName,
      type: typeof value === 'string' ? 3 : typeof value === 'boolean' ? 5 : 10,
      value,
    }));
    const guildId = from.guild?.id ?? from.guildId ?? this.guildId;
    return this.dispatchInteraction(
      member,
      from.guild?.channelId ?? this.channelId,
      undefined,
      { type: 2, data: { id: snowflake(), name, type: 1, guild_id: guildId, options: opts } },
      guildId,
    );
  }

  /**
   * A member clicks the button `customId`: on `messageId`, or else on the latest message that has it.
   * A click in a DM channel arrives as a DM interaction (`user`, no `member`).
   */
  clickButton(
    member: FakeMember,
    customId: string,
    messageId?: string,
    /** Sent as if from another server (a forged or misrouted interaction). */
    from: { readonly guildId?: string } = {},
  ): InteractionRecord {
    const message = messageId ? this.state.messages.get(messageId) : this.latestWithButton(customId);
    if (!message) throw new Error(`fake discord: no message with button ${customId}`);
    return this.dispatchInteraction(
      member,
      message.channel_id,
      message.id,
      { type: 3, message: apiMessage(message, this.botUser), data: { custom_id: customId, component_type: 2 } },
      from.guildId ?? this.state.guildByChannel.get(message.channel_id) ?? this.guildId,
    );
  }

  /** Custom ids of every button on a message (as it stands now). */
  buttonsOf(messageId: string): string[] {
    const msg = this.state.messages.get(messageId);
    return (msg?.components ?? []).flatMap((row) => (row.components ?? []).map((c) => c.custom_id ?? `url:${c.url}`));
  }

  /** The latest stored message carrying the button `customId`. */
  latestWithButton(customId: string) {
    return [...this.state.messages.values()]
      .reverse()
      .find((m) => m.components.some((row) => (row.components ?? []).some((c) => c.custom_id === customId)));
  }

  dmChannelOf(userId: string): string | undefined {
    return this.state.dmChannelByUser.get(userId);
  }

  /** The next `n` message posts to `channelId` answer 429 with `Retry-After: retryAfterSeconds`. */
  rateLimitChannelPosts(channelId: string, n: number, retryAfterSeconds: number): void {
    this.state.faults.push({
      match: (method, path) => method === 'POST' && path === `/channels/${channelId}/messages`,
      remaining: n,
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: retryAfterSeconds, global: false },
      headers: {
        'retry-after': String(retryAfterSeconds),
        'x-ratelimit-scope': 'user',
        'x-ratelimit-bucket': 'fake-bucket',
        'x-ratelimit-limit': '5',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset-after': String(retryAfterSeconds),
      },
    });
  }

  /** Messages to this user's DM channel fail with 50007 (their DMs are closed). */
  closeDms(userId: string): void {
    this.state.dmsClosedFor.add(userId);
  }

  openDms(userId: string): void {
    this.state.dmsClosedFor.delete(userId);
  }

  /** The next `n` calls matching `method` and `pathPattern` answer `status` (default 500). */
  failNext(n: number, method: string, pathPattern: RegExp, status = 500): void {
    this.state.faults.push({
      match: (m, path) => m === method && pathPattern.test(path),
      remaining: n,
      status,
      body: { message: 'fake failure', code: 0 },
      headers: {},
    });
  }

  /**
   * The next `n` calls matching `method` and `pathPattern` are carried out at once but answered
   * only after `delayMs`: Discord taking a message and answering after the client gave up.
   */
  answerLate(n: number, method: string, pathPattern: RegExp, delayMs: number): void {
    this.state.slow.push({
      match: (m, path) => m === method && pathPattern.test(path),
      remaining: n,
      apply: true,
      delayMs,
    });
  }

  /** The next `n` matching calls are never answered; `apply`: carried out anyway, or lost. */
  neverAnswer(n: number, method: string, pathPattern: RegExp, options: { apply: boolean }): void {
    this.state.slow.push({
      match: (m, path) => m === method && pathPattern.test(path),
      remaining: n,
      apply: options.apply,
    });
  }

  /** Poll until `probe` returns a value (not undefined/false) or fail after `timeoutMs`. */
  async waitFor<T>(
    what: string,
    probe: () => T | undefined | false | Promise<T | undefined | false>,
    timeoutMs = 5_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new Error(`fake discord: timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async stop(): Promise<void> {
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private dispatchInteraction(
    member: FakeMember,
    channelId: string,
    messageId: string | undefined,
    extra: Record<string, unknown>,
    guildId: string = this.guildId,
  ): InteractionRecord {
    const inDm = this.state.userByDmChannel.has(channelId);
    const record: InteractionRecord = {
      id: snowflake(),
      token: `itok-${snowflake()}`,
      channelId,
      userId: member.id,
      type: Number(extra.type),
      ...(inDm ? {} : { guildId }),
      dispatchedAt: Date.now(),
      ...(messageId ? { messageId } : {}),
    };
    this.state.interactions.set(record.id, record);
    const where = inDm
      ? { channel: { id: channelId, type: 1 }, user: apiUser(member), context: 1 }
      : {
          guild_id: guildId,
          channel: { id: channelId, type: 0, guild_id: guildId, name: 'general' },
          member: apiMember(member),
          guild_locale: this.state.guilds.get(guildId)?.preferredLocale ?? 'en-US',
          context: 0,
        };
    this.gateway.dispatch('INTERACTION_CREATE', {
      id: record.id,
      application_id: this.applicationId,
      token: record.token,
      version: 1,
      channel_id: channelId,
      app_permissions: '2147483647',
      locale: member.locale ?? 'en-US',
      entitlements: [],
      authorizing_integration_owners: inDm ? { 1: member.id } : { 0: guildId },
      attachment_size_limit: 8_388_608,
      ...where,
      ...extra,
    });
    return record;
  }

  private registerGuild(guild: FakeGuild): FakeGuild {
    this.state.guilds.set(guild.id, guild);
    this.state.guildByChannel.set(guild.channelId, guild.id);
    return guild;
  }

  private joinedGuilds(): FakeGuild[] {
    return [...this.state.guilds.values()].filter((g) => g.joined);
  }

  private guildPayload(guild: FakeGuild) {
    return apiGuild({
      guildId: guild.id,
      name: guild.name,
      channelId: guild.channelId,
      ownerId: guild.ownerId,
      roles: [{ id: guild.approverRoleId, name: 'approver' }],
      members: [...this.state.members.values()],
      ...(guild.preferredLocale ? { preferredLocale: guild.preferredLocale } : {}),
    });
  }
}
