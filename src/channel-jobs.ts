/**
 * The jobs that post to the alert channel, as the bot runs them: the low-balance monitor, the
 * failed subscription payment monitor and the weekly spend report. Each is undefined when the
 * channel's platform is not running (the first two say so in a warning), and each speaks the
 * workspace's language, read at each post. createBot builds the app's (src/bot.ts); the tenant hub
 * builds one set per tenant from its alert channel setting; harnesses call these to get the same.
 */
import type { BotParts } from './bot.ts';
import { sharedChartRenderer } from './charts/index.ts';
import { LowBalanceMonitor, type LowBalanceMonitorOptions } from './core/alerts/low-balance-monitor.ts';
import { WeeklyReportJob, type WeeklyReportOptions } from './core/report/index.ts';
import { DEFAULT_LOCALE, textsFor } from './core/shared/i18n.ts';
import { PaymentMonitor, type PaymentMonitorOptions } from './core/subscriptions/index.ts';
import { createMessageFormatter } from './i18n/icu-formatter.ts';

/**
 * The low-balance monitor as the bot runs it: the raw billing port (a balance read spends no
 * billing budget), the store's kv and leases (one alert across processes and restarts), the
 * platforms' messengers. Undefined, with a warning, when the alert channel's platform is not
 * running. createBot builds the app's with it; harnesses call it to get the same one.
 */
export function createLowBalanceMonitor(
  parts: Pick<BotParts, 'billing' | 'stores' | 'messengers' | 'clock' | 'logger' | 'ownerId' | 'messages' | 'locale'>,
  alerts: LowBalanceMonitorOptions,
): LowBalanceMonitor | undefined {
  const { channel } = alerts;
  if (!parts.messengers.has(channel.platform)) {
    parts.logger.warn(
      { channel: `${channel.platform}:${channel.channelId}` },
      `ALERT_CHANNEL names ${channel.platform}, which is not configured: low-balance alerts are off`,
    );
    return undefined;
  }
  const messages = parts.messages ?? createMessageFormatter();
  return new LowBalanceMonitor(
    {
      billing: parts.billing,
      kv: parts.stores.kv,
      messengers: parts.messengers,
      clock: parts.clock,
      logger: parts.logger.child({ component: 'low-balance' }),
      leases: parts.stores.leases,
      ...(parts.ownerId ? { ownerId: parts.ownerId } : {}),
      // The alert is a channel post: the workspace's language, read at each post.
      texts: () => textsFor(messages, parts.locale?.() ?? DEFAULT_LOCALE),
    },
    alerts,
  );
}

/**
 * The failed subscription payment monitor as the bot runs it: `billing` must be the engine's
 * budgeted port (Bot.billing; createBot passes its own), so each status check takes a spare token
 * of the one shared budget; the store's kv and leases (one notice per failure across processes
 * and restarts); the platforms' messengers. Undefined, with a warning, when the alert channel's
 * platform is not running. createBot builds one from `subscriptionAlerts`; the tenant hub builds
 * one per tenant from its alert channel setting.
 */
export function createPaymentMonitor(
  parts: Pick<BotParts, 'billing' | 'stores' | 'messengers' | 'clock' | 'logger' | 'ownerId' | 'messages' | 'locale'>,
  options: PaymentMonitorOptions,
): PaymentMonitor | undefined {
  const { channel } = options;
  if (!parts.messengers.has(channel.platform)) {
    parts.logger.warn(
      { channel: `${channel.platform}:${channel.channelId}` },
      `the alert channel is on ${channel.platform}, which is not configured: subscription payment notices are off`,
    );
    return undefined;
  }
  const messages = parts.messages ?? createMessageFormatter();
  return new PaymentMonitor(
    {
      billing: parts.billing,
      kv: parts.stores.kv,
      leases: parts.stores.leases,
      messengers: parts.messengers,
      clock: parts.clock,
      logger: parts.logger.child({ component: 'sub-payments' }),
      ...(parts.ownerId ? { ownerId: parts.ownerId } : {}),
      // The notice is a channel post: the workspace's language, read at each post.
      texts: () => textsFor(messages, parts.locale?.() ?? DEFAULT_LOCALE),
    },
    options,
  );
}

/**
 * The weekly spend report as the bot runs it (Mondays 09:00 UTC in the alert channel, once across
 * processes: the store's kv and leases). Undefined when the channel's platform is not running.
 * createBot builds one from `alerts`; the tenant hub, which keeps each tenant's alert channel in
 * its settings, builds one per tenant with it (beside the low-balance monitor).
 */
export function createWeeklyReport(
  parts: Pick<
    BotParts,
    | 'billing'
    | 'stores'
    | 'messengers'
    | 'clock'
    | 'logger'
    | 'ownerId'
    | 'charts'
    | 'chartFontFile'
    | 'tenant'
    | 'messages'
    | 'locale'
  >,
  options: WeeklyReportOptions,
): WeeklyReportJob | undefined {
  if (!parts.messengers.has(options.channel.platform)) return undefined;
  const charts = parts.charts ?? sharedChartRenderer(parts.logger, parts.chartFontFile);
  const messages = parts.messages ?? createMessageFormatter();
  return new WeeklyReportJob(
    {
      billing: parts.billing,
      requests: parts.stores.requests,
      kv: parts.stores.kv,
      leases: parts.stores.leases,
      messengers: parts.messengers,
      clock: parts.clock,
      logger: parts.logger.child({ component: 'weekly-report' }),
      charts,
      // A channel post: the workspace's language at the time of posting.
      texts: () => textsFor(messages, parts.locale?.() ?? DEFAULT_LOCALE),
      ...(parts.ownerId ? { ownerId: parts.ownerId } : {}),
      ...(parts.tenant ? { tenant: parts.tenant } : {}),
    },
    options,
  );
}
