/**
 * The catalog at run time (the types catch a missing key at typecheck; this catches the rest):
 * every language has exactly English's keys, every message is valid ICU MessageFormat, every
 * translation uses the same arguments as its English message, and a count is a plural (or a number).
 */
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { LOCALES, type MessageKey, textsFor } from '../../src/core/shared/i18n.ts';
import { EN } from '../../src/core/shared/messages/en/index.ts';
import { CATALOGS } from '../../src/core/shared/messages/index.ts';
import { createMessageFormatter } from '../../src/i18n/icu-formatter.ts';

/** intl-messageformat's AST element types (@formatjs/icu-messageformat-parser TYPE). */
const ARGUMENT_TYPES = new Set([1, 2, 3, 4, 5, 6]);
const NUMBER = 2;
const SELECT = 5;
const PLURAL = 6;

interface Element {
  readonly type: number;
  readonly value?: unknown;
  readonly options?: Readonly<Record<string, { readonly value: readonly Element[] }>>;
  readonly children?: readonly Element[];
}

/** Each argument's name and how it is used (1 simple, 2 number, 5 select, 6 plural, …). */
function argumentsOf(elements: readonly Element[], out = new Map<string, Set<number>>()): Map<string, Set<number>> {
  for (const e of elements) {
    if (ARGUMENT_TYPES.has(e.type) && typeof e.value === 'string') {
      const uses = out.get(e.value) ?? new Set<number>();
      uses.add(e.type);
      out.set(e.value, uses);
    }
    if (e.type === SELECT || e.type === PLURAL)
      for (const option of Object.values(e.options ?? {})) argumentsOf(option.value, out);
    if (e.children) argumentsOf(e.children, out);
  }
  return out;
}

function parse(locale: string, source: string): readonly Element[] {
  return new IntlMessageFormat(source, locale, undefined, { ignoreTag: true }).getAst() as unknown as Element[];
}

const englishKeys = Object.keys(EN).sort();

describe('the catalog', () => {
  it('has English and at least one more language', () => {
    expect(LOCALES[0]).toBe('en');
    expect(LOCALES.length).toBeGreaterThanOrEqual(2);
  });

  for (const locale of LOCALES) {
    const catalog = CATALOGS[locale] as Readonly<Record<string, string>>;

    it(`${locale}: has exactly the keys English has`, () => {
      const keys = Object.keys(catalog).sort();
      expect(
        englishKeys.filter((k) => !keys.includes(k)),
        'missing',
      ).toEqual([]);
      expect(
        keys.filter((k) => !englishKeys.includes(k)),
        'not in English',
      ).toEqual([]);
    });

    it(`${locale}: every message is ICU MessageFormat, with English's arguments, a count a plural or a number`, () => {
      const problems: string[] = [];
      for (const key of englishKeys) {
        const source = catalog[key];
        if (typeof source !== 'string' || source.trim() === '') {
          problems.push(`${key}: empty`);
          continue;
        }
        let args: Map<string, Set<number>>;
        try {
          args = argumentsOf(parse(locale, source));
        } catch (err) {
          problems.push(`${key}: not ICU (${(err as Error).message})`);
          continue;
        }
        const english = argumentsOf(parse('en', EN[key as MessageKey]));
        const names = [...args.keys()].sort().join(',');
        const englishNames = [...english.keys()].sort().join(',');
        if (names !== englishNames) problems.push(`${key}: arguments {${names}}, English has {${englishNames}}`);
        // "{count} links" cannot say "1 link": a count is chosen with plural, or shown as a bare
        // number formatted for the language ("Open requests ({count, number})").
        const count = args.get('count');
        if (count && [...count].some((use) => use !== PLURAL && use !== NUMBER))
          problems.push(`${key}: {count} neither a plural nor a number`);
      }
      expect(problems).toEqual([]);
    });
  }
});

describe('plurals', () => {
  const formatter = createMessageFormatter();
  it('a count reads right in each language: one hour, several hours', () => {
    const es = textsFor(formatter, 'es');
    expect(es.t('workspace.hours', { count: 1 })).toBe('1 hora');
    expect(es.t('workspace.hours', { count: 24 })).toBe('24 horas');
    // English kept its words exactly ("1 hours" was already the text; the range starts at 1).
    expect(textsFor(formatter, 'en').t('workspace.hours', { count: 24 })).toBe('24 hours');
  });

  it('the hours message is a plural in every language', () => {
    for (const locale of LOCALES) {
      const args = argumentsOf(parse(locale, CATALOGS[locale]['workspace.hours']));
      expect([...(args.get('count') ?? [])]).toEqual([PLURAL]);
    }
  });
});
