/**
 * The MessageFormatter core speaks through (core/shared/i18n.ts), on intl-messageformat: ICU
 * plurals, selects and number arguments. Each message is compiled once per language, on first use.
 * A message missing in a language falls back to English (the catalog's types make that a
 * typecheck failure first); a message that fails to format is logged once and shown as English.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import type { Locale, MessageFormatter, MessageKey, MessageValues } from '../core/shared/i18n.ts';
import { CATALOGS } from '../core/shared/messages/index.ts';

export function createMessageFormatter(catalogs = CATALOGS): MessageFormatter {
  const compiled = new Map<string, IntlMessageFormat>();
  function compile(locale: Locale, key: MessageKey): IntlMessageFormat {
    const id = `${locale}\u0000${key}`;
    let format = compiled.get(id);
    if (!format) {
      const source = catalogs[locale][key] ?? catalogs.en[key];
      // `ignoreTag`: texts carry no markup; a `<` in a message is a character, not a tag.
      format = new IntlMessageFormat(source, locale, undefined, { ignoreTag: true });
      compiled.set(id, format);
    }
    return format;
  }
  return {
    format(locale, key, values?: MessageValues) {
      const out = compile(locale, key).format(values);
      return typeof out === 'string' ? out : String(out);
    },
  };
}
