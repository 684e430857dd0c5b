/**
 * The rules of the house, in one place: how much may be asked, who must approve, who may act.
 * Every refusal is a value with a sentence that states the rule; handlers add the usage line.
 */

import type { PaymentRequest } from '../requests/request.ts';
import { looksLikeCardData } from './card-data.ts';
import type { Texts } from './i18n.ts';
import { type Cents, DEFAULT_MAX_FUND_CENTS, MIN_FUND_CENTS, parseAmount } from './money.ts';
import { sanitizeUserText } from './reply.ts';
import type { Actor, UserRef } from './types.ts';

export interface Policy {
  /** Requests at or above this need an approver; 0 means every request does. */
  readonly approvalThresholdCents: Cents;
  readonly maxFundCents: Cents;
  readonly minFundCents: Cents;
  readonly allowSelfApproval: boolean;
  /** An unanswered approval request is marked `approval_expired` after this long. */
  readonly approvalTtlMs: number;
  /** New requests per user per window. */
  readonly newRequestLimit: { readonly count: number; readonly windowMs: number };
  /** Simulated payments: every reply says so. */
  readonly sandbox: boolean;
  /** At or above: two different approvers (the requester never counts). Unset: one approver. */
  readonly secondApprovalThresholdCents?: Cents;
  /** Confirmed money (receipts) per member per UTC calendar month; unset: no member budget. */
  readonly memberMonthlyBudgetCents?: Cents;
  /** Confirmed money (receipts) of the whole workspace per UTC calendar month; unset: none. */
  readonly workspaceMonthlyBudgetCents?: Cents;
  /** One reminder in the card's thread after an approval is unanswered this long; unset = none. */
  readonly reminderAfterMs?: number;
  /** Then escalate to the fallback approvers after this long (from the request); unset = never. */
  readonly escalateAfterMs?: number;
}

export const DEFAULT_POLICY: Policy = {
  approvalThresholdCents: 0,
  maxFundCents: DEFAULT_MAX_FUND_CENTS,
  minFundCents: MIN_FUND_CENTS,
  allowSelfApproval: false,
  approvalTtlMs: 24 * 60 * 60 * 1000,
  newRequestLimit: { count: 5, windowMs: 60_000 },
  sandbox: false,
};

/**
 * The one way a Policy is built: src/config.ts builds production's from the environment with it,
 * and tests build theirs with it, so both start from the same defaults.
 */
export function makePolicy(overrides: Partial<Policy> = {}): Policy {
  return { ...DEFAULT_POLICY, ...overrides };
}

export type Verdict = { readonly ok: true } | { readonly ok: false; readonly rule: string };

const OK = { ok: true } as const;

/** A rule as the person reads it, in their language: the caller passes its `t` (ctx.t). */
export type Said = (t: Texts) => string;

/** A request rule's answer (who may act on a request); refusals are said in the actor's language. */
export type Permission = { readonly ok: true } | { readonly ok: false; readonly rule: Said };

const said =
  (key: Parameters<Texts['t']>[0], values?: (t: Texts) => Parameters<Texts['t']>[1]): Said =>
  (t) =>
    t.t(key, values?.(t));

export type AmountVerdict = { readonly ok: true; readonly cents: Cents } | { readonly ok: false; readonly rule: Said };

/** Parse and range-check a typed amount. */
export function checkFundAmount(text: string, policy: Policy): AmountVerdict {
  const parsed = parseAmount(text);
  if (!parsed.ok) {
    switch (parsed.reason) {
      case 'empty':
        return { ok: false, rule: said('shared.policy.amount_empty') };
      case 'too_many_decimals':
        return { ok: false, rule: said('shared.policy.amount_decimals') };
      case 'not_positive':
        return { ok: false, rule: said('shared.policy.amount_positive') };
      case 'too_large':
        return {
          ok: false,
          rule: said('shared.policy.amount_too_large', (t) => ({ max: t.money(policy.maxFundCents) })),
        };
      case 'bad_grouping':
        return {
          ok: false,
          rule: said('shared.policy.amount_grouping', () => ({ text: text.trim().slice(0, 20) })),
        };
      default:
        return {
          ok: false,
          rule: said('shared.policy.amount_bad', () => ({ text: text.trim().slice(0, 20) })),
        };
    }
  }
  if (parsed.cents < policy.minFundCents) {
    return { ok: false, rule: said('shared.policy.amount_min', (t) => ({ min: t.money(policy.minFundCents) })) };
  }
  if (parsed.cents > policy.maxFundCents) {
    return { ok: false, rule: said('shared.policy.amount_max', (t) => ({ max: t.money(policy.maxFundCents) })) };
  }
  return { ok: true, cents: parsed.cents };
}

/** Notes on a request and reasons for a denial: stored, echoed on cards and DMs, kept short. */
export const MAX_NOTE_CHARS = 200;

export type TextVerdict = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly rule: Said };

/**
 * Clean free text (no control characters, no mention tokens) and refuse it when it is longer than
 * the limit, rather than cutting it without a word: the person learns the rule and nothing is
 * stored. The length counted is the cleaned one, the text that would have been kept.
 */
export function checkFreeText(input: string, what: 'note' | 'reason'): TextVerdict {
  const text = sanitizeUserText(input, Number.MAX_SAFE_INTEGER);
  // Stored and shown to the channel: a pasted card number or security code never is.
  if (looksLikeCardData(text)) return { ok: false, rule: said('shared.policy.card_data', () => ({ what })) };
  if (text.length > MAX_NOTE_CHARS) {
    return {
      ok: false,
      rule: said('shared.policy.note_too_long', (t) => ({
        what,
        max: String(MAX_NOTE_CHARS),
        length: text.length.toLocaleString(t.locale === 'en' ? 'en-US' : t.locale),
      })),
    };
  }
  return { ok: true, text };
}

export function needsApproval(amountCents: Cents, policy: Policy): boolean {
  return policy.approvalThresholdCents <= 0 || amountCents >= policy.approvalThresholdCents;
}

export function sameUser(a: UserRef | undefined, b: UserRef | undefined): boolean {
  return !!a && !!b && a.platform === b.platform && a.id === b.id;
}

/** Approvals a request of this amount needs: 2 at or above the second threshold, else 1. */
export function approvalsRequired(amountCents: Cents, policy: Policy): 1 | 2 {
  const second = policy.secondApprovalThresholdCents;
  return second !== undefined && second > 0 && amountCents >= second ? 2 : 1;
}

/**
 * Who may decide: an approver, or, once the request escalated (core/requests reminders set
 * `escalatedAt`), a fallback approver. Both fields are read structurally: the reminder room and
 * the adapters own them.
 */
export function isDecider(actor: Actor, request: PaymentRequest): boolean {
  if (actor.isApprover) return true;
  const escalated = (request as { readonly escalatedAt?: number }).escalatedAt !== undefined;
  return escalated && (actor as { readonly isFallbackApprover?: boolean }).isFallbackApprover === true;
}

/** Approve or deny: approvers only, and not one's own request unless self-approval is allowed. */
export function mayDecide(actor: Actor, request: PaymentRequest, policy: Policy): Permission {
  if (!isDecider(actor, request)) return { ok: false, rule: said('shared.policy.only_approvers') };
  if (sameUser(actor, request.requester) && !policy.allowSelfApproval) {
    return { ok: false, rule: said('shared.policy.not_own') };
  }
  return OK;
}

export function mayCancel(actor: Actor, request: PaymentRequest): Permission {
  if (isDecider(actor, request) || sameUser(actor, request.requester)) return OK;
  return { ok: false, rule: said('shared.policy.cancel') };
}

/**
 * "I've paid": the payer only. The click proves nothing by itself, but it spends the shared
 * billing budget (the watcher checks at once), so a stranger must not be able to trigger it.
 */
export function mayClaimPaid(actor: Actor, request: PaymentRequest): Permission {
  if (sameUser(actor, request.payer)) return OK;
  return { ok: false, rule: said('shared.policy.claim_paid') };
}

/** New link, retry the DM: the payer, the requester or an approver. */
export function mayRenew(actor: Actor, request: PaymentRequest): Permission {
  if (actor.isApprover || sameUser(actor, request.requester) || sameUser(actor, request.payer)) return OK;
  return { ok: false, rule: said('shared.policy.renew') };
}

/** Try again after a failure: the same people who may cancel (the requester or an approver). */
export function mayTryAgain(actor: Actor, request: PaymentRequest): Permission {
  if (mayCancel(actor, request).ok) return OK;
  return { ok: false, rule: said('shared.policy.try_again') };
}
