/**
 * `/ml-subscribe [plan id or name]`: no argument shows the plans as buttons; a plan opens a
 * request, unless the account already has that plan (requests/plan-duplicates.ts: refused for a main
 * plan, an explicit "Subscribe again" for an add-on) or a request for it is already open.
 */

import { statusLabel } from '../requests/card.ts';
import { openRequest } from '../requests/open-request.ts';
import { holding, openRequestsFor, stacks } from '../requests/plan-duplicates.ts';
import { callBilling } from '../shared/billing-call.ts';
import { isBotError } from '../shared/errors.ts';
import type { CommandSpec } from '../shared/handler.ts';
import type { Texts } from '../shared/i18n.ts';
import { refusal } from '../shared/notices.ts';
import { subRef } from '../shared/plan-names.ts';
import type { Plan, Responder, Subscription } from '../shared/ports.ts';
import type { EngineServices } from '../shared/services.ts';
import type { InboundEvent } from '../shared/types.ts';
import { findPlan, type HeldNote, planLabel, planPicker } from './plans.ts';
import { statusWord, subscribeAgainStep } from './subscriptions-view.ts';

export async function loadPlans(s: EngineServices, respond: Responder): Promise<readonly Plan[] | undefined> {
  return callBilling(s, respond, 'list the plans', () => s.billing.listPlans());
}

/**
 * Open a subscribe request for `plan` after the duplicate checks. `again`: the member clicked
 * "Subscribe again" on an add-on the account already has.
 */
export async function openSubscribeRequest(
  s: EngineServices,
  t: Texts,
  event: InboundEvent,
  respond: Responder,
  plan: Plan,
  plans: readonly Plan[],
  options: { readonly again?: boolean } = {},
) {
  const subs = await callBilling(s, respond, 'list the subscriptions', () => s.billing.listSubscriptions());
  if (!subs) return undefined;
  const held = holding(subs, plan.id);
  const [first] = held;
  if (first && !stacks(plan)) {
    const how = t.t(first.status === 'paused' ? 'subscriptions.how_resume' : 'subscriptions.how_switch');
    await respond.reply(
      refusal(t.t('subscriptions.already_has', { sub: subRef(first, plans, t), status: first.status, how })),
    );
    return undefined;
  }
  if (first && !options.again) {
    await respond.reply(subscribeAgainStep(t, plan, held, plans));
    return undefined;
  }
  const [pending] = await openRequestsFor(s, plan.id);
  if (pending && !(options.again && stacks(plan))) {
    await respond.reply(
      refusal(
        t.t('subscriptions.request_open', { id: pending.id, plan: plan.name, state: statusLabel(t, pending.state) }),
      ),
    );
    return undefined;
  }
  return openRequest(s, event, respond, {
    purpose: 'subscribe',
    amountCents: plan.priceCents,
    planId: plan.id,
    planName: plan.name,
    // The note is shown on the request's card in the channel: the workspace's language.
    note: planLabel(s.texts(s.locale()), plan),
  });
}

/**
 * The picker marks plans the account already has (and drops the button of a main plan, which
 * would be refused). Only a hint: when ModelsLab does not answer, the plain picker is shown and
 * the click is checked anyway.
 */
async function heldNotes(s: EngineServices, t: Texts, plans: readonly Plan[]): Promise<Map<number, HeldNote>> {
  const notes = new Map<number, HeldNote>();
  let subs: readonly Subscription[];
  try {
    subs = await s.billing.listSubscriptions();
  } catch (err) {
    if (!isBotError(err)) throw err;
    s.logger.warn({ err }, 'listing subscriptions for the plan picker failed');
    return notes;
  }
  for (const plan of plans) {
    const held = holding(subs, plan.id);
    if (!held.length) continue;
    const ids = held.map((x) => `#${x.id} (${statusWord(t, x.status)})`).join(', ');
    notes.set(
      plan.id,
      stacks(plan)
        ? { text: t.t('subscriptions.held_stacks', { ids }), offer: true }
        : { text: t.t('subscriptions.held_switch', { ids }), offer: false },
    );
  }
  return notes;
}

export const subscribeCommand: CommandSpec = {
  name: 'subscribe',
  usage: '/ml-subscribe [plan id or name]',
  // A plan the sandbox offers and its seeded account does not have yet, so the example works as typed.
  example: '/ml-subscribe Premium',
  summary: 'Subscribe the account to a plan; without a plan, shows the plans as buttons.',
  async run({ s, event, args, respond, t }) {
    const plans = await loadPlans(s, respond);
    if (!plans) return;
    const query = args.trim();
    if (!query) {
      await respond.reply(planPicker(t, plans, await heldNotes(s, t, plans)));
      return;
    }
    const plan = findPlan(plans, query);
    if (!plan) {
      const names = plans.map((p) => `${p.id} ${p.name}`).join(', ');
      // The example names a plan that exists, never a fixed one that may not.
      const example = plans[0] ? `/ml-subscribe ${plans[0].name}` : '/ml-subscribe';
      await respond.reply(
        refusal(
          t.t('subscriptions.no_match', { query: query.slice(0, 40), names }),
          { usage: subscribeCommand.usage, example },
          event.platform,
          t,
        ),
      );
      return;
    }
    await openSubscribeRequest(s, t, event, respond, plan, plans);
  },
};
