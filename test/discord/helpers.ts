/**
 * Shared set-up for Discord adapter tests: a fake Discord plus the real adapter (discord.js); and
 * what full-flow tests (DiscordApp) read back from the fake.
 */
import { createDiscordAdapter, type DiscordAdapter, type DiscordAdapterOptions } from '../../adapters/discord/index.ts';
import { FakeDiscord, type FakeDiscordOptions } from '../../fakes/discord/index.ts';
import type { Logger } from '../../src/core/shared/ports.ts';
import { RecordingEngine } from '../support/recording-engine.ts';
import type { DiscordApp } from './harness.ts';

export interface LogLine {
  readonly level: string;
  readonly msg: string;
  readonly data: unknown;
}

/** A Logger that keeps what it was told, for "this was logged" assertions. */
export function captureLogger(lines: LogLine[] = []): Logger & { lines: LogLine[] } {
  const at =
    (level: string) =>
    (objOrMsg: object | string, msg?: string): void => {
      lines.push(
        typeof objOrMsg === 'string'
          ? { level, msg: objOrMsg, data: undefined }
          : { level, msg: msg ?? '', data: objOrMsg },
      );
    };
  const logger = {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
  };
  return logger;
}

/** Our own engine interface, recording events; `script` decides how each event is answered. */
export { RecordingEngine };

export interface BotUnderTest {
  readonly fake: FakeDiscord;
  readonly adapter: DiscordAdapter;
  readonly engine: RecordingEngine;
  readonly logger: ReturnType<typeof captureLogger>;
  stop(): Promise<void>;
}

export async function startBot(
  options: {
    approverRole?: boolean;
    guild?: boolean;
    fake?: FakeDiscordOptions;
    /** More adapter options (hooks, opensForm…). */
    adapter?: (fake: FakeDiscord) => Partial<DiscordAdapterOptions>;
    /** Set the fake up before the bot connects (servers it is already in). */
    before?: (fake: FakeDiscord) => void;
    /** Another stand-in port (one with `checkForm`). */
    engine?: (logger: Logger) => RecordingEngine;
  } = {},
): Promise<BotUnderTest> {
  const fake = await FakeDiscord.start(options.fake);
  options.before?.(fake);
  const logger = captureLogger();
  const adapter = createDiscordAdapter({
    token: 'fake-bot-token',
    applicationId: fake.applicationId,
    ...(options.guild === false ? {} : { guildId: fake.guildId }),
    apiUrl: fake.apiUrl,
    ...(options.approverRole === false ? {} : { approverRoleId: fake.approverRoleId }),
    maxFundUsd: 1000,
    logger,
    ...options.adapter?.(fake),
  });
  const engine = options.engine?.(logger) ?? new RecordingEngine(logger);
  adapter.attach(engine);
  await adapter.start();
  return {
    fake,
    adapter,
    engine,
    logger,
    async stop() {
      await adapter.stop();
      await fake.stop();
    },
  };
}

/** Discord's EPHEMERAL message flag (1 << 6): only the one who asked sees the message. */
export const EPHEMERAL = 64;

/** The first embed of a stored message, as the fake keeps its JSON. */
// biome-ignore lint/suspicious/noExplicitAny: embed JSON as stored by the fake
export const embedOf = (message: { embeds: unknown[] } | undefined): any => message?.embeds[0];

/** What each answer to one interaction says (its embed's description, else its content). */
export function answerTexts(app: DiscordApp, token: string): string[] {
  return app.answersTo(token).map((c) => c.body?.embeds?.[0]?.description ?? c.body?.content ?? '');
}

/** A command's private answer: its deferred reply, once edited with an embed. */
export function privateAnswer(app: DiscordApp, token: string, what = 'the private answer') {
  const { fake } = app;
  return fake.waitFor(what, () => {
    const id = fake.state.originalByToken.get(token);
    const message = id ? fake.state.messages.get(id) : undefined;
    return message && message.embeds.length > 0 ? message : undefined;
  });
}

/** The request id on the newest request card in the fake's channel (its Approve button), once posted. */
export function newestCardRequestId(discord: FakeDiscord): Promise<string> {
  return discord.waitFor('Discord card', () => {
    for (const m of discord.state.channelMessages(discord.channelId).reverse()) {
      const c = (m.components ?? [])
        .flatMap((r) => r.components ?? [])
        .find((b) => b.custom_id?.startsWith('approve:'));
      if (c?.custom_id) return c.custom_id.slice('approve:'.length);
    }
    return undefined;
  });
}
