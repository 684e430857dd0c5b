/**
 * `/ml-subscribe [plan id or name]`: no argument shows the plans as buttons; a plan opens a
 * request, unless the account already has that plan (requests/plan-duplicates.ts: refused for a main
 * plan, an explicit "Subscribe again" for an add-on) or a request for it is already open.
 */

import { statusLabel } from '../requests/card.ts';
import { openRequest } from '../requests/open-request.ts';
import { holding, openRequestsFor, stacks } from '../requests/plan-duplicates.ts';
import { actorTexts } from '../requests/texts.ts';
import { callBilling } from '../shared/billing-call.ts';
import { isBotError } from '../shared/errors.ts';
import type { CommandSpec } from '../shared/handler.ts';
import { refusal } from '../shared/notices.ts';
import { subRef } from '../shared/plan-names.ts';
import type { Plan, Responder, Subscription } from '../shared/ports.ts';
import type { EngineServices } from '../shared/services.ts';
import type { InboundEvent } from '../shared/types.ts';
import { findPlan, type HeldNote, planLabel, planPicker } from './plans.ts';
import { subscribeAgainStep } from './subscriptions-view.ts';

export async function loadPlans(s: EngineServices, respond: Responder): Promise<readonly Plan[] | undefined> {
  return callBilling(s, respond, 'list the plans', () => s.billing.listPlans());
}

/**
 * Open a subscribe request for `plan` after the duplicate checks. `again`: the member clicked
 * "Subscribe again" on an add-on the account already has.
 */
export async function openSubscribeRequest(
  s: EngineServices,
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
    const how =
      first.status === 'paused'
        ? 'An approver can resume it from /ml status.'
        : 'To switch plans, an approver uses Change plan in /ml status.';
    await respond.reply(
      refusal(
        `The account already has ${subRef(first, plans)} (${first.status}). A second subscription to the same plan would be billed twice, so I do not open one. ${how}`,
      ),
    );
    return undefined;
  }
  if (first && !options.again) {
    await respond.reply(subscribeAgainStep(plan, held, plans));
    return undefined;
  }
  const [pending] = await openRequestsFor(s, plan.id);
  if (pending && !(options.again && stacks(plan))) {
    await respond.reply(
      refusal(
        `Request ${pending.id} for ${plan.name} is already open (${statusLabel(actorTexts(s, event.actor), pending.state)}). /ml status shows it; cancel it there if it is not wanted.`,
      ),
    );
    return undefined;
  }
  return openRequest(s, event, respond, {
    purpose: 'subscribe',
    amountCents: plan.priceCents,
    planId: plan.id,
    planName: plan.name,
    note: planLabel(plan),
  });
}

/**
 * The picker marks plans the account already has (and drops the button of a main plan, which
 * would be refused). Only a hint: when ModelsLab does not answer, the plain picker is shown and
 * the click is checked anyway.
 */
async function heldNotes(s: EngineServices, plans: readonly Plan[]): Promise<Map<number, HeldNote>> {
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
    const ids = held.map((x) => `#${x.id} (${x.status})`).join(', ');
    notes.set(
      plan.id,
      stacks(plan)
        ? { text: `The account has ${ids}; add-ons stack.`, offer: true }
        : { text: `The account has it: ${ids}. Change plan in /ml status switches it.`, offer: false },
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
      await respond.reply(planPicker(plans, await heldNotes(s, plans)));
      return;
    }
    const plan = findPlan(plans, query);
    if (!plan) {
      const names = plans.map((p) => `${p.id} ${p.name}`).join(', ');
      // The example names a plan that exists, never a fixed one that may not.
      const example = plans[0] ? `/ml-subscribe ${plans[0].name}` : '/ml-subscribe';
      await respond.reply(
        refusal(
          `No plan matches "${query.slice(0, 40)}". Plans: ${names}.`,
          { usage: subscribeCommand.usage, example },
          event.platform,
          t,
        ),
      );
      return;
    }
    await openSubscribeRequest(s, event, respond, plan, plans);
  },
};
