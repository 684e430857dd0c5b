/** The data the billing forms check against: ISO's 249 country codes and Stripe's tax id types. */
import { describe, expect, it } from 'vitest';
import { COUNTRY_CODES, countryCode } from '../../src/core/billing-details/countries.ts';
import { normaliseTaxId, TAX_ID_TYPES, taxIdType } from '../../src/core/billing-details/tax-ids.ts';

describe('country codes', () => {
  it('holds the 249 ISO 3166-1 alpha-2 codes and XK, two upper-case letters each', () => {
    expect(COUNTRY_CODES.size).toBe(250); // with Stripe's XK for Kosovo
    for (const code of COUNTRY_CODES) expect(code).toMatch(/^[A-Z]{2}$/);
    for (const code of ['US', 'DE', 'GB', 'FR', 'JP', 'BR', 'IN', 'AX', 'SS', 'ZW'])
      expect(COUNTRY_CODES.has(code)).toBe(true);
  });

  it('takes lower case and Stripe’s XK, refuses names, reserved codes and the UK as a code', () => {
    expect(countryCode(' de ')).toBe('DE');
    expect(countryCode('Germany')).toBeUndefined();
    expect(countryCode('UK')).toBeUndefined();
    expect(countryCode('EU')).toBeUndefined();
    expect(countryCode('XX')).toBeUndefined();
    // Not ISO's, but Stripe's code for Kosovo.
    expect(countryCode('xk')).toBe('XK');
  });
});

describe('tax id types', () => {
  it("follows Stripe's codes, lower case", () => {
    for (const type of [
      'eu_vat',
      'gb_vat',
      'us_ein',
      'au_abn',
      'in_gst',
      'ca_bn',
      'ch_vat',
      'no_vat',
      'jp_cn',
      'br_cnpj',
      'mx_rfc',
      'pl_nip',
    ])
      expect(TAX_ID_TYPES.has(type)).toBe(true);
    // Stripe's OpenAPI enum of 2026-12 lists 111 settable types (plus the legacy `unknown`).
    expect(TAX_ID_TYPES.size).toBe(111);
    expect(TAX_ID_TYPES.has('unknown')).toBe(false);
    for (const type of TAX_ID_TYPES) expect(type).toMatch(/^[a-z]{2}_[a-z_]+$/);
    expect(taxIdType('US_EIN')).toBe('us_ein');
    expect(taxIdType('vat')).toBeUndefined();
  });

  it('checks the fixed formats and stores them without spaces', () => {
    expect(normaliseTaxId('eu_vat', 'el 123456789')).toBe('EL123456789');
    expect(normaliseTaxId('eu_vat', 'GR123456789')).toBeUndefined();
    expect(normaliseTaxId('gb_vat', 'GB 123 4567 89')).toBe('GB123456789');
    expect(normaliseTaxId('gb_vat', 'GB123456789012')).toBe('GB123456789012');
    expect(normaliseTaxId('us_ein', '12-3456789')).toBe('12-3456789');
    expect(normaliseTaxId('au_abn', '51 824 753 556')).toBe('51824753556');
    expect(normaliseTaxId('in_gst', '27aapfu0939f1zv')).toBe('27AAPFU0939F1ZV');
    expect(normaliseTaxId('br_cnpj', '01.234.567/0001-89')).toBe('01.234.567/0001-89');
    expect(normaliseTaxId('br_cnpj', 'x'.repeat(51))).toBeUndefined();
  });
});
