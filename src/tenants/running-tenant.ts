/**
 * One tenant's running bot as the hub holds it: what it was started on (account, billing,
 * sessions), what it last read from the directory (settings, policy, retired tokens), and the
 * alert jobs its settings turned on. The hub's parts share it, each changing only its own fields.
 */
import type { Bot } from '../bot.ts';
import type { LowBalanceMonitor } from '../core/alerts/low-balance-monitor.ts';
import type { WeeklyReportJob } from '../core/report/index.ts';
import type { Policy } from '../core/shared/policy.ts';
import type { Logger } from '../core/shared/ports.ts';
import type { TenantId } from '../core/shared/tenant.ts';
import type { TenantEngine, TenantSettings } from '../core/shared/workspace-ports.ts';
import type { PaymentMonitor } from '../core/subscriptions/index.ts';
import type { Account } from './accounts.ts';
import type { SessionAccounts } from './session-accounts.ts';
import type { SessionBilling } from './session-billing.ts';

export interface Running {
  readonly tenant: TenantId;
  readonly bot: Bot;
  readonly account: Account;
  /** Workspaces mode: the port that confirms each session with the account that created it. */
  readonly billing: SessionBilling | undefined;
  readonly sessions: SessionAccounts;
  readonly engine: TenantEngine;
  /** The tenant's logger (single mode: the root one), for the hub's lines about it. */
  readonly logger: Logger;
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
  /** The failed subscription payment notices in the alert channel (issue 18), on the bot's budgeted port. */
  payments?: PaymentMonitor | undefined;
  paymentsKey?: string;
}
