/**
 * What core needs from the outside world to serve many tenants (core/shared/tenant.ts): the
 * directory of tenants (their account and settings, kept encrypted by src/tenants) and the
 * engines that serve them. src/tenants implements both; core/workspace routes events over them.
 */
import type { FieldErrors } from './forms.ts';
import type { Locale } from './i18n.ts';
import type { Cents } from './money.ts';
import type { AuditLog, Responder } from './ports.ts';
import type { Reply } from './reply.ts';
import type { Tenancy, TenantId } from './tenant.ts';
import type { Actor, FormEvent, InboundEvent, MessageRef, Platform, UserRef } from './types.ts';

/**
 * A tenant's settings, as `/ml settings` edits them. Environment values (APPROVAL_THRESHOLD_USD,
 * SLACK_APPROVERS, …) are the defaults a new tenant starts from; core/workspace validates every
 * change with the same rules config.ts applies to the environment.
 */
export interface TenantSettings {
  /**
   * Who may approve, per platform (single-team mode spans platforms; a workspaces-mode tenant
   * uses only its own): Slack user ids (U…/W…) and user-group ids (S…); Discord role ids; web
   * people ids. Empty or missing: nobody is an approver there (Discord falls back to Manage Server).
   */
  readonly approvers: Readonly<Partial<Record<Platform, readonly string[]>>>;
  readonly approvalThresholdCents: Cents;
  readonly maxFundCents: Cents;
  readonly allowSelfApproval: boolean;
  readonly approvalTtlMs: number;
  /** New requests per member per minute. */
  readonly requestsPerMinute: number;
  /** Low-balance alerts go here (a channel id on the tenant's platform); unset: off. */
  readonly alertChannelId?: string;
  /** Alert when the balance falls below this; unset or 0: off. */
  readonly lowBalanceCents?: Cents;
  /** At or above: two different approvers (the requester never counts). Unset: off. */
  readonly secondApprovalThresholdCents?: Cents;
  /** Confirmed money (receipts) per member per UTC calendar month. Unset: off. */
  readonly memberMonthlyBudgetCents?: Cents;
  /** Confirmed money (receipts) of the workspace per UTC calendar month. Unset: off. */
  readonly workspaceMonthlyBudgetCents?: Cents;
  /** One reminder in the card's thread after this long unanswered. Unset: off. */
  readonly reminderAfterMs?: number;
  /** Then the request escalates to the fallback approvers. Unset: off. */
  readonly escalateAfterMs?: number;
  /** Who decides once a request escalated, per platform, like `approvers` (Slack users/groups, Discord roles, web people). */
  readonly fallbackApprovers?: Readonly<Partial<Record<Platform, readonly string[]>>>;
  /**
   * The workspace's language: channel posts, and answers to a person whose platform gives no
   * locale. Unset: the deployment's default (a Discord server's preferred locale, BOT_LANGUAGE
   * in single-team mode), else English. Not part of the engine's Policy.
   */
  readonly language?: Locale;
}

/** What checking a ModelsLab token found (one read call). Never carries the token. */
export type TokenCheck =
  | { readonly ok: true; readonly balanceCents: Cents }
  /** ModelsLab refused it (401/403): wrong or revoked token. */
  | { readonly ok: false; readonly reason: 'rejected' }
  /** ModelsLab did not answer: nothing stored; try again. */
  | { readonly ok: false; readonly reason: 'unavailable' };

export interface TenantStatus {
  readonly tenant: TenantId;
  /** A ModelsLab account is connected (single-team mode: always). */
  readonly connected: boolean;
  /** Who installed the app into this workspace (Slack OAuth), when known: they may connect and edit settings. */
  readonly installerId?: string;
  readonly connectedBy?: UserRef;
  readonly connectedAt?: number;
}

/** The tenants' accounts and settings. Tokens go in through `connect` and never come back out. */
export interface TenantDirectory {
  readonly tenancy: Tenancy;
  status(tenant: TenantId): Promise<TenantStatus>;
  /** One read call with `token` (inside the account's budget). Never logs or returns the token. */
  checkToken(token: string): Promise<TokenCheck>;
  /** Store the token encrypted and start serving the tenant with it (replacing any earlier one). */
  connect(tenant: TenantId, token: string, by: UserRef): Promise<void>;
  /** Forget the token and stop the tenant's work; false when none was connected. */
  disconnect(tenant: TenantId, by: UserRef): Promise<boolean>;
  settings(tenant: TenantId): Promise<TenantSettings>;
  /** Persist validated settings; the tenant's engine uses them from its next event. */
  saveSettings(tenant: TenantId, next: TenantSettings, by: UserRef): Promise<void>;
  /** The tenant's own audit log (settings and connection changes are audited there). */
  audit(tenant: TenantId): AuditLog;
}

/** The engine serving one tenant, as the router needs it. */
export interface TenantEngine {
  handle(event: InboundEvent, responder: Responder): Promise<void>;
  /** Inline errors for one of the engine's forms (fund, deny, …) before the adapter acks it. */
  checkForm?(event: FormEvent): Promise<FieldErrors | undefined>;
  home?(actor: Actor): Promise<readonly Reply[]>;
}

export interface TenantEngines {
  /** The running engine of a connected tenant (started on first use); undefined when not connected. */
  engineFor(tenant: TenantId): Promise<TenantEngine | undefined>;
  /**
   * The tenant a bot message belongs to, for clicks that carry no workspace (a Discord DM): the
   * hub records every message its tenants' messengers send.
   */
  tenantOfMessage(platform: Platform, message: MessageRef): Promise<TenantId | undefined>;
}
