/** Texts through the real catalog and formatter, for tests that render a view directly. */
import { textsFor } from '../../src/core/shared/i18n.ts';
import { createMessageFormatter } from '../../src/i18n/icu-formatter.ts';

const formatter = createMessageFormatter();
export const en = textsFor(formatter, 'en');
export const es = textsFor(formatter, 'es');
