/**
 * Open a new fund or subscribe request: per-user limit, approval rule, persist, then drive
 * (card, and when no approval is needed, the link and the DM straight away).
 */
import { MessengerError } from '../shared/errors.ts';
import { localeOf, type Texts } from '../shared/i18n.ts';
import type { Cents } from '../shared/money.ts';
import { notPosted } from '../shared/notices.ts';
import { approvalsRequired, needsApproval } from '../shared/policy.ts';
import type { Responder } from '../shared/ports.ts';
import { mentionUser } from '../shared/reply.ts';
import type { EngineServices } from '../shared/services.ts';
import type { InboundEvent, UserRef } from '../shared/types.ts';
import { budgetFor, budgetReason } from './budget.ts';
import { drive } from './driver.ts';
import { userRef } from './queries.ts';
import { takeNewRequestSlot } from './rate-limit.ts';
import type { PaymentRequest, Purpose } from './request.ts';

export interface RequestDraft {
  readonly purpose: Purpose;
  readonly amountCents: Cents;
  readonly planId?: number;
  readonly planName?: string;
  readonly note: string;
  /** Another member who pays (the fund form's "who pays"): only their DM gets the link. Default the requester. */
  readonly payer?: UserRef;
}

export async function openRequest(
  s: EngineServices,
  event: InboundEvent,
  respond: Responder,
  draft: RequestDraft,
): Promise<PaymentRequest | undefined> {
  // The requester's language: their private answers now, their payment DMs later (request.locale).
  const locale = localeOf(event.actor.locale);
  const t = s.texts(locale ?? s.locale());
  const slot = await takeNewRequestSlot(s.kv, s.clock, s.policy, event.actor);
  if (!slot.ok) {
    const { count, windowMs } = s.policy.newRequestLimit;
    await respond.reply({
      text: t.t('requests.open.rate_limited', {
        count: count,
        seconds: String(Math.round(windowMs / 1000)),
        retry: String(Math.ceil(slot.retryInMs / 1000)),
      }),
      tone: 'warning',
      ephemeral: true,
    });
    return undefined;
  }
  const requester = userRef(event.actor);
  // Read before the clock: the budget counts receipts confirmed up to now (requests/spend.ts).
  const budget = await budgetFor(s, requester, draft.amountCents);
  const now = s.clock.now();
  // Over a monthly budget, even a small request needs an approver (the card says which budget).
  const required = approvalsRequired(draft.amountCents, s.policy);
  // Someone else pays: they did not ask for a payment link, so an approver decides first, whatever the
  // amount (otherwise anyone could send any member a payment link DM).
  const otherPayer = draft.payer !== undefined && draft.payer.id !== requester.id;
  const approval =
    needsApproval(draft.amountCents, s.policy) || budget?.exceeds !== undefined || required > 1 || otherPayer;
  const request: PaymentRequest = {
    id: s.newId(),
    ...(s.tenant !== undefined ? { tenantId: s.tenant } : {}),
    purpose: draft.purpose,
    amountCents: draft.amountCents,
    ...(draft.planId !== undefined ? { planId: draft.planId } : {}),
    ...(draft.planName !== undefined ? { planName: draft.planName } : {}),
    note: draft.note,
    platform: event.platform,
    conversation: event.conversation,
    requester,
    payer: draft.payer ?? requester,
    ...(locale !== undefined ? { locale } : {}),
    needsApproval: approval,
    ...(approval && required > 1 ? { approvalsRequired: required } : {}),
    ...(budget ? { budget } : {}),
    state: approval ? 'awaiting_approval' : 'approved',
    createdAt: now,
    updatedAt: now,
    ...(approval ? { approvalExpiresAt: now + s.policy.approvalTtlMs } : {}),
    attempts: [],
    version: 0,
  };
  await s.locks.run(request.id, async () => {
    await s.ledger.create(request, {
      actor: requester,
      detail: !approval
        ? 'below approval threshold'
        : budget?.exceeds
          ? `needs approval: over the ${budget.exceeds}'s monthly budget`
          : required > 1
            ? 'needs two approvals'
            : 'needs approval',
    });
    try {
      await drive(s, request, { respond, actor: requester, texts: t });
    } catch (err) {
      if (!(err instanceof MessengerError) || request.card) throw err;
      // No card means nobody could ever approve it: close it rather than leave it dangling.
      request.reason = s.texts(s.locale()).t('requests.reason.card_not_posted');
      await s.ledger.transition(request, 'cancelled', { detail: err.message });
      await respond.reply({
        text: notPosted(t, err, event.platform, t.t('requests.open.card_what'), t.t('requests.open.card_so')),
        tone: 'danger',
        ephemeral: true,
      });
      return;
    }
    await respond.reply({
      text: approval
        ? waitingText(t, request)
        : draft.payer
          ? t.t('requests.open.no_approval_other', { id: request.id, payer: mentionUser(draft.payer.id) })
          : t.t('requests.open.no_approval', { id: request.id }),
      ephemeral: true,
    });
  });
  return request;
}

/** The requester's private answer: who has to act, and why when a budget is the reason. */
function waitingText(t: Texts, request: PaymentRequest): string {
  const why = budgetReason(t, request);
  if (why) return t.t('requests.open.over_budget', { id: request.id, why });
  if ((request.approvalsRequired ?? 1) > 1)
    return t.t('requests.open.waiting_many', { id: request.id, count: request.approvalsRequired ?? 1 });
  return t.t('requests.open.waiting', { id: request.id });
}
