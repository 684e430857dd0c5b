/**
 * What `/ml cards` shows: one line per saved card (brand, ••last4, expiry MM/YYYY, default,
 * expired), and for approvers a Make default button (not on the default) and a Remove button per
 * card, then Add a card. Members see the list and who manages it. Also the confirm step's message.
 */

import type { SavedCard } from '../shared/cards-port.ts';
import type { Texts } from '../shared/i18n.ts';
import type { Button, Reply } from '../shared/reply.ts';

/** `visa ••4242`: what every message and audit detail calls a card (never more of it). */
export function cardName(t: Texts, card: Pick<SavedCard, 'brand' | 'last4'>): string {
  return t.t('cards.card', { brand: card.brand, last4: card.last4 });
}

/** A card is good through the last day of its expiry month (UTC). */
export function isExpired(card: SavedCard, now: number): boolean {
  const d = new Date(now);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  return card.expYear < year || (card.expYear === year && card.expMonth < month);
}

const expiryOf = (card: SavedCard) => `${String(card.expMonth).padStart(2, '0')}/${card.expYear}`;

/**
 * The card as a button or a confirm step names it: `visa ••4242`, with its expiry when another
 * saved card has the same brand and last four (a reissued card keeps its number), so the
 * approver can tell which one a Remove removes.
 */
export function cardLabel(t: Texts, card: SavedCard, cards: readonly SavedCard[]): string {
  const twin = cards.some((c) => c.id !== card.id && c.brand === card.brand && c.last4 === card.last4);
  const name = cardName(t, card);
  return twin ? t.t('cards.card_with_expiry', { card: name, expiry: expiryOf(card) }) : name;
}

function cardLine(t: Texts, card: SavedCard, now: number): string {
  const marks = `${card.isDefault ? t.t('cards.mark_default') : ''}${isExpired(card, now) ? t.t('cards.mark_expired') : ''}`;
  return t.t('cards.line', { card: cardName(t, card), expiry: expiryOf(card), marks });
}

/** Discord shows 25 buttons at most: 12 cards with two buttons each, plus Add a card. */
const MAX_CARDS_WITH_BUTTONS = 12;

function manageButtons(t: Texts, cards: readonly SavedCard[]): Button[] {
  const buttons: Button[] = [];
  for (const card of cards.slice(0, MAX_CARDS_WITH_BUTTONS)) {
    const name = cardLabel(t, card, cards);
    if (!card.isDefault)
      buttons.push({
        kind: 'action',
        action: 'card_manage',
        value: `default:${card.id}`,
        label: t.t('cards.make_default_button', { card: name }),
      });
    buttons.push({
      kind: 'action',
      action: 'card_manage',
      value: `remove:${card.id}`,
      label: t.t('cards.remove_button', { card: name }),
      style: 'danger',
    });
  }
  buttons.push({ kind: 'action', action: 'card_add', value: 'add', label: t.t('cards.add_button'), style: 'primary' });
  return buttons;
}

/** The list, ephemeral. `lead`: a line above it (what was just done). */
export function cardsList(
  t: Texts,
  cards: readonly SavedCard[],
  now: number,
  isApprover: boolean,
  lead?: string,
): Reply {
  const lines = cards.length === 0 ? [t.t('cards.none')] : cards.map((c) => cardLine(t, c, now));
  return {
    title: t.t('cards.title'),
    text: [...(lead ? [lead] : []), ...lines].join('\n'),
    context: [isApprover ? t.t('cards.approver_hint') : t.t('cards.approvers_manage')],
    ...(isApprover ? { buttons: manageButtons(t, cards) } : {}),
    ephemeral: true,
    tone: lead ? 'success' : 'info',
  };
}

/** The confirm step of a Make default / Remove click; `value` is `<op>:<pm>:<nonce>`; `cards`: the account's. */
export function confirmStep(
  t: Texts,
  step: { readonly op: 'default' | 'remove'; readonly card: SavedCard; readonly value: string },
  cards: readonly SavedCard[],
): Reply {
  const { op, card, value } = step;
  const name = cardLabel(t, card, cards);
  const text =
    op === 'default'
      ? t.t('cards.confirm_default', { card: name })
      : card.isDefault
        ? t.t('cards.confirm_remove_default', { card: name })
        : t.t('cards.confirm_remove', { card: name });
  return {
    title: t.t('cards.confirm_title'),
    text,
    buttons: [
      {
        kind: 'action',
        action: 'card_confirm',
        value,
        label: t.t('cards.confirm_button'),
        style: op === 'remove' ? 'danger' : 'primary',
      },
      { kind: 'action', action: 'dismiss', value: 'cards', label: t.t('cards.never_mind') },
    ],
    ephemeral: true,
    tone: 'warning',
  };
}
