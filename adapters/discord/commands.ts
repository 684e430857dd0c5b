/**
 * The four slash commands and their registration. Registration is a bulk overwrite (PUT), so it
 * is idempotent: running it again leaves exactly these commands. Guild registration is instant;
 * global registration can take a while to reach every client.
 */
import {
  type ApplicationCommandOptionBase,
  InteractionContextType,
  type LocaleString,
  REST,
  type RESTPutAPIApplicationCommandsJSONBody,
  Routes,
  SlashCommandBuilder,
} from 'discord.js';
import {
  LOCALES,
  type Locale,
  type MessageFormatter,
  type MessageKey,
  type MessageValues,
} from '../../src/core/shared/i18n.ts';
import { MIN_FUND_CENTS } from '../../src/core/shared/money.ts';
import type { Logger } from '../../src/core/shared/ports.ts';
import { createMessageFormatter } from '../../src/i18n/icu-formatter.ts';

export const COMMAND_NAMES = {
  fund: 'ml-fund',
  subscribe: 'ml-subscribe',
  balance: 'ml-balance',
  ml: 'ml',
} as const;

/** Discord caps option descriptions at 100 characters. */
export const ML_OPTION_DESCRIPTION =
  'help, status, transactions, invoices, coupon CODE, autorecharge, audit, cancel ID, deny ID, panel';

/**
 * The Discord locales each catalog language is registered for. Discord has no plain "es": Spain
 * and Latin America are separate client languages, and the catalog's Spanish serves both.
 */
export const DISCORD_LOCALES: Readonly<Record<Locale, readonly LocaleString[]>> = {
  // English is the commands' default text: every other client language falls back to it.
  en: [],
  es: ['es-ES', 'es-419'],
};

type Localizations = Partial<Record<LocaleString, string>>;

export function buildCommands(
  maxFundUsd: number,
  messages: MessageFormatter = createMessageFormatter(),
): RESTPutAPIApplicationCommandsJSONBody {
  const inGuilds = [InteractionContextType.Guild] as const;
  const range = { min: String(MIN_FUND_CENTS / 100), max: String(maxFundUsd) };
  /** English (the default Discord shows) and every other catalog language's translation. */
  const described = (key: MessageKey, values?: MessageValues) => ({
    description: messages.format('en', key, values),
    localizations: localized((locale) => messages.format(locale, key, values)),
  });
  /**
   * Names stay English in every language: README and the bot's own texts (help, usage lines,
   * "/ml-fund amount:50 note:…") name `/ml-fund`, `amount`, `note`, and a Spanish member typing
   * what the bot told them must find it. Registered explicitly, so a translated name is a choice.
   */
  const named = (name: string) => localized(() => name);
  const command = (name: string, key: MessageKey) => {
    const { description, localizations } = described(key);
    return new SlashCommandBuilder()
      .setName(name)
      .setNameLocalizations(named(name))
      .setDescription(description)
      .setDescriptionLocalizations(localizations)
      .setContexts(...inGuilds);
  };
  const option =
    (name: string, key: MessageKey, values?: MessageValues) =>
    <O extends ApplicationCommandOptionBase>(o: O): O => {
      const { description, localizations } = described(key, values);
      return o
        .setName(name)
        .setNameLocalizations(named(name))
        .setDescription(description)
        .setDescriptionLocalizations(localizations);
    };
  return [
    command(COMMAND_NAMES.fund, 'discordCommands.fund')
      .addNumberOption((o) =>
        option('amount', 'discordCommands.fund_amount', { min: range.min, max: range.max })(o)
          // Optional: /ml-fund with no amount opens the fund form (a modal; core/fund/fund-form.ts).
          .setRequired(false)
          .setMinValue(MIN_FUND_CENTS / 100)
          .setMaxValue(maxFundUsd),
      )
      .addStringOption((o) => option('note', 'discordCommands.fund_note')(o).setMaxLength(200)),
    command(COMMAND_NAMES.subscribe, 'discordCommands.subscribe').addStringOption((o) =>
      option('plan', 'discordCommands.subscribe_plan')(o),
    ),
    command(COMMAND_NAMES.balance, 'discordCommands.balance').addBooleanOption((o) =>
      option('public', 'discordCommands.balance_public')(o),
    ),
    command(COMMAND_NAMES.ml, 'discordCommands.ml').addStringOption((o) =>
      option('command', 'discordCommands.ml_command')(o).setMaxLength(200),
    ),
  ].map((builder) => builder.toJSON());
}

function localized(text: (locale: Locale) => string): Localizations {
  const out: Localizations = {};
  for (const locale of LOCALES) {
    for (const tag of DISCORD_LOCALES[locale]) out[tag] = text(locale);
  }
  return out;
}

export interface RegisterCommandsOptions {
  readonly token: string;
  readonly applicationId: string;
  /** Register in this guild only (instant); otherwise globally. */
  readonly guildId?: string | undefined;
  /** REST base for proxies and tests (discord.js `rest.api`). */
  readonly apiUrl?: string | undefined;
  readonly maxFundUsd: number;
  readonly logger?: Logger;
}

/** Bulk-overwrite the bot's commands; returns how many Discord now has. */
export async function registerCommands(options: RegisterCommandsOptions, rest?: REST): Promise<number> {
  const client = restFor(options, rest);
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.applicationId, options.guildId)
    : Routes.applicationCommands(options.applicationId);
  const body = buildCommands(options.maxFundUsd);
  const result = (await client.put(route, { body })) as unknown[];
  options.logger?.info(
    { scope: options.guildId ? 'guild' : 'global', count: result.length },
    'discord: slash commands registered',
  );
  return result.length;
}

type ApplicationRef = Pick<RegisterCommandsOptions, 'token' | 'applicationId' | 'apiUrl' | 'logger'>;

function restFor(options: ApplicationRef, rest?: REST): REST {
  return rest ?? new REST(options.apiUrl ? { api: options.apiUrl } : {}).setToken(options.token);
}

/**
 * Remove the global commands (a bulk overwrite with none). With commands registered in each
 * server, global ones left from an earlier set-up would show every command twice.
 */
export async function clearGlobalCommands(options: ApplicationRef, rest?: REST): Promise<void> {
  await restFor(options, rest).put(Routes.applicationCommands(options.applicationId), { body: [] });
  options.logger?.info({ scope: 'global' }, 'discord: global slash commands cleared (they live in each server)');
}

/** The ids of every server the bot is in (GET /users/@me/guilds, 200 a page). */
export async function listBotGuilds(options: ApplicationRef, rest?: REST): Promise<string[]> {
  const client = restFor(options, rest);
  const ids: string[] = [];
  for (let after = '0'; ; ) {
    const page = (await client.get(Routes.userGuilds(), {
      query: new URLSearchParams({ limit: '200', after }),
    })) as Array<{ id: string }>;
    ids.push(...page.map((g) => g.id));
    const last = page.at(-1);
    if (page.length < 200 || !last) return ids;
    after = last.id;
  }
}

/**
 * `npm run discord:register -- --every-server`: the commands in each server the bot is in, and
 * none globally. Returns how many servers got them; a server that refuses is reported, not fatal.
 */
export async function registerCommandsInEveryGuild(
  options: Omit<RegisterCommandsOptions, 'guildId'>,
  rest?: REST,
): Promise<{ registered: number; failed: string[] }> {
  const client = restFor(options, rest);
  const failed: string[] = [];
  let registered = 0;
  for (const guildId of await listBotGuilds(options, client)) {
    try {
      await registerCommands({ ...options, guildId }, client);
      registered += 1;
    } catch (err) {
      options.logger?.error({ err, guild: guildId }, 'discord: could not register the commands in a server');
      failed.push(guildId);
    }
  }
  await clearGlobalCommands(options, client);
  return { registered, failed };
}
