/**
 * The hub: one bot per tenant (src/bot.ts createBot), built lazily, on the tenant's scoped stores,
 * its account's billing and budget (accounts.ts), a live Policy over its settings, its own
 * messengers (recorded in the message index) and its own low-balance monitor. Implements core's
 * TenantEngines; the directory (directory.ts) tells it when a tenant connects, disconnects or
 * changes its settings.
 *
 * Start-up starts the tenants with work to finish (open requests, or sessions that can still be
 * paid) and those with low-balance alerts; the rest start on their first event. Measured (200
 * tenants, memory store): a started tenant with nothing open holds ~12 KB of heap and starts in
 * ~0.5 ms, so memory is not the reason; its engine's sweep is: every tenant's engine reads its
 * store every 30 s, and 1,000 quiet tenants would cost ~33 store scans a second for nothing.
 *
 * Disconnected (or uninstalled) tenants take no new events at once, but their watcher keeps
 * confirming the sessions already handed out (money follows the session); when none is left the
 * hub stops the bot and the directory forgets the token.
 *
 * A tenant that connects another token keeps the replaced one retired (directory.ts): its bot
 * restarts on the new token, and its billing port (session-billing.ts) confirms each session with
 * the token that created it. The drain check forgets a retired token once the last session it
 * created can no longer be paid (session-accounts.ts retiredKeepUntil).
 */
import { type Bot, type BotParts, createBot, createLowBalanceMonitor, createWeeklyReport } from '../bot.ts';
import type { LowBalanceMonitor } from '../core/alerts/low-balance-monitor.ts';
import type { ConversationEngine } from '../core/engine.ts';
import type { WeeklyReportJob } from '../core/report/index.ts';
import { DEFAULT_LOCALE, type Locale, localeOf, type MessageFormatter } from '../core/shared/i18n.ts';
import type { Policy } from '../core/shared/policy.ts';
import type { Clock, KeyValueStore, Logger, MessengerRegistry, Metrics, TimerHandle } from '../core/shared/ports.ts';
import { platformOfTenant, SINGLE_TENANT, type Tenancy, type TenantId } from '../core/shared/tenant.ts';
import type { ConversationRef, MessageRef, Platform } from '../core/shared/types.ts';
import type { TenantEngine, TenantEngines, TenantSettings } from '../core/shared/workspace-ports.ts';
import type { TenantStores } from '../store/index.ts';
import type { Account, AccountPool } from './accounts.ts';
import type { Directory, TenantListener } from './directory.ts';
import { livePolicy } from './live-policy.ts';
import { MessageIndex } from './message-index.ts';
import { type RetiredKeep, retiredKeepUntil, SessionAccounts } from './session-accounts.ts';
import { SessionBilling } from './session-billing.ts';

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

interface Running {
  readonly tenant: TenantId;
  readonly bot: Bot;
  readonly account: Account;
  /** Workspaces mode: the port that confirms each session with the account that created it. */
  readonly billing: SessionBilling | undefined;
  readonly sessions: SessionAccounts;
  readonly engine: TenantEngine;
  /** Retired tokens the directory still keeps for this tenant's sessions (as last read). */
  retired: number;
  settings: TenantSettings;
  policy: Policy;
  draining: boolean;
  monitor: LowBalanceMonitor | undefined;
  monitorKey: string;
  /** The weekly spend report in the alert channel (issue 17), restarted with the monitor. */
  weekly?: WeeklyReportJob | undefined;
  weeklyKey?: string;
}

const DEFAULT_ALERT_INTERVAL_MS = 5 * 60_000;
const DEFAULT_DRAIN_CHECK_MS = 60_000;

export class TenantHub implements TenantEngines, TenantListener {
  readonly tenancy: Tenancy;
  readonly #o: HubOptions;
  readonly #index: MessageIndex;
  readonly #running = new Map<TenantId, Running>();
  readonly #starting = new Map<TenantId, Promise<Running | undefined>>();
  readonly #depths = new Map<TenantId, number>();
  #drainTimer: TimerHandle | undefined;
  #stopped = false;

  constructor(options: HubOptions) {
    this.tenancy = options.directory.tenancy;
    this.#o = options;
    this.#index = new MessageIndex(options.kv, options.logger.child({ component: 'hub' }));
  }

  /**
   * The language of a tenant's channel posts: the one it chose in `/ml settings`, else its
   * platform's (a Discord server's preferred locale), else BOT_LANGUAGE, else English. The
   * directory keeps only overrides of the defaults, so a `language` equal to BOT_LANGUAGE is
   * the deployment's, not a choice (as the welcome's adoption of the server's locale reads it).
   */
  #languageOf(tenant: TenantId, language: Locale | undefined): Locale {
    if (language !== undefined && language !== this.#o.defaultLanguage) return language;
    return localeOf(this.#o.platformLocale?.(tenant)) ?? language ?? DEFAULT_LOCALE;
  }

  // ------------------------------------------------------------ TenantEngines

  async engineFor(tenant: TenantId): Promise<TenantEngine | undefined> {
    const run = await this.#ensure(tenant, { draining: false });
    return run && !run.draining ? run.engine : undefined;
  }

  tenantOfMessage(platform: Platform, message: MessageRef): Promise<TenantId | undefined> {
    if (this.tenancy === 'single') return Promise.resolve(SINGLE_TENANT);
    return this.#index.tenantOf(platform, message);
  }

  // ------------------------------------------------------------ the app's side

  /** The running engine of a tenant, if any (App.engine in single mode). */
  engineOf(tenant: TenantId): ConversationEngine | undefined {
    return this.#running.get(tenant)?.bot.engine;
  }

  /** The bot of a running tenant (tests, metrics). */
  botOf(tenant: TenantId): Bot | undefined {
    return this.#running.get(tenant)?.bot;
  }

  /** The messengers that reach a tenant, recording what they send (the installer's welcome DM). */
  messengers(tenant: TenantId): MessengerRegistry {
    const inner = this.#o.messengersFor(tenant);
    return this.tenancy === 'single' ? inner : this.#index.recording(tenant, inner);
  }

  /** Tenants with a running bot. */
  running(): TenantId[] {
    return [...this.#running.keys()];
  }

  /**
   * The engine that answers a tracked pay link of `tenant`: also a disconnected tenant's, whose
   * sessions can still be paid. Undefined (the caller's plain 404) for a tenant with no account.
   */
  async payLinkOpener(tenant: TenantId): Promise<ConversationEngine | undefined> {
    return (await this.#ensure(tenant, { draining: true }))?.bot.engine;
  }

  /** Start the tenants with work to finish or alerts to watch; the rest start on first use. */
  async start(): Promise<void> {
    this.#stopped = false;
    const tenants = await this.#o.directory.list();
    const queue = [...tenants];
    const worker = async () => {
      for (let t = queue.shift(); t !== undefined; t = queue.shift()) {
        try {
          if (this.tenancy === 'single' || (await this.#hasWork(t))) await this.#ensure(t, { draining: true });
        } catch (err) {
          this.#o.logger.error({ err, tenant: t }, 'tenant could not start');
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.#o.startConcurrency ?? 8) }, worker));
    this.#scheduleDrainCheck();
  }

  /** Resolves once no tenant's engine has an event in flight. */
  async idle(): Promise<void> {
    await Promise.all([...this.#starting.values()].map((p) => p.catch(() => undefined)));
    await Promise.all([...this.#running.values()].map((r) => r.bot.engine.idle()));
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#drainTimer?.cancel();
    this.#drainTimer = undefined;
    await Promise.all([...this.#starting.values()].map((p) => p.catch(() => undefined)));
    await Promise.allSettled([...this.#running.values()].map((r) => this.#halt(r)));
  }

  // ------------------------------------------------------------ TenantListener (the directory)

  async connected(tenant: TenantId): Promise<void> {
    // Started now, so its alerts run and the first command finds it warm.
    await this.#ensure(tenant, { draining: false });
  }

  disconnected(tenant: TenantId): void {
    const run = this.#running.get(tenant);
    if (!run || run.draining) return;
    run.draining = true;
    run.monitor?.stop();
    run.monitor = undefined;
    run.monitorKey = '';
    run.weekly?.stop();
    run.weekly = undefined;
    run.weeklyKey = '';
    this.#o.logger.info(
      { tenant, watching: run.bot.watcher.size() },
      'tenant draining: no new work, open sessions still watched',
    );
    this.#scheduleDrainCheck();
  }

  async settingsChanged(tenant: TenantId): Promise<void> {
    const run = this.#running.get(tenant);
    if (run) await this.#refresh(run);
  }

  // ------------------------------------------------------------ inside

  /** The tenant's bot, started if its account allows; refreshed from the directory on every call. */
  async #ensure(tenant: TenantId, want: { draining: boolean }): Promise<Running | undefined> {
    if (this.#stopped) return undefined;
    const creds = await this.#o.directory.credentials(tenant);
    const run = this.#running.get(tenant);
    if (!creds) {
      if (run) this.disconnected(tenant);
      return want.draining ? run : undefined;
    }
    if (run && run.account.account === creds.account) return this.#current(run, creds.draining, want);
    if (creds.draining && !want.draining) return undefined;
    // Not running, or connected to another account now: (re)start on the current token, once,
    // however many events ask at the same moment.
    const pending = this.#starting.get(tenant);
    if (pending) {
      const started = await pending.catch(() => undefined);
      return started && !this.#stopped ? this.#current(started, creds.draining, want) : undefined;
    }
    const start = (async () => {
      if (run) await this.#halt(run);
      return this.#launch(tenant, creds.token, creds.draining);
    })();
    this.#starting.set(tenant, start);
    try {
      return await start;
    } finally {
      this.#starting.delete(tenant);
    }
  }

  /** A running bot, brought in line with what the directory says now. */
  async #current(run: Running, draining: boolean, want: { draining: boolean }): Promise<Running | undefined> {
    if (draining) this.disconnected(run.tenant);
    // Reconnected with the same account while draining: serve again.
    else if (run.draining) run.draining = false;
    await this.#refresh(run);
    return draining && !want.draining ? undefined : run;
  }

  async #launch(tenant: TenantId, token: string, draining: boolean): Promise<Running> {
    const o = this.#o;
    const account = o.accounts.acquire(token, { legacy: this.tenancy === 'single' });
    const settings = await o.directory.settings(tenant);
    const holder: { run?: Running } = {};
    const initialPolicy = o.policyFor(settings);
    const policy = livePolicy(() => holder.run?.policy ?? initialPolicy);
    const messengers = this.messengers(tenant);
    const logger = this.tenancy === 'single' ? o.logger : o.logger.child({ tenant });
    const stores = o.storesFor(tenant);
    const sessions = new SessionAccounts(stores.kv, o.clock);
    const fingerprint = account.account;
    const billing =
      fingerprint === undefined
        ? undefined
        : new SessionBilling({
            current: { ...account, account: fingerprint },
            currentFingerprints: o.accounts.fingerprintsOf(token),
            sessions,
            held: async () => {
              const now = await o.directory.credentials(tenant);
              const retired = await o.directory.retiredCredentials(tenant);
              return now?.account !== undefined ? [{ token: now.token, account: now.account }, ...retired] : retired;
            },
            accounts: o.accounts,
            clock: o.clock,
            logger: logger.child({ component: 'session-billing' }),
          });
    const retired = this.tenancy === 'workspaces' ? (await o.directory.retiredCredentials(tenant)).length : 0;
    const bot = createBot({
      billing: billing ?? account.billing,
      budget: account.budget,
      stores,
      messengers,
      clock: o.clock,
      logger,
      ...(o.metrics ? { metrics: this.#tenantMetrics(tenant, o.metrics) } : {}),
      policy,
      billingPerMinute: o.billingPerMinute,
      ...(o.billingPerMinuteCap !== undefined ? { billingPerMinuteCap: o.billingPerMinuteCap } : {}),
      ...(o.payLinkBase ? { payLinkBase: this.#payLinkBase(tenant, o.payLinkBase) } : {}),
      ...(o.ownerId ? { ownerId: o.ownerId } : {}),
      ...(this.tenancy === 'workspaces' ? { tenant } : {}),
      ...(o.messages ? { messages: o.messages } : {}),
      // Read at each post: a `/ml settings` language change applies from the next message.
      locale: () => this.#languageOf(tenant, (holder.run?.settings ?? settings).language),
      ...o.bot,
    });
    const run: Running = {
      tenant,
      bot,
      account,
      billing,
      sessions,
      retired,
      settings,
      policy: initialPolicy,
      draining,
      monitor: undefined,
      monitorKey: '',
      engine: {
        handle: (event, responder) => bot.engine.handle(event, responder),
        checkForm: (event) => bot.engine.checkForm(event),
        home: (actor) => bot.engine.home(actor),
      },
    };
    holder.run = run;
    try {
      await bot.start();
    } catch (err) {
      billing?.close();
      o.accounts.release(account);
      await bot.stop().catch(() => {});
      throw err;
    }
    this.#running.set(tenant, run);
    this.#restartMonitor(run);
    logger.info({ tenant, draining, account: fingerprint, retired }, 'tenant started');
    if (draining || retired > 0) this.#scheduleDrainCheck();
    return run;
  }

  async #refresh(run: Running): Promise<void> {
    run.settings = await this.#o.directory.settings(run.tenant);
    run.policy = this.#o.policyFor(run.settings);
    this.#restartMonitor(run);
  }

  /** The tenant's low-balance monitor, from its settings; restarted only when they change. */
  #restartMonitor(run: Running): void {
    this.#restartWeekly(run);
    const { alertChannelId, lowBalanceCents } = run.settings;
    const on = !run.draining && alertChannelId !== undefined && (lowBalanceCents ?? 0) > 0;
    const key = on ? `${alertChannelId}:${lowBalanceCents}` : '';
    if (key === run.monitorKey) return;
    run.monitor?.stop();
    run.monitor = undefined;
    run.monitorKey = key;
    const channel = on && alertChannelId ? this.#alertChannel(run.tenant, alertChannelId) : undefined;
    if (!channel || lowBalanceCents === undefined) return;
    run.monitor = createLowBalanceMonitor(
      {
        billing: run.account.billing,
        stores: this.#o.storesFor(run.tenant),
        messengers: this.messengers(run.tenant),
        clock: this.#o.clock,
        logger: this.#o.logger,
        ...(this.#o.ownerId ? { ownerId: this.#o.ownerId } : {}),
      },
      {
        thresholdCents: lowBalanceCents,
        channel,
        intervalMs: this.#o.alertIntervalMs ?? DEFAULT_ALERT_INTERVAL_MS,
        sandbox: this.#o.sandbox,
      },
    );
    run.monitor?.start();
  }

  /** The tenant's weekly report: on while it has an alert channel (and REPORT_WEEKLY is not off). */
  #restartWeekly(run: Running): void {
    const { alertChannelId } = run.settings;
    const on = !run.draining && alertChannelId !== undefined && this.#o.bot?.reportWeekly !== false;
    const key = on ? alertChannelId : '';
    if (key === (run.weeklyKey ?? '')) return;
    run.weekly?.stop();
    run.weekly = undefined;
    run.weeklyKey = key;
    const channel = on && alertChannelId ? this.#alertChannel(run.tenant, alertChannelId) : undefined;
    if (!channel) return;
    run.weekly = createWeeklyReport(
      {
        billing: run.account.billing,
        stores: this.#o.storesFor(run.tenant),
        messengers: this.messengers(run.tenant),
        clock: this.#o.clock,
        logger: this.#o.logger,
        ...(this.#o.ownerId ? { ownerId: this.#o.ownerId } : {}),
        ...(this.#o.bot?.charts ? { charts: this.#o.bot.charts } : {}),
        ...(this.#o.bot?.chartFontFile ? { chartFontFile: this.#o.bot.chartFontFile } : {}),
        ...(this.tenancy === 'workspaces' ? { tenant: run.tenant } : {}),
      },
      { channel, ...(this.#o.sandbox ? { sandbox: true } : {}) },
    );
    run.weekly?.start();
  }

  #alertChannel(tenant: TenantId, channelId: string): ConversationRef | undefined {
    if (this.tenancy === 'single') {
      const platform = this.#o.singleAlertPlatform;
      return platform ? { platform, channelId } : undefined;
    }
    const platform = platformOfTenant(tenant);
    if (!platform) return undefined;
    const home = tenant.slice(platform.length + 1);
    // An org-wide Slack install's tenant is its enterprise (E…); its channels live in its teams.
    return platform === 'slack' && home.startsWith('E')
      ? { platform, channelId, enterpriseId: home }
      : { platform, channelId, workspaceId: home };
  }

  #payLinkBase(tenant: TenantId, base: string): string {
    const root = base.replace(/\/+$/, '');
    // Core appends `/pay/<token>`: a tenant's links read `<base>/w/<tenant>/pay/<token>`.
    return this.tenancy === 'single' ? root : `${root}/w/${encodeURIComponent(tenant)}`;
  }

  /** Per-tenant watchers each report their own depth; /metrics shows the sum. */
  #tenantMetrics(tenant: TenantId, metrics: Metrics): Metrics {
    if (this.tenancy === 'single') return metrics;
    return {
      requestTransition: (purpose, to) => metrics.requestTransition(purpose, to),
      billingCall: (endpoint, outcome) => metrics.billingCall(endpoint, outcome),
      ackLatency: (platform, seconds) => metrics.ackLatency(platform, seconds),
      watcherDepth: (depth) => {
        this.#depths.set(tenant, depth);
        let sum = 0;
        for (const d of this.#depths.values()) sum += d;
        metrics.watcherDepth(sum);
      },
    };
  }

  async #hasWork(tenant: TenantId): Promise<boolean> {
    const creds = await this.#o.directory.credentials(tenant);
    if (!creds) return false;
    // Its retired tokens are forgotten by the drain check of a running bot.
    if ((await this.#o.directory.retiredCredentials(tenant)).length > 0) return true;
    const settings = await this.#o.directory.settings(tenant);
    if (!creds.draining && settings.alertChannelId !== undefined && (settings.lowBalanceCents ?? 0) > 0) return true;
    const { requests } = this.#o.storesFor(tenant);
    if (requests.scanOpen) {
      for await (const page of requests.scanOpen(1)) return page.length > 0;
      return false;
    }
    return (await requests.listOpen()).length > 0;
  }

  #scheduleDrainCheck(): void {
    if (this.#drainTimer || this.#stopped) return;
    if (![...this.#running.values()].some((r) => r.draining || r.retired > 0)) return;
    this.#drainTimer = this.#o.clock.setTimer(() => {
      this.#drainTimer = undefined;
      void this.#checkDrained().finally(() => this.#scheduleDrainCheck());
    }, this.#o.drainCheckMs ?? DEFAULT_DRAIN_CHECK_MS);
  }

  /**
   * Let go of draining tenants whose watcher has nothing left to confirm, and forget retired
   * tokens whose last session can no longer be paid.
   */
  async #checkDrained(): Promise<void> {
    for (const run of [...this.#running.values()]) {
      if (run.retired > 0) await this.#forgetDueRetired(run);
      if (!run.draining || run.bot.watcher.size() > 0) continue;
      try {
        await run.bot.engine.idle();
        await this.#halt(run);
        await this.#o.directory.purgeDrained(run.tenant);
      } catch (err) {
        this.#o.logger.error({ err, tenant: run.tenant }, 'draining tenant could not be let go');
      }
    }
  }

  async #forgetDueRetired(run: Running): Promise<void> {
    const o = this.#o;
    try {
      const retired = await o.directory.retiredCredentials(run.tenant);
      let left = retired.length;
      for (const r of retired) {
        const fingerprints = [r.account, ...o.accounts.fingerprintsOf(r.token)];
        const until = await retiredKeepUntil(run.sessions, r, fingerprints, o.retiredKeep);
        if (o.clock.now() < until) continue;
        await o.directory.forgetRetired(run.tenant, r.account);
        run.billing?.forget(fingerprints);
        left -= 1;
      }
      run.retired = left;
    } catch (err) {
      o.logger.error({ err, tenant: run.tenant }, 'retired tokens could not be checked');
    }
  }

  async #halt(run: Running): Promise<void> {
    if (this.#running.get(run.tenant) === run) this.#running.delete(run.tenant);
    this.#depths.delete(run.tenant);
    run.monitor?.stop();
    run.monitor = undefined;
    run.weekly?.stop();
    run.weekly = undefined;
    try {
      await run.bot.engine.idle();
      await run.bot.stop();
    } finally {
      run.billing?.close();
      this.#o.accounts.release(run.account);
    }
  }
}
