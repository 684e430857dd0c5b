/**
 * What the two billing forms accept, checked the same way for the inline errors (before the
 * platform closes the form) and on submit (a check may not have run). Every value is trimmed and
 * its spaces collapsed; an error names the rule. Nothing here calls ModelsLab.
 */
import { textValue } from '../shared/form-handler.ts';
import type { FieldErrors, FormValues } from '../shared/forms.ts';
import type { MessageKey, Texts } from '../shared/i18n.ts';
import { sanitizeUserText } from '../shared/reply.ts';
import { countryCode } from './countries.ts';
import { hasFixedFormat, normaliseTaxId, taxIdType } from './tax-ids.ts';

export const CONTACT_FIELD = { name: 'name', email: 'email', taxIdType: 'tax_id_type', taxId: 'tax_id' } as const;
export const ADDRESS_FIELD = {
  line: 'line1',
  city: 'city',
  state: 'state',
  postalCode: 'postal_code',
  country: 'country',
} as const;

export const MAX_NAME = 100;
export const MAX_EMAIL = 254;
export const MAX_LINE = 100;
export const MAX_CITY = 100;
export const MAX_STATE = 100;
export const MAX_POSTAL = 12;
/** Line 1 and, after its first comma, line 2: one field (the form has room for five). */
export const MAX_STREET = 2 * MAX_LINE + 2;

export interface ContactValues {
  readonly name: string;
  readonly email: string;
  /** Both set or both empty (''). */
  readonly taxIdType: string;
  readonly taxId: string;
}

export interface AddressValues {
  readonly line1: string;
  /** '' when none. */
  readonly line2: string;
  readonly city: string;
  /** '' when none. */
  readonly state: string;
  readonly postalCode: string;
  readonly country: string;
}

export type Checked<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: FieldErrors };

/** Typed text made safe: no control or bidi characters, spaces collapsed, trimmed. */
function clean(values: FormValues, id: string): string {
  return sanitizeUserText(textValue(values, id), 1000);
}

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** The tax id's own rule for the fixed formats; the general one for every other type. */
const TAX_ID_RULE: Readonly<Record<string, MessageKey>> = {
  eu_vat: 'billingDetails.rule.tax_id_eu_vat',
  gb_vat: 'billingDetails.rule.tax_id_gb_vat',
  us_ein: 'billingDetails.rule.tax_id_us_ein',
  au_abn: 'billingDetails.rule.tax_id_au_abn',
  in_gst: 'billingDetails.rule.tax_id_in_gst',
};

export function checkContact(t: Texts, values: FormValues): Checked<ContactValues> {
  const name = clean(values, CONTACT_FIELD.name);
  const email = clean(values, CONTACT_FIELD.email);
  const typed = clean(values, CONTACT_FIELD.taxIdType);
  const rawId = clean(values, CONTACT_FIELD.taxId);
  const errors: Record<string, string> = {};
  if (name.length < 1 || name.length > MAX_NAME)
    errors[CONTACT_FIELD.name] = t.t('billingDetails.rule.name', { max: MAX_NAME });
  if (!EMAIL.test(email) || email.length > MAX_EMAIL) errors[CONTACT_FIELD.email] = t.t('billingDetails.rule.email');
  const type = typed ? taxIdType(typed) : '';
  let taxId = '';
  if (type === undefined) errors[CONTACT_FIELD.taxIdType] = t.t('billingDetails.rule.tax_id_type');
  else if (type === '' && rawId !== '') errors[CONTACT_FIELD.taxIdType] = t.t('billingDetails.rule.tax_pair');
  else if (type !== '' && rawId === '') errors[CONTACT_FIELD.taxId] = t.t('billingDetails.rule.tax_pair');
  else if (type !== '') {
    const id = normaliseTaxId(type, rawId);
    if (id === undefined) {
      const key = hasFixedFormat(type) ? TAX_ID_RULE[type] : undefined;
      errors[CONTACT_FIELD.taxId] = t.t(key ?? 'billingDetails.rule.tax_id', { type });
    } else taxId = id;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { name, email, taxIdType: type ?? '', taxId } };
}

/** US ZIP, Canadian and UK postcodes by their shapes; elsewhere up to 12 letters, digits, spaces and -. */
const POSTAL: Readonly<Record<string, { readonly shape: RegExp; readonly rule: MessageKey }>> = {
  US: { shape: /^\d{5}(-\d{4})?$/, rule: 'billingDetails.rule.postal_us' },
  CA: { shape: /^[A-Z]\d[A-Z] ?\d[A-Z]\d$/, rule: 'billingDetails.rule.postal_ca' },
  GB: { shape: /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/, rule: 'billingDetails.rule.postal_gb' },
};
const POSTAL_OTHER = /^[A-Za-z0-9][A-Za-z0-9 -]{0,11}$/;

/** "Street 1, Apt 2": what follows the first comma is line 2. */
export function splitStreet(street: string): { line1: string; line2: string } {
  const comma = street.indexOf(',');
  if (comma < 0) return { line1: street, line2: '' };
  return { line1: street.slice(0, comma).trim(), line2: street.slice(comma + 1).trim() };
}

export function joinStreet(line1: string, line2: string | undefined): string {
  return line2 ? `${line1}, ${line2}` : line1;
}

export function checkAddress(t: Texts, values: FormValues): Checked<AddressValues> {
  const { line1, line2 } = splitStreet(clean(values, ADDRESS_FIELD.line));
  const city = clean(values, ADDRESS_FIELD.city);
  const state = clean(values, ADDRESS_FIELD.state);
  const typedCountry = clean(values, ADDRESS_FIELD.country);
  const country = countryCode(typedCountry);
  const rawPostal = clean(values, ADDRESS_FIELD.postalCode);
  const errors: Record<string, string> = {};
  if (line1.length < 1 || line1.length > MAX_LINE || line2.length > MAX_LINE)
    errors[ADDRESS_FIELD.line] = t.t('billingDetails.rule.street', { max: MAX_LINE });
  if (city.length < 1 || city.length > MAX_CITY)
    errors[ADDRESS_FIELD.city] = t.t('billingDetails.rule.city', { max: MAX_CITY });
  if (state.length > MAX_STATE) errors[ADDRESS_FIELD.state] = t.t('billingDetails.rule.state', { max: MAX_STATE });
  if (!country) errors[ADDRESS_FIELD.country] = t.t('billingDetails.rule.country');
  const known = country ? POSTAL[country] : undefined;
  const postalCode = known ? rawPostal.toUpperCase() : rawPostal;
  if (known ? !known.shape.test(postalCode) : !POSTAL_OTHER.test(postalCode))
    errors[ADDRESS_FIELD.postalCode] = t.t(known?.rule ?? 'billingDetails.rule.postal', { max: MAX_POSTAL });
  if (Object.keys(errors).length > 0 || !country) return { ok: false, errors };
  return { ok: true, value: { line1, line2, city, state, postalCode, country } };
}
