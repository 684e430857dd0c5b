/**
 * What the card buttons share: reading a button value (`default:<pm>` on Make default / Remove,
 * `<op>:<pm>:<nonce>` on Confirm), listing the cards through `callBilling`, and the answer with
 * the list. A value is never trusted: the card is looked up again on every click.
 */
import { callBilling } from '../shared/billing-call.ts';
import type { SavedCard } from '../shared/cards-port.ts';
import type { Texts } from '../shared/i18n.ts';
import type { Responder } from '../shared/ports.ts';
import type { EngineServices } from '../shared/services.ts';

export type CardOp = 'default' | 'remove';

/** Stripe's payment method ids: `pm_` and letters, digits, underscores. */
export const PM_ID = /^pm_[A-Za-z0-9_]{1,80}$/;
const NONCE = /^[2-9a-z]{12}$/;

export interface CardCommand {
  readonly op: CardOp;
  readonly pm: string;
  /** The confirm step's nonce (Confirm only). */
  readonly nonce?: string;
}

export function parseCardValue(value: string, withNonce: boolean): CardCommand | undefined {
  const [op, pm, nonce, ...rest] = value.split(':');
  if (rest.length > 0 || (op !== 'default' && op !== 'remove') || !pm || !PM_ID.test(pm)) return undefined;
  if (!withNonce) return nonce === undefined ? { op, pm } : undefined;
  return nonce && NONCE.test(nonce) ? { op, pm, nonce } : undefined;
}

/** The account's cards, or undefined after telling the person why they could not be read. */
export function loadCards(s: EngineServices, respond: Responder, t: Texts): Promise<readonly SavedCard[] | undefined> {
  return callBilling(s, respond, t.t('cards.what_list'), () => s.billing.listCards(), 'read', t);
}
