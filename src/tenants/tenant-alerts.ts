/**
 * A running tenant's alert jobs, from its settings: the low-balance monitor (an alert channel
 * and a threshold) and the weekly spend report (an alert channel, unless REPORT_WEEKLY is off).
 * Each is restarted only when the settings it reads change, so a settings save that touches
 * neither does not reset their timers; a draining tenant runs neither.
 */
import { createLowBalanceMonitor, createWeeklyReport } from '../bot.ts';
import type { MessengerRegistry } from '../core/shared/ports.ts';
import { platformOfTenant, type Tenancy, type TenantId } from '../core/shared/tenant.ts';
import type { ConversationRef } from '../core/shared/types.ts';
import type { HubOptions } from './hub-options.ts';
import type { Running } from './running-tenant.ts';

const DEFAULT_ALERT_INTERVAL_MS = 5 * 60_000;

export class TenantAlerts {
  readonly #o: HubOptions;
  readonly #tenancy: Tenancy;
  readonly #messengers: (tenant: TenantId) => MessengerRegistry;

  constructor(options: HubOptions, tenancy: Tenancy, messengers: (tenant: TenantId) => MessengerRegistry) {
    this.#o = options;
    this.#tenancy = tenancy;
    this.#messengers = messengers;
  }

  /** The tenant's low-balance monitor, from its settings; restarted only when they change. */
  restart(run: Running): void {
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
        messengers: this.#messengers(run.tenant),
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

  /**
   * Disconnected: both stop, and their keys are cleared, so a reconnect with the same settings
   * starts them again.
   */
  off(run: Running): void {
    run.monitor?.stop();
    run.monitor = undefined;
    run.monitorKey = '';
    run.weekly?.stop();
    run.weekly = undefined;
    run.weeklyKey = '';
  }

  /**
   * The bot stops: both stop, and their keys stay, so a refresh still in flight for this run
   * finds nothing changed and starts nothing on a stopped bot.
   */
  stop(run: Running): void {
    run.monitor?.stop();
    run.monitor = undefined;
    run.weekly?.stop();
    run.weekly = undefined;
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
        messengers: this.#messengers(run.tenant),
        clock: this.#o.clock,
        logger: this.#o.logger,
        ...(this.#o.ownerId ? { ownerId: this.#o.ownerId } : {}),
        ...(this.#o.bot?.charts ? { charts: this.#o.bot.charts } : {}),
        ...(this.#o.bot?.chartFontFile ? { chartFontFile: this.#o.bot.chartFontFile } : {}),
        ...(this.#tenancy === 'workspaces' ? { tenant: run.tenant } : {}),
      },
      { channel, ...(this.#o.sandbox ? { sandbox: true } : {}) },
    );
    run.weekly?.start();
  }

  #alertChannel(tenant: TenantId, channelId: string): ConversationRef | undefined {
    if (this.#tenancy === 'single') {
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
}
