/**
 * The hub: one bot per tenant (src/bot.ts createBot), built lazily (tenant-launch.ts) and kept
 * in line with the directory. Implements core's TenantEngines; the directory (directory.ts)
 * tells it when a tenant connects, disconnects or changes its settings. Its parts, one file each:
 * building a tenant's bot (tenant-launch.ts), its alert jobs (tenant-alerts.ts), the drain and
 * retired-token check (drain-check.ts), which tenants start at start-up (startup-work.ts).
 *
 * A tenant that connects another token keeps the replaced one retired (directory.ts): its bot
 * restarts on the new token, and its billing port (session-billing.ts) confirms each session with
 * the token that created it.
 */
import type { Bot } from '../bot.ts';
import type { ConversationEngine } from '../core/engine.ts';
import type { MessengerRegistry } from '../core/shared/ports.ts';
import { SINGLE_TENANT, type Tenancy, type TenantId } from '../core/shared/tenant.ts';
import type { MessageRef, Platform } from '../core/shared/types.ts';
import type { TenantEngine, TenantEngines } from '../core/shared/workspace-ports.ts';
import type { TenantListener } from './directory-options.ts';
import { DrainCheck } from './drain-check.ts';
import type { HubOptions } from './hub-options.ts';
import { MessageIndex } from './message-index.ts';
import type { Running } from './running-tenant.ts';
import { hasWork } from './startup-work.ts';
import { TenantAlerts } from './tenant-alerts.ts';
import { launchTenant } from './tenant-launch.ts';
import { WatcherDepths } from './watcher-depths.ts';

// The app and tests import the options from here.
export type { HubDirectory, HubOptions } from './hub-options.ts';

export class TenantHub implements TenantEngines, TenantListener {
  readonly tenancy: Tenancy;
  readonly #o: HubOptions;
  readonly #index: MessageIndex;
  readonly #running = new Map<TenantId, Running>();
  readonly #starting = new Map<TenantId, Promise<Running | undefined>>();
  readonly #depths: WatcherDepths;
  readonly #alerts: TenantAlerts;
  readonly #drain: DrainCheck;
  #stopped = false;

  constructor(options: HubOptions) {
    this.tenancy = options.directory.tenancy;
    this.#o = options;
    this.#index = new MessageIndex(options.kv, options.logger.child({ component: 'hub' }));
    this.#depths = new WatcherDepths(this.tenancy);
    this.#alerts = new TenantAlerts(options, this.tenancy, (tenant) => this.messengers(tenant));
    this.#drain = new DrainCheck({
      options,
      running: () => this.#running.values(),
      halt: (run) => this.#halt(run),
      stopped: () => this.#stopped,
    });
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

  /**
   * The engine that answers an add-card link of `tenant` (issue 18): a connected tenant's only,
   * since a disconnected account takes no new card. Undefined: the caller's 410, like any
   * unusable link.
   */
  async addCardOpener(tenant: TenantId): Promise<ConversationEngine | undefined> {
    return (await this.#ensure(tenant, { draining: false }))?.bot.engine;
  }

  /** Start the tenants with work to finish or alerts to watch; the rest start on first use. */
  async start(): Promise<void> {
    this.#stopped = false;
    const tenants = await this.#o.directory.list();
    const queue = [...tenants];
    const worker = async () => {
      for (let t = queue.shift(); t !== undefined; t = queue.shift()) {
        try {
          if (this.tenancy === 'single' || (await hasWork(this.#o, t))) await this.#ensure(t, { draining: true });
        } catch (err) {
          this.#o.logger.error({ err, tenant: t }, 'tenant could not start');
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.#o.startConcurrency ?? 8) }, worker));
    this.#drain.schedule();
  }

  /** Resolves once no tenant's engine has an event in flight. */
  async idle(): Promise<void> {
    await Promise.all([...this.#starting.values()].map((p) => p.catch(() => undefined)));
    await Promise.all([...this.#running.values()].map((r) => r.bot.engine.idle()));
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#drain.cancel();
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
    this.#alerts.off(run);
    this.#o.logger.info(
      { tenant, watching: run.bot.watcher.size() },
      'tenant draining: no new work, open sessions still watched',
    );
    this.#drain.schedule();
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
    const run = await launchTenant(
      { options: this.#o, tenancy: this.tenancy, messengers: (t) => this.messengers(t), depths: this.#depths },
      tenant,
      token,
      draining,
    );
    this.#running.set(tenant, run);
    this.#alerts.restart(run);
    run.logger.info({ tenant, draining, account: run.account.account, retired: run.retired }, 'tenant started');
    if (draining || run.retired > 0) this.#drain.schedule();
    return run;
  }

  async #refresh(run: Running): Promise<void> {
    run.settings = await this.#o.directory.settings(run.tenant);
    run.policy = this.#o.policyFor(run.settings);
    this.#alerts.restart(run);
  }

  async #halt(run: Running): Promise<void> {
    if (this.#running.get(run.tenant) === run) this.#running.delete(run.tenant);
    this.#depths.forget(run.tenant);
    this.#alerts.stop(run);
    try {
      await run.bot.engine.idle();
      await run.bot.stop();
    } finally {
      run.billing?.close();
      this.#o.accounts.release(run.account);
    }
  }
}
