/**
 * A running tenant's alert jobs, from its settings: the low-balance monitor (an alert channel
 * and a threshold), the weekly spend report (an alert channel, unless REPORT_WEEKLY is off) and
 * the failed subscription payment monitor (an alert channel; on the bot's budgeted port).
 * Each is restarted only when the settings it reads change, so a settings save that touches
 * neither does not reset their timers; a draining tenant runs neither.
 */
import { createLowBalanceMonitor, createPaymentMonitor, createWeeklyReport } from '../channel-jobs.ts';
import type { MessengerRegistry } from '../core/shared/ports.ts';
import { platformOfTenant, type Tenancy, type TenantId } from '../core/shared/tenant.ts';
import type { ConversationRef } from '../core/shared/types.ts';
import type { HubOptions } from './hub-options.ts';
import type { Running } from './running-tenant.ts';
import { tenantLanguage } from './tenant-language.ts';

const DEFAULT_ALERT_INTERVAL_MS = 5 * 60_000;
const DEFAULT_SUBSCRIPTION_CHECK_MS = 15 * 60_000;

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
    this.#restartPayments(run);
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
    run.payments?.stop();
    run.payments = undefined;
    run.paymentsKey = '';
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
    run.payments?.stop();
    run.payments = undefined;
  }

  /** The tenant's failed subscription payment notices: on while it has an alert channel. */
  #restartPayments(run: Running): void {
    const { alertChannelId } = run.settings;
    const on = !run.draining && alertChannelId !== undefined;
    const key = on ? alertChannelId : '';
    const first = run.paymentsKey === undefined;
    if (!first && key === run.paymentsKey) return;
    run.payments?.stop();
    run.payments = undefined;
    run.paymentsKey = key;
    if (first && !on && !run.draining)
      run.logger.info({ tenant: run.tenant }, 'no alert channel: failed subscription payments are not watched');
    const channel = on && alertChannelId ? this.#alertChannel(run.tenant, alertChannelId) : undefined;
    if (!channel) return;
    run.payments = createPaymentMonitor(
      {
        // The bot's budgeted port: each status check takes a spare token of the tenant's one budget.
        billing: run.bot.billing,
        stores: this.#o.storesFor(run.tenant),
        messengers: this.#messengers(run.tenant),
        clock: this.#o.clock,
        logger: run.logger,
        ...(this.#o.ownerId ? { ownerId: this.#o.ownerId } : {}),
        ...(this.#o.messages ? { messages: this.#o.messages } : {}),
        // The notice is a channel post: the tenant's language at the time of posting.
        locale: () => tenantLanguage(this.#o, run.tenant, run.settings.language),
      },
      {
        channel,
        intervalMs: this.#o.subscriptionCheckMs ?? DEFAULT_SUBSCRIPTION_CHECK_MS,
        sandbox: this.#o.sandbox,
      },
    );
    run.payments?.start();
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
