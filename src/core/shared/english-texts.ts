/**
 * English texts without the ICU formatter, for the few pure views and the low-balance monitor
 * that callers (tests, harnesses, a monitor built without a formatter) use on their own. Only the
 * English catalog is read, and only `{name}` arguments are filled: a message these defaults
 * format has no plural or select (test/core/catalog-english-defaults.test.ts checks the ones they
 * use; the real formatter, src/i18n, handles plurals and selects everywhere else).
 */
import { formatDate, formatTime } from './format.ts';
import type { MessageFormatter, Texts } from './i18n.ts';
import { EN } from './messages/en/index.ts';
import { formatUsd } from './money.ts';

const plainEnglish: MessageFormatter = {
  format(_locale, key, values) {
    const source: string = EN[key];
    return source.replace(/\{(\w+)\}/g, (whole, name: string) =>
      values && name in values ? String(values[name]) : whole,
    );
  },
};

export const ENGLISH_TEXTS: Texts = {
  locale: 'en',
  t: (key, values) => plainEnglish.format('en', key, values),
  money: formatUsd,
  time: formatTime,
  date: formatDate,
};
