/** Start-up, command registration and surviving gateway reconnects. */
import { afterEach, describe, expect, test } from 'vitest';
import { registerCommands } from '../../adapters/discord/index.ts';
import { FakeDiscord } from '../../fakes/discord/index.ts';
import { type BotUnderTest, startBot } from './helpers.ts';

let bot: BotUnderTest | undefined;
let extra: FakeDiscord | undefined;
afterEach(async () => {
  await bot?.stop();
  await extra?.stop();
  bot = undefined;
  extra = undefined;
});

describe('command registration', () => {
  test('start registers the four commands with their options in the guild (bulk overwrite)', async () => {
    bot = await startBot();
    const { fake } = bot;
    expect(fake.state.commandRegistrations).toHaveLength(1);
    const [registration] = fake.state.commandRegistrations;
    expect(registration?.path).toBe(`/applications/${fake.applicationId}/guilds/${fake.guildId}/commands`);
    // biome-ignore lint/suspicious/noExplicitAny: command JSON as sent
    const byName = new Map(((registration?.body ?? []) as any[]).map((c) => [c.name, c]));
    expect([...byName.keys()].sort()).toEqual(['ml', 'ml-balance', 'ml-fund', 'ml-subscribe']);
    expect(byName.get('ml-fund').options).toEqual([
      // Optional: /ml-fund with no amount opens the fund form.
      expect.objectContaining({ name: 'amount', type: 10, required: false, min_value: 10, max_value: 1000 }),
      expect.objectContaining({ name: 'note', type: 3 }),
    ]);
    expect(byName.get('ml-subscribe').options).toEqual([expect.objectContaining({ name: 'plan', type: 3 })]);
    expect(byName.get('ml-balance').options).toEqual([expect.objectContaining({ name: 'public', type: 5 })]);
    expect(byName.get('ml').options).toEqual([expect.objectContaining({ name: 'command', type: 3 })]);
    // Every /ml sub-command is named where members look when they type `/ml`.
    for (const sub of ['help', 'status', 'transactions', 'invoices', 'coupon', 'autorecharge', 'audit', 'panel'])
      expect(byName.get('ml').options[0].description).toContain(sub);
    for (const command of byName.values()) {
      expect(command.description.length).toBeLessThanOrEqual(100);
      for (const option of command.options ?? []) expect(option.description.length).toBeLessThanOrEqual(100);
    }
    expect(bot.adapter.connected()).toBe(true);
  });

  test('without a guild id the commands are registered globally', async () => {
    bot = await startBot({ guild: false });
    expect(bot.fake.state.commandRegistrations.map((r) => r.path)).toEqual([
      `/applications/${bot.fake.applicationId}/commands`,
    ]);
  });

  test('registerCommands (the CLI path) works on its own and is idempotent', async () => {
    extra = await FakeDiscord.start();
    const options = {
      token: 't',
      applicationId: extra.applicationId,
      guildId: extra.guildId,
      apiUrl: extra.apiUrl,
      maxFundUsd: 250,
    };
    expect(await registerCommands(options)).toBe(4);
    expect(await registerCommands(options)).toBe(4);
    const puts = extra.calls.filter((c) => c.method === 'PUT');
    expect(puts.map((c) => c.auth)).toEqual(['Bot t', 'Bot t']);
    expect(puts[0]?.body).toEqual(puts[1]?.body);
    expect(puts[0]?.body.find((c: { name: string }) => c.name === 'ml-fund').options[0].max_value).toBe(250);
  });
});

describe('gateway', () => {
  test('a resumable close (4000) is resumed and a later interaction still works', async () => {
    bot = await startBot();
    const { fake, engine, adapter } = bot;
    const live = fake.gateway.nextLive();
    fake.gateway.drop(4000);
    await live;
    expect(fake.gateway.resumes).toBe(1);
    await fake.waitFor('client ready again', () => adapter.connected());
    const alice = fake.addMember({ username: 'alice' });
    const interaction = fake.sendCommand(alice, 'ml-balance', {});
    await fake.waitFor('the command after the reconnect', () => engine.events.length === 1);
    expect(interaction.callback?.type).toBe(5);
    expect(engine.events.map((e) => e.eventId)).toEqual([interaction.id]);
  });

  // About 6 s: @discordjs/ws waits 5 s between two IDENTIFYs, as Discord requires.
  test('a normal close (1000) makes the client identify again, and it keeps working', async () => {
    bot = await startBot({ fake: { heartbeatIntervalMs: 200 } });
    const { fake, engine } = bot;
    await fake.waitFor('a heartbeat', () => fake.gateway.frames.some((f) => f.op === 1));
    const live = fake.gateway.nextLive();
    fake.gateway.drop(1000);
    await live;
    expect(fake.gateway.identifies).toBe(2);
    const alice = fake.addMember({ username: 'alice' });
    const interaction = fake.sendCommand(alice, 'ml', { command: 'help' });
    await fake.waitFor('the command after re-identify', () => engine.events.length === 1);
    expect(interaction.callback?.type).toBe(5);
    const identify = fake.gateway.frames.find((f) => f.op === 2);
    expect(identify?.d.intents).toBe(1); // Guilds only
  });
});

describe('discord:register', () => {
  test('the CLI options come from the environment through src/config.ts', async () => {
    const { registerOptionsFromEnv } = await import('../../src/entry/discord-register-options.ts');
    expect(
      registerOptionsFromEnv({
        DISCORD_TOKEN: 'tok',
        DISCORD_APPLICATION_ID: '123456789012345678',
        DISCORD_GUILD_ID: '223456789012345678',
        MAX_FUND_USD: '500',
      }),
    ).toMatchObject({
      token: 'tok',
      applicationId: '123456789012345678',
      guildId: '223456789012345678',
      maxFundUsd: 500,
    });
    expect(() => registerOptionsFromEnv({})).toThrow(/DISCORD_TOKEN/);
    expect(() => registerOptionsFromEnv({ DISCORD_TOKEN: 'x', DISCORD_APPLICATION_ID: 'abc' })).toThrow(
      /DISCORD_APPLICATION_ID/,
    );
  });

  test('the CLI registers against DISCORD_API_URL and says where', async () => {
    extra = await FakeDiscord.start();
    const { execFile } = await import('node:child_process');
    const out = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        ['src/entry/discord-register.ts'],
        {
          env: {
            PATH: process.env.PATH,
            DISCORD_TOKEN: 'cli-token',
            DISCORD_APPLICATION_ID: extra?.applicationId,
            DISCORD_GUILD_ID: extra?.guildId,
            DISCORD_API_URL: extra?.apiUrl,
          },
        },
        (_err, stdout) => resolve({ code: child.exitCode, stdout }),
      );
    });
    expect(out.stdout).toContain('Registered 4 Discord commands in guild');
    expect(out.code).toBe(0);
    expect(extra.calls.filter((c) => c.method === 'PUT').map((c) => c.auth)).toEqual(['Bot cli-token']);
  });

  test('the CLI with --every-server registers in each server the bot is in and clears the global ones', async () => {
    extra = await FakeDiscord.start();
    const fake = extra;
    const second = fake.addGuild({ name: 'Second' });
    fake.addGuild({ name: 'Not joined', joined: false });
    const { execFile } = await import('node:child_process');
    const out = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        ['src/entry/discord-register.ts', '--every-server'],
        {
          env: {
            PATH: process.env.PATH,
            DISCORD_TOKEN: 'cli-token',
            DISCORD_APPLICATION_ID: fake.applicationId,
            DISCORD_API_URL: fake.apiUrl,
          },
        },
        (_err, stdout) => resolve({ code: child.exitCode, stdout }),
      );
    });
    expect(out.stdout).toContain('Registered the Discord commands in 2 servers');
    expect(out.code).toBe(0);
    const byScope = fake.state.commandRegistrations.map((r) => [r.guildId ?? 'global', r.body.length]);
    expect(byScope.sort()).toEqual(
      [
        [fake.guildId, 4],
        [second.id, 4],
        ['global', 0],
      ].sort(),
    );
  });
});
