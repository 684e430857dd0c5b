/**
 * The English default texts (core/shared/english-texts.ts) that pure views, plan names, the audit
 * detail and a monitor built without a formatter use: they must say exactly what the ICU formatter
 * says, so a message they format may hold no plural or select.
 */
import { describe, expect, it } from 'vitest';
import { ENGLISH_TEXTS } from '../../src/core/shared/english-texts.ts';
import { type MessageKey, textsFor } from '../../src/core/shared/i18n.ts';
import { EN } from '../../src/core/shared/messages/en/index.ts';
import { createMessageFormatter } from '../../src/i18n/icu-formatter.ts';

/** The keys a caller may format without the real formatter (views' English defaults). */
const DEFAULTED: readonly MessageKey[] = [
  'wallet.tx_line',
  'wallet.auto_unknown',
  'wallet.auto_off',
  'wallet.auto_on',
  'wallet.invoice_line',
  'wallet.invoice_pdf',
  'wallet.invoice_page',
  'wallet.no_invoices',
  'wallet.invoices_latest',
  'wallet.invoices_all',
  'wallet.invoice_links_missing',
  'subscriptions.per_month',
  'subscriptions.per_year',
  'subscriptions.plan_unknown',
  'subscriptions.plan_with_period',
  'subscriptions.period_from',
  'coupons.refused.coupon_used',
  'coupons.refused.coupon_expired',
  'coupons.refused.coupon_invalid',
  'coupons.refused_code',
  'coupons.refused_default',
  'alerts.low_title',
  'alerts.low_text',
  'alerts.low_button',
  'alerts.recovered_title',
  'alerts.recovered_text',
  'common.sandbox_marker',
];

describe('English defaults without the ICU formatter', () => {
  const icu = textsFor(createMessageFormatter(), 'en');
  it('format every defaulted message exactly as the ICU formatter does', () => {
    for (const key of [
      ...DEFAULTED,
      ...(Object.keys(EN) as MessageKey[]).filter((k) => k.startsWith('wallet.usecase.')),
    ]) {
      const source: string = EN[key];
      expect(source, key).not.toMatch(/,\s*(plural|select|selectordinal)\s*,/);
      const names = [...source.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
      const values = Object.fromEntries(names.map((n, i) => [n, `v${i}`]));
      expect(ENGLISH_TEXTS.t(key, values), key).toBe(icu.t(key, values));
    }
  });
});
