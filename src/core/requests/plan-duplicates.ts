/**
 * "Does the account already have this plan?", asked when a subscribe request is opened and again
 * just before its payment link is created (an approval can take a day; someone may have
 * subscribed meanwhile, or a second request for the same plan may have been paid first).
 *
 * The decision (ModelsLab's docs list subscriptions by category: normal, imagen, enterprise,
 * addon; the simulator's add-on "Stacks with any plan"):
 * - a plan of a main category (anything but `addon`) is held once: a second subscription to the
 *   same plan would bill the same thing twice, so it is refused with the rule, pointing at Pause /
 *   Resume / Change plan in `/ml status`. Checked at the command and before the link.
 * - an add-on stacks (each one adds its allowance), so a second one is legitimate: the member is
 *   told the account already has it and confirms with an explicit "Subscribe again" button. That
 *   confirmed choice is not second-guessed before the link.
 * - a subscription counts while it is not `canceled` (a paused one is resumed, not bought again).
 * - an open request for the same plan blocks a second at the command; before the link, a request
 *   for the same plan that already awaits payment does (two approved in the same instant).
 * Subscribing to another plan of the same category is left alone: ModelsLab allows it, and the
 * plan picker's prices make the choice visible.
 */
import { isBotError } from '../shared/errors.ts';
import type { Texts } from '../shared/i18n.ts';
import { subRef } from '../shared/plan-names.ts';
import type { Plan, Responder, Subscription } from '../shared/ports.ts';
import type { EngineServices } from '../shared/services.ts';
import type { PaymentRequest } from './request.ts';

export const STACKING_CATEGORIES: ReadonlySet<string> = new Set(['addon']);

export function stacks(plan: Plan): boolean {
  return STACKING_CATEGORIES.has(plan.category);
}

/** The account's live subscriptions to `planId`. */
export function holding(subs: readonly Subscription[], planId: number): Subscription[] {
  return subs.filter((x) => x.planId === planId && x.status !== 'canceled');
}

/** Open subscribe requests for the same plan (any platform): a second one would pay twice. */
export async function openRequestsFor(s: EngineServices, planId: number): Promise<PaymentRequest[]> {
  return (await s.requests.listOpen()).filter((r) => r.purpose === 'subscribe' && r.planId === planId);
}

/**
 * Before the link: the subscription that makes this request a duplicate, if any. Billing errors
 * propagate (the caller treats an outage like one on the link call: keep the approval, retry).
 */
export async function duplicateBeforeLink(
  s: EngineServices,
  request: PaymentRequest,
  t: Texts = s.texts(s.locale()),
): Promise<{ readonly why: string; readonly detail: string } | undefined> {
  if (request.purpose !== 'subscribe' || request.planId === undefined) return undefined;
  const [subs, plans] = await Promise.all([s.billing.listSubscriptions(), s.billing.listPlans()]);
  const plan = plans.find((p) => p.id === request.planId);
  if (!plan || stacks(plan)) return undefined;
  const [sub] = holding(subs, plan.id);
  if (sub) {
    return {
      why: t.t('requests.reason.duplicate_sub', { sub: subRef(sub, plans) }),
      detail: `duplicate of subscription #${sub.id}`,
    };
  }
  // Two requests approved side by side: the one whose link went out first is the one to pay.
  const rival = (await openRequestsFor(s, plan.id)).find((r) => r.id !== request.id && r.state === 'awaiting_payment');
  if (rival) {
    return {
      why: t.t('requests.reason.duplicate_request', { id: rival.id, plan: plan.name }),
      detail: `duplicate of request ${rival.id}`,
    };
  }
  return undefined;
}

export type DuplicateCheck = 'clear' | 'failed' | 'retry';

/**
 * The check before the link, with its outcome applied: `failed` (persisted, with the rule as the
 * reason; nothing was charged), `retry` (ModelsLab did not answer: the approval is kept and the
 * sweep asks again, as for the link call itself) or `clear`.
 */
export async function refuseDuplicatePlan(
  s: EngineServices,
  request: PaymentRequest,
  notify?: Responder,
  texts?: Texts,
): Promise<DuplicateCheck> {
  const t = texts ?? s.texts(s.locale());
  let found: Awaited<ReturnType<typeof duplicateBeforeLink>>;
  try {
    found = await duplicateBeforeLink(s, request, s.texts(s.locale()));
  } catch (err) {
    if (!isBotError(err)) throw err;
    s.logger.warn({ err, requestId: request.id }, 'subscriptions not readable before the link; will retry');
    await notify?.reply({
      text: t.t('requests.dup.subs_down', { id: request.id }),
      tone: 'warning',
      ephemeral: true,
    });
    return 'retry';
  }
  if (!found) return 'clear';
  // Stored and shown on the card: in the workspace's language.
  request.reason = s.texts(s.locale()).t('requests.reason.nothing_charged', { why: found.why });
  await s.ledger.transition(request, 'failed', { detail: found.detail });
  await notify?.reply({
    text: t.t('requests.dup.not_sent', { id: request.id, reason: request.reason }),
    tone: 'warning',
    ephemeral: true,
  });
  return 'failed';
}
