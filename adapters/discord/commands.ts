/**
 * The four slash commands and their registration. Registration is a bulk overwrite (PUT), so it
 * is idempotent: running it again leaves exactly these commands. Guild registration is instant;
 * global registration can take a while to reach every client.
 */
import {
  InteractionContextType,
  REST,
  type RESTPutAPIApplicationCommandsJSONBody,
  Routes,
  SlashCommandBuilder,
} from 'discord.js';
import { MIN_FUND_CENTS } from '../../src/core/shared/money.ts';
import type { Logger } from '../../src/core/shared/ports.ts';

export const COMMAND_NAMES = {
  fund: 'ml-fund',
  subscribe: 'ml-subscribe',
  balance: 'ml-balance',
  ml: 'ml',
} as const;

/** Discord caps option descriptions at 100 characters. */
export const ML_OPTION_DESCRIPTION =
  'help, status, transactions, invoices, coupon CODE, autorecharge, audit, cancel ID, deny ID, panel';

export function buildCommands(maxFundUsd: number): RESTPutAPIApplicationCommandsJSONBody {
  const inGuilds = [InteractionContextType.Guild] as const;
  return [
    new SlashCommandBuilder()
      .setName(COMMAND_NAMES.fund)
      .setDescription('Ask to top up the shared ModelsLab wallet (an approver confirms)')
      .setContexts(...inGuilds)
      .addNumberOption((o) =>
        o
          .setName('amount')
          .setDescription(`Amount in US dollars (${MIN_FUND_CENTS / 100} to ${maxFundUsd}); leave it out for a form`)
          // Optional: /ml-fund with no amount opens the fund form (a modal; core/fund/fund-form.ts).
          .setRequired(false)
          .setMinValue(MIN_FUND_CENTS / 100)
          .setMaxValue(maxFundUsd),
      )
      .addStringOption((o) => o.setName('note').setDescription('What the money is for').setMaxLength(200)),
    new SlashCommandBuilder()
      .setName(COMMAND_NAMES.subscribe)
      .setDescription('Subscribe the shared ModelsLab account to a plan')
      .setContexts(...inGuilds)
      .addStringOption((o) => o.setName('plan').setDescription('Plan name or id (leave empty to see the plans)')),
    new SlashCommandBuilder()
      .setName(COMMAND_NAMES.balance)
      .setDescription('Show the ModelsLab wallet balance and recent transactions')
      .setContexts(...inGuilds)
      .addBooleanOption((o) => o.setName('public').setDescription('Post it in the channel instead of only to you')),
    new SlashCommandBuilder()
      .setName(COMMAND_NAMES.ml)
      .setDescription('Everything else: help, status, transactions, invoices, coupon, autorecharge, audit, panel')
      .setContexts(...inGuilds)
      .addStringOption((o) => o.setName('command').setDescription(ML_OPTION_DESCRIPTION).setMaxLength(200)),
  ].map((builder) => builder.toJSON());
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
