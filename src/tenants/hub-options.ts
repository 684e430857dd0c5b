/**
 * What the hub is built from: the directory it reads, the account pool, and the per-tenant
 * pieces the app supplies (stores, policy, messengers), plus the knobs tests shrink. Its own file
 * so the hub's parts (tenant-launch.ts, tenant-alerts.ts, drain-check.ts) read the same options.
 */
import type { BotParts } from '../bot.ts';
import type { Locale, MessageFormatter } from '../core/shared/i18n.ts';
import type { Policy } from '../core/shared/policy.ts';
import type { Clock, KeyValueStore, Logger, MessengerRegistry, Metrics } from '../core/shared/ports.ts';
import type { TenantId } from '../core/shared/tenant.ts';
import type { Platform } from '../core/shared/types.ts';
import type { TenantSettings } from '../core/shared/workspace-ports.ts';
import type { TenantStores } from '../store/index.ts';
import type { AccountPool } from './accounts.ts';
import type { Directory } from './directory.ts';
import type { RetiredKeep } from './session-accounts.ts';

/** What the hub reads from the directory. */
export type HubDirectory = Pick<
  Directory,
  'tenancy' | 'list' | 'credentials' | 'settings' | 'purgeDrained' | 'retiredCredentials' | 'forgetRetired'
>;

export interface HubOptions {
  readonly directory: HubDirectory;
  readonly accounts: Pick<AccountPool, 'acquire' | 'release' | 'fingerprintsOf'>;
  /** A tenant's stores (app: `stores.scope(tenant, { root: tenant === SINGLE_TENANT })`). */
  storesFor(tenant: TenantId): TenantStores;
  /** Settings → Policy (app: core's settingsToPolicy over the environment's policy). */
  policyFor(settings: TenantSettings): Policy;
  /** The messengers that reach the tenant's workspace (Slack messengerFor(team), Discord messengerFor(guild), the playground's). */
  messengersFor(tenant: TenantId): MessengerRegistry;
  /** Root kv: the message index. */
  readonly kv: KeyValueStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics?: Metrics;
  readonly billingPerMinute: number;
  readonly billingPerMinuteCap?: number;
  /** PUBLIC_URL (or the sandbox's address): single mode `<base>`, workspaces `<base>/w/<tenant>`. */
  readonly payLinkBase?: string;
  readonly ownerId?: string;
  readonly sandbox: boolean;
  /** Single-team mode's alert platform (ALERT_CHANNEL's); workspaces tenants alert on their own. */
  readonly singleAlertPlatform?: Platform;
  readonly alertIntervalMs?: number;
  /** Between subscription payment rounds (SUBSCRIPTION_CHECK_MINUTES; default 15 min). */
  readonly subscriptionCheckMs?: number;
  /** How often draining tenants are checked for sessions left (default 60 s). */
  readonly drainCheckMs?: number;
  /** How long a retired token is kept past its sessions (tests shrink it; session-accounts.ts). */
  readonly retiredKeep?: RetiredKeep;
  /** One formatter for every tenant's bot (createBot makes its own when unset). */
  readonly messages?: MessageFormatter;
  /** BOT_LANGUAGE: the deployment's language, every tenant's default `language` setting. */
  readonly defaultLanguage?: Locale | undefined;
  /**
   * The language the tenant's own platform gives it, read at each post (a Discord server's
   * preferred locale, `guildLocale`); undefined when it has none.
   */
  readonly platformLocale?: ((tenant: TenantId) => string | undefined) | undefined;
  /** How many tenants start at once on start-up (default 8). */
  readonly startConcurrency?: number;
  /** Tests shrink the watcher's timings. */
  readonly bot?: Pick<
    BotParts,
    | 'watcherOptions'
    | 'sweepIntervalMs'
    | 'engineOptions'
    | 'billingMaxWaitMs'
    | 'reportWeekly'
    | 'charts'
    | 'chartFontFile'
  >;
}
