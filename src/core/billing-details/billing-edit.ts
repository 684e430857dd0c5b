/**
 * Edit contact / Edit address on `/ml billing` (`billing_edit`, value `contact` | `address`):
 * opens that form prefilled with what ModelsLab has now. Discord does not defer this click
 * (workspace/routes.ts ENGINE_FORM_ACTIONS), so the form can be the interaction's first answer.
 */
import { showForm } from '../shared/form-handler.ts';
import type { ActionHandler } from '../shared/handler.ts';
import { refusal } from '../shared/notices.ts';
import { addressForm, contactForm } from './billing-form-specs.ts';
import { refuseNonApprover } from './billing-forms.ts';
import { readBillingDetails } from './billing-read.ts';

export const billingEditAction: ActionHandler = async ({ s, event, respond, t }) => {
  if (await refuseNonApprover({ event, respond, t })) return;
  const which = event.value === 'contact' || event.value === 'address' ? event.value : undefined;
  if (!which) {
    await respond.reply(refusal(t.t('billingDetails.edit_unknown')));
    return;
  }
  const current = await readBillingDetails(s, respond, t);
  if (!current) return;
  const form = which === 'contact' ? contactForm(t, current) : addressForm(t, current);
  if (!(await showForm(s, respond, form, t.t('billingDetails.form_unavailable'))))
    await respond.reply(refusal(t.t('billingDetails.no_forms')));
};
