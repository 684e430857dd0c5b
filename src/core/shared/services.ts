/**
 * What the engine is built from (passed in by main.ts) and the shared services its handlers and
 * flow use. Handlers receive `EngineServices`; nothing here constructs infrastructure.
 */

import type { RequestLocks } from '../requests/request-lock.ts';
import type { RequestLedger } from '../requests/state-machine.ts';
import type { ChartRenderer } from './chart-port.ts';
import type { Locale, MessageFormatter, Texts } from './i18n.ts';
import type { Outbox } from './outbox.ts';
import type { Policy } from './policy.ts';
import type {
  AuditLog,
  BillingPort,
  CheckoutWatcher,
  Clock,
  KeyValueStore,
  LeaseStore,
  Logger,
  MessengerRegistry,
  Metrics,
  OnceStore,
  RequestStore,
} from './ports.ts';
import type { TenantId } from './tenant.ts';

export interface EngineDeps {
  readonly billing: BillingPort;
  readonly requests: RequestStore;
  readonly once: OnceStore;
  readonly leases: LeaseStore;
  readonly audit: AuditLog;
  readonly kv: KeyValueStore;
  readonly messengers: MessengerRegistry;
  readonly watcher: CheckoutWatcher;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics?: Metrics;
  /** Request ids; default short random ids (`r` + 9 chars). */
  readonly newId?: () => string;
  /** The bot's public address (PUBLIC_URL): DMs carry tracked pay links under it (core/pay-link.ts). */
  readonly payLinkBase?: string;
  /**
   * The tenant this engine serves (core/shared/tenant.ts). Set: new requests carry it, and a
   * request carrying another tenant is, to every click and command, an unknown id. Unset: an
   * engine from before tenants (single-team mode may set SINGLE_TENANT or leave it unset).
   */
  readonly tenant?: TenantId;
  /** Draws the report's charts (src/charts); unset: `/ml report` answers with its figures only. */
  readonly charts?: ChartRenderer;
  /** Formats the catalog's messages (src/i18n: intl-messageformat). */
  readonly messages: MessageFormatter;
  /** The workspace's language for channel posts (its setting; read on every use). Default English. */
  readonly locale?: () => Locale;
}

export interface EngineServices {
  readonly billing: BillingPort;
  readonly kv: KeyValueStore;
  readonly once: OnceStore;
  readonly audit: AuditLog;
  readonly requests: RequestStore;
  readonly watcher: CheckoutWatcher;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly policy: Policy;
  readonly ledger: RequestLedger;
  readonly locks: RequestLocks;
  readonly outbox: Outbox;
  readonly newId: () => string;
  /** Set: the DM's Pay button is `<payLinkBase>/pay/<token>`; unset: the Stripe URL itself. */
  readonly payLinkBase?: string;
  /** The tenant served (EngineDeps.tenant). */
  readonly tenant?: TenantId;
  /** EngineDeps.charts. */
  readonly charts?: ChartRenderer;
  readonly messages: MessageFormatter;
  /** The workspace's language: channel posts (cards, receipts in threads, alerts) use it. */
  readonly locale: () => Locale;
  /** The texts of one language (a DM in its recipient's language, a post in the workspace's). */
  texts(locale: Locale): Texts;
}
