/**
 * The rules of the house, in one place: how much may be asked, who must approve, who may act.
 * Every refusal is a value with a sentence that states the rule; handlers add the usage line.
 */

import type { PaymentRequest } from '../requests/request.ts';
import { type Cents, DEFAULT_MAX_FUND_CENTS, formatUsd, MIN_FUND_CENTS, parseAmount } from './money.ts';
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

const OK: Verdict = { ok: true };

export type AmountVerdict =
  | { readonly ok: true; readonly cents: Cents }
  | { readonly ok: false; readonly rule: string };

/** Parse and range-check a typed amount. */
export function checkFundAmount(text: string, policy: Policy): AmountVerdict {
  const parsed = parseAmount(text);
  if (!parsed.ok) {
    switch (parsed.reason) {
      case 'empty':
        return { ok: false, rule: 'Please give an amount in US dollars.' };
      case 'too_many_decimals':
        return { ok: false, rule: 'Amounts can have at most 2 decimals (cents).' };
      case 'not_positive':
        return { ok: false, rule: 'Amounts must be positive.' };
      case 'too_large':
        return {
          ok: false,
          rule: `That is above the largest request: amounts can be at most ${formatUsd(policy.maxFundCents)}.`,
        };
      case 'bad_grouping':
        return {
          ok: false,
          rule: `"${text.trim().slice(0, 20)}" is not an amount: a comma separates thousands (1,000 or 1,000.50) and cents follow a dot (10.50).`,
        };
      default:
        return {
          ok: false,
          rule: `"${text.trim().slice(0, 20)}" is not an amount: use digits like 50, 50.25 or 1,000.`,
        };
    }
  }
  if (parsed.cents < policy.minFundCents) {
    return { ok: false, rule: `Amounts must be at least ${formatUsd(policy.minFundCents)}.` };
  }
  if (parsed.cents > policy.maxFundCents) {
    return { ok: false, rule: `Amounts can be at most ${formatUsd(policy.maxFundCents)}.` };
  }
  return { ok: true, cents: parsed.cents };
}

/** Notes on a request and reasons for a denial: stored, echoed on cards and DMs, kept short. */
export const MAX_NOTE_CHARS = 200;

export type TextVerdict = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly rule: string };

/**
 * Clean free text (no control characters, no mention tokens) and refuse it when it is longer than
 * the limit, rather than cutting it without a word: the person learns the rule and nothing is
 * stored. The length counted is the cleaned one, the text that would have been kept.
 */
export function checkFreeText(input: string, what: 'note' | 'reason'): TextVerdict {
  const text = sanitizeUserText(input, Number.MAX_SAFE_INTEGER);
  if (text.length > MAX_NOTE_CHARS) {
    return {
      ok: false,
      rule: `${what === 'note' ? 'Notes' : 'Reasons'} are at most ${MAX_NOTE_CHARS} characters; yours has ${text.length.toLocaleString('en-US')}. Nothing was changed.`,
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
export function mayDecide(actor: Actor, request: PaymentRequest, policy: Policy): Verdict {
  if (!isDecider(actor, request)) return { ok: false, rule: 'Only approvers can approve or deny requests.' };
  if (sameUser(actor, request.requester) && !policy.allowSelfApproval) {
    return { ok: false, rule: 'You cannot approve or deny your own request; another approver has to.' };
  }
  return OK;
}

export function mayCancel(actor: Actor, request: PaymentRequest): Verdict {
  if (isDecider(actor, request) || sameUser(actor, request.requester)) return OK;
  return { ok: false, rule: 'Only the requester or an approver can cancel a request.' };
}

/**
 * "I've paid": the payer only. The click proves nothing by itself, but it spends the shared
 * billing budget (the watcher checks at once), so a stranger must not be able to trigger it.
 */
export function mayClaimPaid(actor: Actor, request: PaymentRequest): Verdict {
  if (sameUser(actor, request.payer)) return OK;
  return { ok: false, rule: 'Only the payer of this request can say it has been paid.' };
}

/** New link, retry the DM: the payer, the requester or an approver. */
export function mayRenew(actor: Actor, request: PaymentRequest): Verdict {
  if (actor.isApprover || sameUser(actor, request.requester) || sameUser(actor, request.payer)) return OK;
  return { ok: false, rule: 'Only the payer, the requester or an approver can ask for a new link.' };
}

/** Try again after a failure: the same people who may cancel (the requester or an approver). */
export function mayTryAgain(actor: Actor, request: PaymentRequest): Verdict {
  if (mayCancel(actor, request).ok) return OK;
  return { ok: false, rule: 'Only the requester or an approver can try a failed request again.' };
}
