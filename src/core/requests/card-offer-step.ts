/**
 * The offer of "Charge card on file": once a top-up's link was created and DM'd (the request
 * awaits payment, or its link expired and the team still needs the money), look up the account's
 * default saved card once and record it on the request (`cardOffer`), so the card can offer it.
 *
 * Why here and not around link creation: the lookup is a ModelsLab call that can be slow or fail,
 * and nothing about it may keep a payment link waiting. A failed lookup records nothing but the
 * time (`cardOfferCheckedAt`): the next drive (the sweep) asks again, at most once a minute. The
 * answer is cached per tenant engine for a minute (`s.kv`), so a burst of approvals costs one
 * read. Listing cards is a read (ModelsLab's general limiter), outside the billing budget.
 */
import type { SavedCard } from '../shared/cards-port.ts';
import type { EngineServices } from '../shared/services.ts';
import { CHARGEABLE_STATES } from './card-charge.ts';
import type { CardOffer, PaymentRequest } from './request.ts';

const CACHE_KEY = 'cards:default';
const CACHE_MS = 60_000;
/** A failed lookup is asked again after this long (by the next drive past it). */
export const OFFER_RETRY_MS = 60_000;

interface CachedDefault {
  readonly card: CardOffer | null;
  readonly at: number;
}

/** The default card as an offer (brand and last four: safe to show). */
export function offerOf(cards: readonly SavedCard[]): CardOffer | null {
  const card = cards.find((c) => c.isDefault);
  return card ? { paymentMethodId: card.id, brand: card.brand, last4: card.last4 } : null;
}

/** The account's default card, from the minute's cache or from ModelsLab. Throws what listCards throws. */
async function defaultCard(s: EngineServices): Promise<CardOffer | null> {
  const cached = await s.kv.get<CachedDefault>(CACHE_KEY);
  if (cached && s.clock.now() - cached.at < CACHE_MS) return cached.card;
  const card = offerOf(await s.billing.listCards());
  await rememberDefaultCard(s, card);
  return card;
}

/** Remember what a fresh read said (a click re-reads the cards), for the next requests' offers. */
export async function rememberDefaultCard(s: EngineServices, card: CardOffer | null): Promise<void> {
  await s.kv.set<CachedDefault>(CACHE_KEY, { card, at: s.clock.now() }, CACHE_MS);
}

/**
 * The saved cards changed here (a default set, a card removed or added): the next offers must not
 * show the minute-old default, nor miss a first card.
 */
export async function forgetDefaultCard(s: EngineServices): Promise<void> {
  await s.kv.delete(CACHE_KEY);
}

/**
 * Record the offer if the request owes one. Never throws: the offer is a convenience, and the
 * drive it runs in carries a payment.
 */
export async function offerCardOnFile(s: EngineServices, request: PaymentRequest): Promise<void> {
  if (request.purpose !== 'fund' || !CHARGEABLE_STATES.has(request.state)) return;
  if (request.cardOffer !== undefined) return;
  const now = s.clock.now();
  if (request.cardOfferCheckedAt !== undefined && now - request.cardOfferCheckedAt < OFFER_RETRY_MS) return;
  try {
    const card = await defaultCard(s);
    request.cardOffer = card;
  } catch (err) {
    s.logger.warn(
      { err, requestId: request.id },
      'could not look up the default saved card; the next sweep asks again',
    );
  }
  request.cardOfferCheckedAt = now;
  try {
    await s.ledger.save(request);
  } catch (err) {
    s.logger.warn({ err, requestId: request.id }, 'could not record the card-on-file offer');
  }
}
