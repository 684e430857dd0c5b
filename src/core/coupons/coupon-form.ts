/**
 * `/ml coupon` with no code opens a form for it; the submission answers exactly as
 * `/ml coupon CODE` does (coupon.ts), so the rules and the Redeem button are the command's.
 */
import type { EngineForm } from '../shared/form-handler.ts';
import { errorsOrNone, showForm, textValue } from '../shared/form-handler.ts';
import type { FormSpec } from '../shared/forms.ts';
import type { CommandContext } from '../shared/handler.ts';
import type { Texts } from '../shared/i18n.ts';
import type { CommandEvent } from '../shared/types.ts';
import { couponCommand } from './coupon.ts';
import { normaliseCode } from './coupon-flow.ts';

export const CODE_FIELD = 'code';

export function couponForm(t: Texts): FormSpec {
  return {
    name: 'coupon',
    title: t.t('forms.coupon_title'),
    submitLabel: t.t('forms.coupon_submit'),
    cancelLabel: t.t('common.cancel'),
    fields: [
      {
        id: CODE_FIELD,
        kind: 'text',
        label: t.t('forms.coupon_code'),
        hint: t.t('forms.coupon_code_hint'),
        maxLength: 40,
      },
    ],
  };
}

/** False when the platform shows no forms here: the command then states the rule as before. */
export function openCouponForm({ s, respond, t }: CommandContext): Promise<boolean> {
  return showForm(s, respond, couponForm(t), t.t('forms.unavailable', { command: '/ml coupon <code>' }));
}

export const couponFormHandler: EngineForm = {
  check: ({ event, t }) =>
    errorsOrNone({
      [CODE_FIELD]: normaliseCode(textValue(event.values, CODE_FIELD)) ? undefined : t.t('forms.coupon_code_bad'),
    }),
  async submit({ s, event, respond, t }) {
    const code = textValue(event.values, CODE_FIELD);
    // The form stands for the command: the same answer, under the same rules.
    const command: CommandEvent = { ...event, kind: 'command', command: 'ml', text: `coupon ${code}` };
    await couponCommand.run({ s, event: command, args: code, respond, t });
  },
};
