/** Shared set-up for Discord adapter tests: a fake Discord plus the real adapter (discord.js). */
import { createDiscordAdapter, type DiscordAdapter, type EngineLike } from '../../adapters/discord/index.ts';
import type { Logger, Responder } from '../../src/core/ports.ts';
import type { InboundEvent } from '../../src/core/types.ts';
import { FakeDiscord, type FakeDiscordOptions } from '../fakes/discord/index.ts';

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
export class RecordingEngine implements EngineLike {
  readonly events: InboundEvent[] = [];
  script: (event: InboundEvent, responder: Responder) => Promise<void> = async () => {};

  async handle(event: InboundEvent, responder: Responder): Promise<void> {
    this.events.push(event);
    await this.script(event, responder);
  }
}

export interface BotUnderTest {
  readonly fake: FakeDiscord;
  readonly adapter: DiscordAdapter;
  readonly engine: RecordingEngine;
  readonly logger: ReturnType<typeof captureLogger>;
  stop(): Promise<void>;
}

export async function startBot(
  options: { approverRole?: boolean; guild?: boolean; fake?: FakeDiscordOptions } = {},
): Promise<BotUnderTest> {
  const fake = await FakeDiscord.start(options.fake);
  const logger = captureLogger();
  const adapter = createDiscordAdapter({
    token: 'fake-bot-token',
    applicationId: fake.applicationId,
    ...(options.guild === false ? {} : { guildId: fake.guildId }),
    apiUrl: fake.apiUrl,
    ...(options.approverRole === false ? {} : { approverRoleId: fake.approverRoleId }),
    maxFundUsd: 1000,
    logger,
  });
  const engine = new RecordingEngine();
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
