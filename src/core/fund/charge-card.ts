/**
 * "Charge card on file ••4242": an approver charges the account's default saved card for an
 * approved top-up whose checkout link was sent (awaiting payment, or the link expired and the
 * team still needs the money). The same people who may approve may charge (an approver, a
 * fallback approver once the request escalated; not one's own request unless self-approval is
 * allowed), and only a fully approved request (a two-person one has both approvals: the link
 * exists only once the last one was given).
 *
 * Under the request's lock (with-request.ts: the click must come from this request's own
 * message), so two approvers clicking at once are served one after the other and the second
 * hears the first's charge is in progress: exactly one charge. The card is re-read at the click
 * (uncached) and the current default is charged; the attempt is persisted and audited before the
 * charge (requests/card-charge-step.ts has the money rules). The clicker hears the outcome
 * privately; everyone else reads it on the card.
 */
import { receiptWhere, statusLabel } from '../requests/card.ts';
import {
  CHARGEABLE_STATES,
  chargeReason,
  fullyApproved,
  succeededCharge,
  unknownCharge,
  unsettledCharge,
} from '../requests/card-charge.ts';
import { type ChargeResult, sendCharge } from '../requests/card-charge-step.ts';
import { offerOf, rememberDefaultCard } from '../requests/card-offer-step.ts';
import { syncCard } from '../requests/card-step.ts';
import { drive } from '../requests/driver.ts';
import { userRef } from '../requests/queries.ts';
import type { CardChargeAttempt, CardOffer, PaymentRequest } from '../requests/request.ts';
import { rateLimitSentence } from '../shared/budget-wait.ts';
import type { SavedCard } from '../shared/cards-port.ts';
import type { ActionHandler } from '../shared/handler.ts';
import type { Texts } from '../shared/i18n.ts';
import { info, refusal } from '../shared/notices.ts';
import { isDecider, sameUser } from '../shared/policy.ts';
import { mentionUser, type Reply } from '../shared/reply.ts';
import type { EngineServices } from '../shared/services.ts';
import type { Actor } from '../shared/types.ts';
import { withRequest } from './with-request.ts';

/** Why this actor may not charge this request now, or undefined when they may. */
function chargeRefusal(s: EngineServices, t: Texts, actor: Actor, request: PaymentRequest): Reply | undefined {
  // Who may, first: a stranger learns nothing about the request's money.
  if (!isDecider(actor, request)) return refusal(t.t('cardCharge.only_approvers'));
  if (sameUser(actor, request.requester) && !s.policy.allowSelfApproval) return refusal(t.t('cardCharge.not_own'));
  if (request.purpose !== 'fund') return refusal(t.t('cardCharge.not_fund', { id: request.id }));
  if (request.state === 'paid' || succeededCharge(request))
    return info(t.t('cardCharge.already_paid', { id: request.id }));
  const running = unsettledCharge(request);
  if (running) return info(t.t('cardCharge.in_progress', { id: request.id, who: mentionUser(running.by.id) }));
  const unknown = unknownCharge(request);
  if (unknown)
    return refusal(
      t.t('cardCharge.unknown_refused', { id: request.id, amount: t.money(unknown.amountCents), last4: unknown.last4 }),
    );
  if (!CHARGEABLE_STATES.has(request.state))
    return refusal(t.t('cardCharge.not_payable', { id: request.id, state: statusLabel(t, request.state) }));
  if (!fullyApproved(request))
    return refusal(
      t.t('cardCharge.not_approved', {
        id: request.id,
        given: String(request.approvals?.length ?? 0),
        required: String(request.approvalsRequired ?? 1),
      }),
    );
  return undefined;
}

export const chargeCardAction: ActionHandler = ({ s, event, respond, t }) =>
  withRequest(s, event, respond, t, async (request) => {
    const refused = chargeRefusal(s, t, event.actor, request);
    if (refused) {
      await respond.reply(refused);
      return;
    }
    // The card as it is now, not as the card last showed it: a default changed since is charged.
    let cards: readonly SavedCard[];
    try {
      cards = await s.billing.listCards();
    } catch (err) {
      s.logger.warn({ err, requestId: request.id }, 'could not read the saved cards for a charge');
      await respond.reply(refusal(t.t('cardCharge.cards_unavailable')));
      return;
    }
    const card = offerOf(cards);
    await rememberDefaultCard(s, card);
    request.cardOffer = card;
    if (!card) {
      await s.ledger.save(request);
      await syncCard(s, request);
      await respond.reply(refusal(t.t('cardCharge.no_default')));
      return;
    }
    const charge = newCharge(s, request, event.actor, card);
    request.charges = [...(request.charges ?? []), charge];
    // Persisted and audited before the charge is sent: a crash after this replays the same key.
    await s.ledger.saveNoted(request, {
      actor: charge.by,
      detail: `card charge ${charge.n} of ${charge.amountCents} cents started on ${card.brand} ••${card.last4}`,
    });
    const result = await sendCharge(s, request, charge);
    if (charge.outcome === 'succeeded') {
      try {
        await drive(s, request, { respond, actor: charge.by, texts: t });
      } catch (err) {
        // The money moved and is recorded; a receipt or edit that failed is the sweep's to finish
        // (engine.ts owes()). The approver hears the truth, not "something went wrong".
        s.logger.error({ err, requestId: request.id }, 'card charge recorded; its receipt or card edit failed');
      }
    } else {
      // An unanswered charge is replayed by the sweep, not here: one call per click.
      await syncCard(s, request);
    }
    await respond.reply(answer(t, request, charge, result));
  });

function newCharge(s: EngineServices, request: PaymentRequest, actor: Actor, card: CardOffer): CardChargeAttempt {
  const n = (request.charges?.length ?? 0) + 1;
  return {
    n,
    idempotencyKey: `charge-${request.id}-${n}`,
    by: userRef(actor),
    paymentMethodId: card.paymentMethodId,
    brand: card.brand,
    last4: card.last4,
    amountCents: request.amountCents ?? 0,
    startedAt: s.clock.now(),
  };
}

/** The clicker's private answer: what happened, and what to do next. */
function answer(t: Texts, request: PaymentRequest, charge: CardChargeAttempt, result: ChargeResult): Reply {
  const values = { amount: t.money(charge.amountCents), brand: charge.brand, last4: charge.last4, id: request.id };
  if (result.kind === 'not_sent') {
    const limited = rateLimitSentence(t, result.err) ?? '';
    return refusal(t.t('cardCharge.not_sent', { limited }));
  }
  switch (charge.outcome) {
    case 'succeeded': {
      // The drive re-reads the request (receipt-step's pattern): the record is on the fresh copy.
      const posted = request.charges?.find((c) => c.n === charge.n)?.receiptPostedAt !== undefined;
      const where = posted ? receiptWhere(t, request) : t.t('cardCharge.receipt_owed');
      return { text: t.t('cardCharge.succeeded', { ...values, where }), ephemeral: true, tone: 'success' };
    }
    case 'pending':
      return info(t.t('cardCharge.pending', values));
    case 'requires_action':
      return refusal(t.t('cardCharge.requires_action', { payer: mentionUser(request.payer.id) }));
    case 'declined':
      return refusal(t.t('cardCharge.declined', { ...values, reason: chargeReason(t, charge) }));
    case 'refused':
      return refusal(t.t('cardCharge.refused', { ...values, code: charge.message ?? '' }));
    default:
      return refusal(t.t('cardCharge.unanswered', values));
  }
}
