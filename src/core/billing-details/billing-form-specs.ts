/**
 * The two billing forms, prefilled with the current details. Five inputs at most (Discord's
 * modal limit), so the address form has line 2 folded into the street field: what follows its
 * first comma is line 2 (docs/cards.md, "Billing details").
 */
import type { BillingDetails } from '../shared/cards-port.ts';
import type { FormField, FormSpec } from '../shared/forms.ts';
import type { Texts } from '../shared/i18n.ts';
import {
  ADDRESS_FIELD,
  CONTACT_FIELD,
  joinStreet,
  MAX_CITY,
  MAX_EMAIL,
  MAX_NAME,
  MAX_STATE,
  MAX_STREET,
} from './billing-rules.ts';

const prefill = (value: string | undefined): Pick<FormField, 'initial'> => (value ? { initial: value } : {});

export function contactForm(t: Texts, d: BillingDetails): FormSpec {
  return {
    name: 'billing_contact',
    title: t.t('billingDetails.contact_title'),
    submitLabel: t.t('billingDetails.save'),
    cancelLabel: t.t('common.cancel'),
    fields: [
      {
        id: CONTACT_FIELD.name,
        kind: 'text',
        label: t.t('billingDetails.field.name'),
        hint: t.t('billingDetails.hint.name'),
        maxLength: MAX_NAME,
        ...prefill(d.name),
      },
      {
        id: CONTACT_FIELD.email,
        kind: 'text',
        label: t.t('billingDetails.field.email'),
        hint: t.t('billingDetails.hint.email'),
        maxLength: MAX_EMAIL,
        ...prefill(d.email),
      },
      {
        id: CONTACT_FIELD.taxIdType,
        kind: 'text',
        label: t.t('billingDetails.field.tax_id_type'),
        hint: t.t('billingDetails.hint.tax_id_type'),
        optional: true,
        maxLength: 20,
        ...prefill(d.taxIdType),
      },
      {
        id: CONTACT_FIELD.taxId,
        kind: 'text',
        label: t.t('billingDetails.field.tax_id'),
        hint: t.t('billingDetails.hint.tax_id'),
        optional: true,
        maxLength: 50,
        ...prefill(d.taxId),
      },
    ],
  };
}

export function addressForm(t: Texts, d: BillingDetails): FormSpec {
  const a = d.address;
  return {
    name: 'billing_address',
    title: t.t('billingDetails.address_title'),
    submitLabel: t.t('billingDetails.save'),
    cancelLabel: t.t('common.cancel'),
    fields: [
      {
        id: ADDRESS_FIELD.line,
        kind: 'text',
        label: t.t('billingDetails.field.street'),
        hint: t.t('billingDetails.hint.street'),
        maxLength: MAX_STREET,
        ...prefill(a ? joinStreet(a.line1, a.line2) : undefined),
      },
      {
        id: ADDRESS_FIELD.city,
        kind: 'text',
        label: t.t('billingDetails.field.city'),
        maxLength: MAX_CITY,
        ...prefill(a?.city),
      },
      {
        id: ADDRESS_FIELD.state,
        kind: 'text',
        label: t.t('billingDetails.field.state'),
        hint: t.t('billingDetails.hint.state'),
        optional: true,
        maxLength: MAX_STATE,
        ...prefill(a?.state),
      },
      {
        id: ADDRESS_FIELD.postalCode,
        kind: 'text',
        label: t.t('billingDetails.field.postal_code'),
        hint: t.t('billingDetails.hint.postal_code'),
        maxLength: 20,
        ...prefill(a?.postalCode),
      },
      {
        id: ADDRESS_FIELD.country,
        kind: 'text',
        label: t.t('billingDetails.field.country'),
        hint: t.t('billingDetails.hint.country'),
        maxLength: 60,
        ...prefill(a?.country),
      },
    ],
  };
}
