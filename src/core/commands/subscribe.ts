/** `/ml-subscribe [plan id or name]`: no argument shows the plans as buttons; a plan opens a request. */
import { isBotError } from '../errors.ts';
import { openRequest } from '../flow/open-request.ts';
import type { CommandSpec } from '../handler.ts';
import type { Plan, Responder } from '../ports.ts';
import type { EngineServices } from '../services.ts';
import type { InboundEvent } from '../types.ts';
import { refusal } from '../views/notices.ts';
import { findPlan, planLabel, planPicker } from './plans.ts';

export async function loadPlans(s: EngineServices, respond: Responder): Promise<readonly Plan[] | undefined> {
  try {
    return await s.billing.listPlans();
  } catch (err) {
    if (!isBotError(err)) throw err;
    s.logger.warn({ err }, 'listing plans failed');
    await respond.reply(
      refusal('ModelsLab is not answering right now, so I cannot list the plans. Try again in a minute.'),
    );
    return undefined;
  }
}

export async function openSubscribeRequest(s: EngineServices, event: InboundEvent, respond: Responder, plan: Plan) {
  return openRequest(s, event, respond, {
    purpose: 'subscribe',
    amountCents: plan.priceCents,
    planId: plan.id,
    planName: plan.name,
    note: planLabel(plan),
  });
}

export const subscribeCommand: CommandSpec = {
  name: 'subscribe',
  usage: '/ml-subscribe [plan id or name]',
  example: '/ml-subscribe Pro',
  summary: 'Subscribe the account to a plan; without a plan, shows the plans as buttons.',
  async run({ s, event, args, respond }) {
    const plans = await loadPlans(s, respond);
    if (!plans) return;
    const query = args.trim();
    if (!query) {
      await respond.reply(planPicker(plans));
      return;
    }
    const plan = findPlan(plans, query);
    if (!plan) {
      const names = plans.map((p) => `${p.id} ${p.name}`).join(', ');
      await respond.reply(
        refusal(`No plan matches "${query.slice(0, 40)}". Plans: ${names}.`, subscribeCommand, event.platform),
      );
      return;
    }
    await openSubscribeRequest(s, event, respond, plan);
  },
};
