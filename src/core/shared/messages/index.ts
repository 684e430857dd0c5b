/** Every language's catalog, for the formatter (src/i18n). */
import type { Locale } from '../i18n.ts';
import { EN, type MessageKey } from './en/index.ts';
import { ES } from './es/index.ts';

export const CATALOGS: { readonly [L in Locale]: { readonly [K in MessageKey]: string } } = { en: EN, es: ES };
