/**
 * The billing details forms: contact (name, email, tax id type and tax id) and address. `check`
 * gives the inline errors before the platform closes the form; `submit` checks the submitter and
 * the values again (a check may not have run) and saves only what changed (billing-save.ts).
 */
import type { EngineForm, FormContext } from '../shared/form-handler.ts';
import type { Texts } from '../shared/i18n.ts';
import { refusal } from '../shared/notices.ts';
import type { Responder } from '../shared/ports.ts';
import type { InboundEvent } from '../shared/types.ts';
import { addressChange, contactChange } from './billing-change.ts';
import { type Checked, checkAddress, checkContact } from './billing-rules.ts';
import { saveBillingChange } from './billing-save.ts';

/** The rule for `/ml billing` and everything behind it: these are who ModelsLab invoices. */
export async function refuseNonApprover({
  event,
  respond,
  t,
}: {
  readonly event: Pick<InboundEvent, 'actor'>;
  readonly respond: Responder;
  readonly t: Texts;
}): Promise<boolean> {
  if (event.actor.isApprover) return false;
  await respond.reply(refusal(t.t('billingDetails.only_approvers')));
  return true;
}

async function answerErrors(ctx: FormContext, checked: Checked<unknown> & { ok: false }): Promise<void> {
  await ctx.respond.reply(refusal(Object.values(checked.errors).join(' ')));
}

export const billingContactFormHandler: EngineForm = {
  check: ({ event, t }) => {
    const checked = checkContact(t, event.values);
    return checked.ok ? undefined : checked.errors;
  },
  async submit(ctx) {
    if (await refuseNonApprover(ctx)) return;
    const checked = checkContact(ctx.t, ctx.event.values);
    if (!checked.ok) return answerErrors(ctx, checked);
    await saveBillingChange(ctx, checked.value, (current) => contactChange(current, checked.value));
  },
};

export const billingAddressFormHandler: EngineForm = {
  check: ({ event, t }) => {
    const checked = checkAddress(t, event.values);
    return checked.ok ? undefined : checked.errors;
  },
  async submit(ctx) {
    if (await refuseNonApprover(ctx)) return;
    const checked = checkAddress(ctx.t, ctx.event.values);
    if (!checked.ok) return answerErrors(ctx, checked);
    await saveBillingChange(ctx, checked.value, (current) => addressChange(current, checked.value));
  },
};
