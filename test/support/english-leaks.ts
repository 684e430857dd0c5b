/**
 * "No English in a Spanish flow": the English catalog's own words for what a fund flow shows
 * (card, private answers, payer DM, receipt, the fund form), as whole-word patterns, so a text
 * that skipped the catalog (or a key the Spanish file copied untranslated) is caught by name.
 */
import { EN, type MessageKey } from '../../src/core/shared/messages/en/index.ts';

const FUND_FLOW_KEYS: readonly MessageKey[] = [
  'common.sandbox_marker',
  'requests.status.awaiting_approval',
  'requests.status.awaiting_payment',
  'requests.receipt_where_thread',
  'requests.receipt_where_discord',
  'requests.card.asks_fund',
  'requests.card.awaiting',
  'requests.card.awaiting_payment',
  'requests.card.paid',
  'requests.button.approve',
  'requests.button.deny',
  'requests.button.cancel',
  'requests.button.paid',
  'requests.button.pay',
  'requests.field.requester',
  'requests.field.amount',
  'requests.field.note',
  'requests.field.status',
  'requests.field.link_expires',
  'requests.field.new_balance',
  'requests.field.approver',
  'requests.field.payer',
  'requests.field.session',
  'requests.field.time',
  'requests.dm.pay_fund',
  'requests.dm.received_title',
  'requests.dm.received',
  'requests.receipt.fund',
  'requests.receipt.title',
  'requests.open.waiting',
  'fund.approved',
  'forms.fund_title',
  'forms.fund_submit',
  'forms.fund_intro',
  'forms.fund_amount',
  'forms.fund_amount_hint',
  'forms.fund_note_hint',
  'forms.fund_payer',
  'forms.fund_payer_hint',
  'forms.fund_payer_text_hint',
  'shared.policy.amount_decimals',
  'shared.policy.amount_bad',
  'common.cancel',
];

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Each key's literal pieces (ICU arguments cut out), at least 4 characters long. */
export const ENGLISH_FUND_PHRASES: readonly string[] = [
  ...new Set(
    FUND_FLOW_KEYS.flatMap((key) =>
      EN[key]
        .split(/\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}/)
        .map((piece) => piece.replace(/^[\s.,:;·()]+|[\s.,:;·()]+$/g, ''))
        .filter((piece) => piece.length >= 4),
    ),
  ),
];

/** The English phrases found in `text` as whole words ("Cancel" is not in "Cancelar"). */
export function englishIn(text: string): string[] {
  return ENGLISH_FUND_PHRASES.filter((phrase) => new RegExp(`(^|\\W)${escapeRegExp(phrase)}(?=\\W|$)`).test(text));
}
