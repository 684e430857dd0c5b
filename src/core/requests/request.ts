/**
 * The payment request: one fund or subscribe request from a command to a receipt.
 * Persisted whole on every transition (before the side effect it leads to), with a record of
 * each side effect once done, so a restart can resume exactly where the process stopped.
 */
import type { Locale } from '../shared/i18n.ts';
import type { Cents } from '../shared/money.ts';
import type { TenantId } from '../shared/tenant.ts';
import type { ConversationRef, MessageRef, Platform, UserRef } from '../shared/types.ts';

export type Purpose = 'fund' | 'subscribe';

export type RequestState =
  | 'awaiting_approval'
  | 'approved'
  | 'link_created'
  | 'awaiting_payment'
  | 'paid'
  | 'denied'
  | 'approval_expired'
  | 'cancelled'
  | 'expired' // the checkout link expired; renewable with "New link" under the same approval
  | 'failed';

/** States from which nothing more happens without a person (or never again). */
export const FINAL_STATES: ReadonlySet<RequestState> = new Set([
  'paid',
  'denied',
  'approval_expired',
  'cancelled',
  'failed',
]);

/** States that the restart scan and the watcher care about. `expired` stays open: it can be renewed. */
export function isOpen(state: RequestState): boolean {
  return !FINAL_STATES.has(state);
}

/**
 * One checkout attempt: one payment link. A renewed link is a new attempt with a new
 * idempotency key; a retried creation of the same attempt reuses the key, so ModelsLab replays
 * the first session instead of creating a second one.
 */
export interface CheckoutAttempt {
  readonly n: number;
  /** `paylink-<request id>-<n>`: stable across retries and restarts. */
  readonly idempotencyKey: string;
  sessionId?: string;
  /** Sent only to the payer's DM; kept so a DM interrupted by a crash can be re-sent. */
  paymentUrl?: string;
  /**
   * The tracked pay link's secret (core/pay-link.ts), when the bot has a public address: the DM's
   * Pay button is `<PUBLIC_URL>/pay/<token>`. The store's index holds only its SHA-256.
   */
  payToken?: string;
  /** The tracked link itself, as sent in the DM (the Stripe URL is then never in the DM). */
  payLinkUrl?: string;
  /** Every open of the tracked link (epoch ms; the latest ones, capped). */
  linkOpens?: number[];
  /** Epoch ms. */
  expiresAt?: number;
  linkCreatedAt?: number;
  dm?: MessageRef;
  dmSentAt?: number;
  /** Set when the DM could not be delivered (DMs closed); the request stays open. */
  dmFailedAt?: number;
  confirmedAt?: number;
  /** Wallet balance after a fund payment, from confirm-checkout. */
  balanceCents?: Cents;
  /** Subscription status after a subscribe payment (usually `active`). */
  subscriptionStatus?: string;
  receipt?: MessageRef;
  receiptPostedAt?: number;
  /** The payer clicked "I've paid" (the watcher polls soon). */
  paidClickedAt?: number;
  /**
   * Written just before the receipt is posted. Set without `receiptPostedAt` after a restart means
   * the process died during the post: the receipt may or may not be in the thread.
   */
  receiptPendingAt?: number;
  /**
   * What the payer's DM of this attempt last showed: the request state (paid, expired, cancelled
   * updates) or `superseded` once a newer attempt's link went out.
   */
  dmState?: DmView;
  /**
   * How the checkout session ended, once the watcher's final outcome is recorded: paid, expired
   * (past `expiresAt` and one last check), or unknown to / refused by ModelsLab at that point.
   * A session without an end is live: it may still be paid, whatever the request's state, so it
   * stays watched and keeps the request in the store's open index (money follows the session).
   */
  sessionEnd?: SessionEnd;
  sessionEndedAt?: number;
  /**
   * Set when this attempt's payment was confirmed while the request no longer waited for it:
   * the request was cancelled, failed or expired, this attempt was superseded by a newer link,
   * or the request was already paid (a double payment). The receipt and the notices say so.
   */
  paidAfter?: LatePayment;
  /** The DM telling the payer about a late or double payment (sent once). */
  lateNoticeSentAt?: number;
  /** The expiry notice: a new DM (so the payer sees a new-message mark) with New link / Cancel. */
  expiryNotice?: MessageRef;
  expiryNoticeSentAt?: number;
  /** What the expiry notice last showed: `expired` (with buttons) or `superseded` (without). */
  expiryNoticeState?: DmView;
  /** First failure of the DM edit still owed; cleared when it succeeds or is given up. */
  dmEditFailingSince?: number;
}

/** The saved card a request card offers to charge: safe to show (brand and last four only). */
export interface CardOffer {
  readonly paymentMethodId: string;
  readonly brand: string;
  readonly last4: string;
}

/**
 * What ModelsLab said of one card charge. `not_sent`: the bot's own budget stopped it before it was
 * sent (nothing charged; a 429 from ModelsLab is not proof of that, it is replayed). `refused`: ModelsLab refused the call itself (a 4xx
 * that is not a decline). `failed`: a pending charge that did not settle. `unknown`: no answer came
 * within the replay window (card-charge-step.ts CHARGE_REPLAY_WINDOW_MS), so it is no longer replayed
 * and nobody can say whether money moved. Only `succeeded` moved
 * money; `pending` may still.
 */
export type CardChargeOutcome =
  | 'succeeded'
  | 'pending'
  | 'requires_action'
  | 'declined'
  | 'failed'
  | 'refused'
  | 'not_sent'
  | 'unknown';

/**
 * One click on "Charge card on file": one idempotency key. Persisted (and audited) before
 * `fundWithCard` is called; an attempt without `outcome` may have been applied, so it is only
 * ever replayed with the same key (ModelsLab answers the first result), never re-sent anew.
 */
export interface CardChargeAttempt {
  readonly n: number;
  /** `charge-<request id>-<n>`. */
  readonly idempotencyKey: string;
  readonly by: UserRef;
  readonly paymentMethodId: string;
  readonly brand: string;
  readonly last4: string;
  readonly amountCents: Cents;
  readonly startedAt: number;
  outcome?: CardChargeOutcome;
  paymentId?: string;
  /** ModelsLab's words (a decline's reason, the 3-D Secure notice); never card data. */
  message?: string;
  declineCode?: string;
  /** Wallet balance after a succeeded charge, when ModelsLab said. */
  balanceCents?: Cents;
  /** When the outcome became final (succeeded, declined, …). */
  settledAt?: number;
  /** Last replay of an unanswered call, or status check of a pending one (epoch ms). */
  lastCheckedAt?: number;
  /** The receipt in the card's thread (succeeded charges), with receipt-step.ts's pending marker. */
  receipt?: MessageRef;
  receiptPendingAt?: number;
  receiptPostedAt?: number;
}

export type SessionEnd = 'paid' | 'expired' | 'not_found' | 'rejected';

/** What the request had become when a payment on this attempt arrived. */
export type LatePayment = 'cancelled' | 'failed' | 'expired' | 'superseded' | 'double';

/** One approver's approval of a two-person request. */
export interface Approval {
  readonly by: UserRef;
  readonly at: number;
}

/**
 * Confirmed money this month when the request was opened, beside the budgets then in force, and
 * which budget the request would exceed (it then needs an approver even under the threshold).
 */
export interface BudgetSnapshot {
  readonly memberSpentCents: Cents;
  readonly memberBudgetCents?: Cents;
  readonly workspaceSpentCents: Cents;
  readonly workspaceBudgetCents?: Cents;
  readonly exceeds?: 'member' | 'workspace';
}

/** What a payer DM shows: the request's state, or that a newer link replaced this one. */
export type DmView = RequestState | 'superseded';

export interface PaymentRequest {
  readonly id: string;
  /**
   * The tenant whose engine opened it (core/shared/tenant.ts), when the engine knows its tenant.
   * Each tenant's store is scoped already; this stamp is defense in depth: an engine treats a
   * request of another tenant exactly as an unknown id (requests/queries.ts `inTenant`).
   * Unset on requests written before tenants existed (they belong to SINGLE_TENANT's store).
   */
  readonly tenantId?: TenantId;
  readonly purpose: Purpose;
  /** Fund: the top-up. Subscribe: the plan price, for display. */
  readonly amountCents?: Cents;
  readonly planId?: number;
  readonly planName?: string;
  /** Sanitised free text from the command. */
  readonly note: string;
  readonly platform: Platform;
  readonly conversation: ConversationRef;
  readonly requester: UserRef;
  /** Who receives the payment link. Today always the requester. */
  readonly payer: UserRef;
  /**
   * The requester's language when the request was opened (their platform locale, when the
   * catalog has it): the payer's DMs speak it, outside any event. Unset: the workspace's.
   */
  readonly locale?: Locale;
  readonly needsApproval: boolean;
  state: RequestState;
  /**
   * Approvals this request needs (2 at or above the second approval threshold when it was opened;
   * unset: 1). Stamped at creation so a settings change never moves an open request's bar.
   */
  readonly approvalsRequired?: number;
  /**
   * Two-person approval progress: each different approver's click, in order (withdraw removes
   * one). The request stays `awaiting_approval` until the last one needed arrives.
   */
  approvals?: Approval[];
  /** Approvals the card last showed: the card is edited when this lags behind `approvals`. */
  cardApprovals?: number;
  /** The monthly budgets as they stood when the request was opened (core/requests/budget.ts). */
  readonly budget?: BudgetSnapshot;
  approver?: UserRef;
  /** Who denied or cancelled, and why, for the card and the audit log. */
  closedBy?: UserRef;
  reason?: string;
  readonly createdAt: number;
  updatedAt: number;
  /** Epoch ms after which an unanswered approval request is marked `approval_expired`. */
  approvalExpiresAt?: number;
  /** The reminder to the approvers was decided (persisted before it is posted; requests/reminders.ts). */
  reminderSentAt?: number;
  /** The request escalated to the fallback approvers (persisted before the post; requests/escalation.ts). */
  escalatedAt?: number;
  /** The request card in the channel. */
  card?: MessageRef;
  /** The state last rendered on the card: the card-update side effect is done when it equals `state`. */
  cardState?: RequestState;
  /** First failure of the card edit still owed; cleared when it succeeds or is given up. */
  cardEditFailingSince?: number;
  /** Confirmed payments the card last showed (a second payment on a paid request re-renders it). */
  cardPayments?: number;
  attempts: CheckoutAttempt[];
  /**
   * The account's default saved card, looked up once the link was sent (card-offer-step.ts):
   * the card offers "Charge card on file" for it. `null`: the account has no default card.
   * Unset: not looked up yet, or the lookup failed (retried, at most once a minute).
   */
  cardOffer?: CardOffer | null;
  /** When the default card was last looked up (epoch ms), answered or not. */
  cardOfferCheckedAt?: number;
  /** Every "Charge card on file" click that reached the charge, in order (card-charge-step.ts). */
  charges?: CardChargeAttempt[];
  /** The offer and charges the card last showed (card-charge-view.ts `chargeSignature`). */
  cardCharges?: string;
  /** Incremented by every write, for optimistic checks and debugging. */
  version: number;
}

export function currentAttempt(req: PaymentRequest): CheckoutAttempt | undefined {
  return req.attempts[req.attempts.length - 1];
}

/**
 * A session that may still be paid: created, not confirmed, and its end not recorded yet.
 * Stripe keeps it payable until `expiresAt` whatever happened to the request.
 */
export function isLiveSession(attempt: CheckoutAttempt): boolean {
  return (
    attempt.sessionId !== undefined &&
    attempt.expiresAt !== undefined &&
    attempt.sessionEnd === undefined &&
    attempt.confirmedAt === undefined
  );
}

export function liveAttempts(req: PaymentRequest): CheckoutAttempt[] {
  return req.attempts.filter(isLiveSession);
}

/**
 * The store's open index holds a request while its state is open OR one of its sessions is
 * live: the restart scan and other processes must find a cancelled request's payable session.
 * People-facing lists (status, App Home, approval expiry) still look at `isOpen(state)` only.
 */
export function belongsInOpenIndex(req: PaymentRequest): boolean {
  return isOpen(req.state) || req.attempts.some(isLiveSession);
}

/** Payments ModelsLab confirmed for this request (more than one is a double payment). */
export function confirmedAttempts(req: PaymentRequest): CheckoutAttempt[] {
  return req.attempts.filter((a) => a.confirmedAt !== undefined);
}

/**
 * What an audit line is about: a payment request (fund, subscribe), a coupon redemption request,
 * an approver's direct change (subscription pause/resume/plan, auto-recharge settings), or an
 * admin's change to the workspace (core/workspace): `account` (a ModelsLab account connected or
 * disconnected; request id `account`) and `settings` (`/ml settings`; request id `settings`).
 */
export type AuditSubject =
  | Purpose
  | 'coupon'
  | 'subscription'
  | 'auto_recharge'
  | 'account'
  | 'settings'
  /** A saved card set as default, removed or added (core/cards; request id `cards`). */
  | 'card'
  /** The account's billing details edited (core/billing-details; request id `billing`). */
  | 'billing_details';

/** Coupon request states (core/coupons/coupon-request.ts) and `done` for one-step changes. */
export type AuditState = RequestState | 'redeemed' | 'done';

/** One line of the audit trail: every transition, with who did it and when. */
export interface AuditEntry {
  readonly at: number;
  readonly requestId: string;
  readonly purpose: AuditSubject;
  readonly from: AuditState | null;
  readonly to: AuditState;
  readonly actor?: UserRef;
  readonly amountCents?: Cents;
  readonly planId?: number;
  readonly sessionId?: string;
  readonly detail?: string;
}
