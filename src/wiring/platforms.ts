/**
 * The three platform adapters (Slack, Discord, the browser playground), built from the config,
 * and the messengers that reach one tenant through them. Adapters hold no business rules: who
 * approves comes from the tenants' settings (`approversOf`), installs and removals go to the
 * directory (`welcome`, `recordUninstall`), and core's `opensForm` tells Discord what not to defer.
 */
import { createDiscordAdapter, type DiscordAdapter, type GuildJoined } from '../../adapters/discord/index.ts';
import { createSlackAdapter, createSlackInstallationStore, type SlackAdapter } from '../../adapters/slack/index.ts';
import { createPlayground, PEOPLE, type Playground } from '../../adapters/web/index.ts';
import type { Config } from '../config.ts';
import type { InboundPort } from '../core/shared/inbound.ts';
import { centsToDollars } from '../core/shared/money.ts';
import type { Clock, Logger, Messenger, MessengerRegistry, Metrics } from '../core/shared/ports.ts';
import type { TenantId } from '../core/shared/tenant.ts';
import type { Platform } from '../core/shared/types.ts';
import { opensForm } from '../core/workspace/index.ts';
import type { Stores } from '../store/index.ts';
import type { RotatingSecretBox } from '../tenants/secret-box.ts';
import { type SlackInstalled, type SlackWhere, slackTenant, slackWhere } from '../tenants/slack-tenant.ts';

/** The playground's workspaces in workspaces mode: two, so isolation can be seen by hand. */
const PLAYGROUND_WORKSPACES = [
  { id: 'acme', name: 'Acme' },
  { id: 'globex', name: 'Globex' },
] as const;

export interface PlatformDeps {
  readonly stores: Stores;
  readonly box: RotatingSecretBox | undefined;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly approversOf: (tenant: TenantId | undefined, platform: Platform) => Promise<readonly string[]>;
  readonly fallbackOf: (tenant: TenantId | undefined, platform: Platform) => Promise<readonly string[]>;
  readonly tenantOr: (tenant: TenantId | undefined) => TenantId | undefined;
  /**
   * An install (Slack OAuth, a Discord server joining): record the installer, welcome them.
   * `locale`: the server's preferred locale (Discord), the new tenant's language.
   */
  readonly welcome: (tenant: TenantId, platform: Platform, installerId: string, locale?: string) => Promise<void>;
  /** The workspace or server removed the bot: the tenant takes no new work. */
  readonly recordUninstall: (tenant: TenantId) => Promise<void>;
}

export interface Platforms {
  readonly slack: SlackAdapter | undefined;
  readonly discord: DiscordAdapter | undefined;
  readonly playground: Playground | undefined;
  /** The messengers that reach one tenant: its Slack workspace, its Discord server, the playground. */
  messengersFor(tenant: TenantId): MessengerRegistry;
  /**
   * Single-team mode's alerts go to ALERT_CHANNEL's platform; a channel set with /ml settings
   * (an id, no platform) goes to the one platform running, Slack first.
   */
  readonly singleAlertPlatform: Platform | undefined;
  /**
   * The language a tenant's platform gives it: a Discord server's preferred locale (workspaces
   * mode); undefined for the others and for single-team mode's one tenant, which spans servers.
   */
  platformLocale(tenant: TenantId): string | undefined;
  /** Hand every adapter's events to `port` (core's TenantRouter). */
  attach(port: InboundPort): void;
  /** Connect Slack and Discord. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Build the adapters `config` enables; the playground's conversation is restored before this resolves. */
export async function createPlatforms(config: Config, deps: PlatformDeps): Promise<Platforms> {
  const workspaces = config.tenancy === 'workspaces';
  const slack = config.slack ? slackAdapter(config, config.slack, deps) : undefined;
  const discord = config.discord ? discordAdapter(config, config.discord, deps) : undefined;
  const playground = config.playground.enabled
    ? createPlayground({
        sandbox: config.sandbox,
        logger: deps.logger.child({ platform: 'web' }),
        metrics: deps.metrics,
        // The conversation is kept beside the requests, so a restart brings back cards and DMs.
        store: deps.stores.kv,
        fallbackApproversFor: (workspaceId: string | undefined) =>
          deps.fallbackOf(deps.tenantOr(workspaceId ? `web:${workspaceId}` : undefined), 'web'),
        ...(workspaces
          ? {
              workspaces: PLAYGROUND_WORKSPACES,
              approversFor: (workspaceId: string | undefined) =>
                deps.approversOf(workspaceId ? `web:${workspaceId}` : undefined, 'web'),
            }
          : {}),
      })
    : undefined;
  await playground?.restore();

  const messengersFor = (tenant: TenantId): MessengerRegistry => {
    const out = new Map<Platform, Messenger>();
    if (!workspaces) {
      if (slack) out.set('slack', slack.messenger);
      if (discord) out.set('discord', discord.messenger);
      if (playground) out.set('web', playground.messenger);
      return out;
    }
    const [platform, home = ''] = tenant.split(/:(.*)/s);
    if (platform === 'slack' && slack) out.set('slack', slack.messengerFor(slackWhere(home)));
    if (platform === 'discord' && discord) out.set('discord', discord.messengerFor(home));
    if (platform === 'web' && playground) out.set('web', playground.messenger);
    return out;
  };

  return {
    slack,
    discord,
    playground,
    messengersFor,
    singleAlertPlatform:
      (config.alerts?.channel ?? config.subscriptionAlerts.channel)?.platform ??
      (slack ? 'slack' : discord ? 'discord' : playground ? 'web' : undefined),
    platformLocale(tenant) {
      if (!workspaces || !discord) return undefined;
      const [platform, guildId = ''] = tenant.split(/:(.*)/s);
      return platform === 'discord' ? discord.guildLocale(guildId) : undefined;
    },
    attach(port) {
      slack?.attach(port);
      discord?.attach(port);
      playground?.attach(port);
    },
    async start() {
      await Promise.all([slack?.start(), discord?.start()]);
    },
    async stop() {
      await Promise.allSettled([slack?.stop(), discord?.stop()]);
    },
  };
}

/** The playground's own approvers (Avery, or each workspace's Avery) until /ml settings says otherwise. */
export function playgroundApprovers(
  config: Config,
  playground: () => Playground | undefined,
): (tenant: TenantId) => readonly string[] {
  return (tenant) => {
    const people =
      config.tenancy === 'workspaces'
        ? (playground()?.workspaces.find((w) => `web:${w.id}` === tenant)?.people ?? [])
        : PEOPLE;
    return people.filter((p) => p.isApprover).map((p) => p.id);
  };
}

function slackAdapter(config: Config, slack: NonNullable<Config['slack']>, deps: PlatformDeps): SlackAdapter {
  const workspaces = config.tenancy === 'workspaces';
  const { box, logger } = deps;
  return createSlackAdapter({
    ...(slack.botToken ? { botToken: slack.botToken } : {}),
    ...(slack.signingSecret ? { signingSecret: slack.signingSecret } : {}),
    ...(slack.appToken ? { appToken: slack.appToken } : {}),
    ...(slack.apiUrl ? { apiUrl: slack.apiUrl } : {}),
    approvers: [...slack.approvers],
    approversFor: (where: SlackWhere) => deps.approversOf(deps.tenantOr(slackTenant(where)), 'slack'),
    fallbackApproversFor: (where: SlackWhere) => deps.fallbackOf(deps.tenantOr(slackTenant(where)), 'slack'),
    ...(slack.oauth && box
      ? {
          oauth: {
            ...slack.oauth,
            installationStore: createSlackInstallationStore({
              kv: deps.stores.kv,
              box,
              logger: logger.child({ component: 'slack-installs' }),
              clock: deps.clock,
            }),
            ...(config.publicUrl ? { redirectUri: `${config.publicUrl}/slack/oauth_redirect` } : {}),
            onInstalled: async (i: SlackInstalled) => {
              const tenant = slackTenant(i.enterpriseInstall ? { enterpriseId: i.enterpriseId } : { teamId: i.teamId });
              if (!workspaces || !tenant) return;
              await deps.welcome(tenant, 'slack', i.installerUserId);
            },
            onUninstalled: async (where: SlackWhere) => {
              const tenant = slackTenant(where);
              // The adapter deleted the workspace's Slack tokens; the tenant takes no new work.
              if (workspaces && tenant) await deps.recordUninstall(tenant);
            },
          },
        }
      : {}),
    logger: logger.child({ platform: 'slack' }),
    metrics: deps.metrics,
    sandbox: config.sandbox,
    // Post keys are recorded before each post: a restart adopts a post it did not record.
    postJournal: deps.stores.kv,
  });
}

function discordAdapter(config: Config, discord: NonNullable<Config['discord']>, deps: PlatformDeps): DiscordAdapter {
  return createDiscordAdapter({
    token: discord.token,
    // Off (a second replica): REST only, so its watcher can still post receipts and DMs.
    gateway: discord.gateway,
    applicationId: discord.applicationId,
    ...(discord.guildId ? { guildId: discord.guildId } : {}),
    ...(discord.apiUrl ? { apiUrl: discord.apiUrl } : {}),
    ...(discord.approverRoleId ? { approverRoleId: discord.approverRoleId } : {}),
    approverRolesFor: (guildId: string) => deps.approversOf(deps.tenantOr(`discord:${guildId}`), 'discord'),
    fallbackApproversFor: (guildId: string | undefined) =>
      deps.fallbackOf(deps.tenantOr(guildId ? `discord:${guildId}` : undefined), 'discord'),
    // Core's rule: an event that may open a form is not deferred, so the modal can be its first response.
    opensForm,
    ...(config.tenancy === 'workspaces'
      ? {
          perGuildCommands: true,
          // `locale`: the server's preferredLocale, the new tenant's language (tenancy.ts).
          onGuildJoined: (g: GuildJoined) => deps.welcome(`discord:${g.guildId}`, 'discord', g.ownerId, g.locale),
          onGuildLeft: (guildId: string) => deps.recordUninstall(`discord:${guildId}`),
        }
      : {}),
    maxFundUsd: centsToDollars(config.policy.maxFundCents),
    logger: deps.logger.child({ platform: 'discord' }),
    metrics: deps.metrics,
    postJournal: deps.stores.kv,
  });
}
