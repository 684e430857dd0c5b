/**
 * The engine's forms by name (the workspace desk answers the others: connect, settings_*). A
 * submission is checked (inline errors) and submitted through the same handler pair.
 */
import { billingAddressFormHandler, billingContactFormHandler } from '../billing-details/billing-forms.ts';
import { couponFormHandler } from '../coupons/coupon-form.ts';
import { denyFormHandler } from '../fund/deny-form.ts';
import { fundFormHandler } from '../fund/fund-form.ts';
import { topupFormHandler } from '../fund/topup-form.ts';
import type { EngineForm, FormContext } from '../shared/form-handler.ts';
import type { FieldErrors, FormName } from '../shared/forms.ts';

export const FORMS: Partial<Record<FormName, EngineForm>> = {
  fund: fundFormHandler,
  deny: denyFormHandler,
  coupon: couponFormHandler,
  topup_amount: topupFormHandler,
  billing_contact: billingContactFormHandler,
  billing_address: billingAddressFormHandler,
};

/** Undefined for a form this engine does not answer (the router sends none here). */
export function checkEngineForm(ctx: Omit<FormContext, 'respond'>): Promise<FieldErrors | undefined> {
  return Promise.resolve(FORMS[ctx.event.form]?.check(ctx));
}

export async function runForm(ctx: FormContext): Promise<boolean> {
  const form = FORMS[ctx.event.form];
  if (!form) return false;
  await form.submit(ctx);
  return true;
}
