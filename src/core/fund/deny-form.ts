/**
 * Deny with a reason: the card's Deny button opens this form once the click passes the very
 * checks a Deny click always had (the clicked message is the request's own, it still awaits
 * approval, the clicker may decide it), so nobody is shown a form for a request they cannot deny.
 * The submission denies through deny.ts like `/ml deny <id> <reason>`: checked again under the
 * lock (the form's context names the request and proves nothing), audited with the reason, the
 * card updated, and the requester told by DM who denied it and why.
 */

import type { PaymentRequest } from '../requests/request.ts';
import type { EngineForm } from '../shared/form-handler.ts';
import { errorsOrNone, showForm, textValue } from '../shared/form-handler.ts';
import type { FormSpec } from '../shared/forms.ts';
import type { ActionHandler } from '../shared/handler.ts';
import type { Texts } from '../shared/i18n.ts';
import { checkFreeText, MAX_NOTE_CHARS } from '../shared/policy.ts';
import { withDecidableRequest } from './decision.ts';
import { denyRequest } from './deny.ts';

export const REASON_FIELD = 'reason';

export function denyForm(t: Texts, request: PaymentRequest): FormSpec {
  return {
    name: 'deny',
    title: t.t('forms.deny_title'),
    submitLabel: t.t('forms.deny_submit'),
    cancelLabel: t.t('common.cancel'),
    context: request.id,
    intro: t.t('forms.deny_intro', { id: request.id, amount: t.money(request.amountCents ?? 0) }),
    fields: [
      {
        id: REASON_FIELD,
        kind: 'text',
        label: t.t('forms.deny_reason'),
        hint: t.t('forms.deny_reason_hint', { max: MAX_NOTE_CHARS }),
        optional: true,
        maxLength: MAX_NOTE_CHARS,
      },
    ],
  };
}

/**
 * The Deny button. Where the platform shows no forms (or the responder has none), it denies at
 * once without a reason, as it always did.
 */
export const denyFormAction: ActionHandler = async ({ s, event, respond, t }) => {
  if (!respond.openForm) {
    await denyRequest(s, event.actor, event, '', respond, t);
    return;
  }
  await withDecidableRequest({ s, actor: event.actor, target: event, respond, t }, async (request) => {
    await showForm(
      s,
      respond,
      denyForm(t, request),
      t.t('forms.unavailable', { command: `/ml deny ${request.id} [reason]` }),
    );
  });
};

export const denyFormHandler: EngineForm = {
  check({ event, t }) {
    const reason = checkFreeText(textValue(event.values, REASON_FIELD), 'reason');
    return errorsOrNone({ [REASON_FIELD]: reason.ok ? undefined : reason.rule(t) });
  },
  submit: ({ s, event, respond, t }) =>
    denyRequest(s, event.actor, event.context ?? '', textValue(event.values, REASON_FIELD), respond, t),
};
