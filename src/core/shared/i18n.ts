/**
 * Languages. Every text the bot shows is a message of the catalog (shared/messages/): ICU
 * MessageFormat strings, English first, every other language complete (the type of each
 * translation file is its English file's keys, so a missing key fails typecheck). Core formats
 * them through the MessageFormatter port (src/i18n implements it with intl-messageformat); money
 * and dates are formatted with `Intl` for the locale, amounts always in USD.
 *
 * The language follows the person: a private answer uses the actor's locale (Discord's
 * interaction `locale`, Slack's user locale, the playground person's language); a channel post
 * uses the workspace's language setting. English is byte-identical to the texts the bot had
 * before catalogs, so its formatting (formatUsd, formatTime, formatDate) is kept exactly.
 */
import { formatDate, formatTime } from './format.ts';
import type { MessageKey } from './messages/en/index.ts';
import { type Cents, formatUsd } from './money.ts';

export type { MessageKey } from './messages/en/index.ts';

/** The languages the catalog has, complete. */
export const LOCALES = ['en', 'es'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

const LOCALE_SET: ReadonlySet<string> = new Set(LOCALES);
export function isLocale(value: string): value is Locale {
  return LOCALE_SET.has(value);
}

/** A platform's language tag ("es-ES", "en-US", "es-419", "pt-BR") → a catalog language, or undefined. */
export function localeOf(tag: string | undefined): Locale | undefined {
  if (!tag) return undefined;
  const primary = tag.trim().toLowerCase().split(/[-_]/, 1)[0] ?? '';
  return isLocale(primary) ? primary : undefined;
}

export type MessageValues = Readonly<Record<string, string | number>>;

/** Formats one catalog message for a locale (ICU plurals and selects). src/i18n implements it. */
export interface MessageFormatter {
  format(locale: Locale, key: MessageKey, values?: MessageValues): string;
}

/** Everything a view needs to speak one language. */
export interface Texts {
  readonly locale: Locale;
  /** One catalog message in this language. */
  t(key: MessageKey, values?: MessageValues): string;
  /** "$1,234.50" (en); "1234,50 US$" (es): always USD. */
  money(cents: Cents): string;
  /** "2 Dec, 06:43 UTC" (en); "2 dic, 06:43 UTC" (es). */
  time(when: number | string): string;
  /** "2 Dec 2026" (en); "2 dic 2026" (es). */
  date(when: number | string): string;
}

export function textsFor(formatter: MessageFormatter, locale: Locale): Texts {
  if (locale === 'en') {
    return {
      locale,
      t: (key, values) => formatter.format('en', key, values),
      money: formatUsd,
      time: formatTime,
      date: formatDate,
    };
  }
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD' });
  const time = new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: 'UTC',
  });
  const date = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const asDate = (when: number | string) => {
    const d = new Date(when);
    return Number.isNaN(d.getTime()) ? undefined : d;
  };
  return {
    locale,
    t: (key, values) => formatter.format(locale, key, values),
    money: (cents) => money.format(Math.round(cents) / 100),
    time: (when) => {
      const d = asDate(when);
      return d ? `${time.format(d)} UTC` : String(when);
    },
    date: (when) => {
      const d = asDate(when);
      return d ? date.format(d) : String(when);
    },
  };
}
