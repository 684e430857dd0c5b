/**
 * The billing details as an approver reads them (`/ml billing`, and after a change): name, email,
 * the address one line per part, the tax id with its type, "not set" for what is missing, and
 * the two Edit buttons. Values came from ModelsLab and may have been typed anywhere: made safe.
 */
import type { BillingDetails } from '../shared/cards-port.ts';
import type { Texts } from '../shared/i18n.ts';
import { type Reply, sanitizeUserText } from '../shared/reply.ts';

function orNotSet(t: Texts, value: string | undefined): string {
  const v = sanitizeUserText(value ?? '');
  return v === '' ? t.t('billingDetails.not_set') : v;
}

function addressLines(t: Texts, d: BillingDetails): string {
  const a = d.address;
  const lines = a
    ? [a.line1, a.line2, a.city, a.state, a.postalCode, a.country].map((v) => sanitizeUserText(v ?? ''))
    : [];
  const set = lines.filter((l) => l !== '');
  return set.length > 0 ? set.join('\n') : t.t('billingDetails.not_set');
}

function taxIdLine(t: Texts, d: BillingDetails): string {
  const id = sanitizeUserText(d.taxId ?? '');
  if (id === '') return t.t('billingDetails.not_set');
  return t.t('billingDetails.tax_id_value', { id, type: sanitizeUserText(d.taxIdType ?? '') || '?' });
}

/** `lead`: a sentence above the details (what just changed); the view's own intro otherwise. */
export function billingDetailsReply(t: Texts, d: BillingDetails, lead?: string): Reply {
  return {
    title: t.t('billingDetails.title'),
    text: lead ?? t.t('billingDetails.intro'),
    fields: [
      { label: t.t('billingDetails.label.name'), value: orNotSet(t, d.name), short: true },
      { label: t.t('billingDetails.label.email'), value: orNotSet(t, d.email), short: true },
      { label: t.t('billingDetails.label.address'), value: addressLines(t, d) },
      { label: t.t('billingDetails.label.tax_id'), value: taxIdLine(t, d) },
    ],
    buttons: [
      { kind: 'action', action: 'billing_edit', value: 'contact', label: t.t('billingDetails.edit_contact') },
      { kind: 'action', action: 'billing_edit', value: 'address', label: t.t('billingDetails.edit_address') },
    ],
    tone: lead ? 'success' : 'info',
    ephemeral: true,
  };
}
