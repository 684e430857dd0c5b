/**
 * A submitted form against the current details: the fields that changed (only those are sent,
 * `PUT /billing/info` changes only what it is given) and each one's before and after, for the
 * audit. An emptied optional value (line 2, state, the tax id) is sent as '' to clear it.
 */
import type { BillingAddress, BillingDetails, BillingDetailsUpdate } from '../shared/cards-port.ts';
import { type AddressValues, type ContactValues, joinStreet } from './billing-rules.ts';

export interface FieldChange {
  /** The audit's English field name (`email`, `address.city`, …). */
  readonly field: string;
  readonly before: string;
  readonly after: string;
}

export interface BillingChange {
  readonly update: BillingDetailsUpdate;
  readonly changes: readonly FieldChange[];
}

function changed(field: string, before: string | undefined, after: string): FieldChange | undefined {
  return (before ?? '') === after ? undefined : { field, before: before ?? '', after };
}

export function contactChange(current: BillingDetails, next: ContactValues): BillingChange {
  const changes = [
    changed('name', current.name, next.name),
    changed('email', current.email, next.email),
    changed('tax_id_type', current.taxIdType, next.taxIdType),
    changed('tax_id', current.taxId, next.taxId),
  ].filter((c): c is FieldChange => c !== undefined);
  const has = (field: string) => changes.some((c) => c.field === field);
  const update: BillingDetailsUpdate = {
    ...(has('name') ? { name: next.name } : {}),
    ...(has('email') ? { email: next.email } : {}),
    // The pair travels together: Stripe reads an id by its type.
    ...(has('tax_id') || has('tax_id_type') ? { taxId: next.taxId, taxIdType: next.taxIdType } : {}),
  };
  return { update, changes };
}

const ADDRESS_PARTS = ['line1', 'line2', 'city', 'state', 'postalCode', 'country'] as const;
const AUDIT_NAME: Readonly<Record<(typeof ADDRESS_PARTS)[number], string>> = {
  line1: 'address.line1',
  line2: 'address.line2',
  city: 'address.city',
  state: 'address.state',
  postalCode: 'address.postal_code',
  country: 'address.country',
};

export function addressChange(current: BillingDetails, submitted: AddressValues): BillingChange {
  const before: Partial<BillingAddress> = current.address ?? {};
  // The street field shows "line 1, line 2": untouched, it keeps the stored split (a comma in line 1).
  const sameStreet = joinStreet(before.line1 ?? '', before.line2) === joinStreet(submitted.line1, submitted.line2);
  const next = sameStreet ? { ...submitted, line1: before.line1 ?? '', line2: before.line2 ?? '' } : submitted;
  const changes = ADDRESS_PARTS.map((part) => changed(AUDIT_NAME[part], before[part], next[part])).filter(
    (c): c is FieldChange => c !== undefined,
  );
  if (changes.length === 0) return { update: {}, changes };
  // The address is one object on ModelsLab: sent whole, with '' clearing line 2 or the state.
  return { update: { address: { ...next } }, changes };
}

/** The audit's detail: `email: a@x → b@y; name: A → B` ('(none)' for an empty value). */
export function changeDetail(changes: readonly FieldChange[]): string {
  const shown = (v: string) => (v === '' ? '(none)' : v);
  return changes.map((c) => `${c.field}: ${shown(c.before)} → ${shown(c.after)}`).join('; ');
}
