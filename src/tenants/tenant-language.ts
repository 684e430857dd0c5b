import { DEFAULT_LOCALE, type Locale, localeOf } from '../core/shared/i18n.ts';
import type { TenantId } from '../core/shared/tenant.ts';
import type { HubOptions } from './hub-options.ts';

/**
 * The language of a tenant's channel posts: the one it chose in `/ml settings`, else its
 * platform's (a Discord server's preferred locale), else BOT_LANGUAGE, else English. The
 * directory keeps only overrides of the defaults, so a `language` equal to BOT_LANGUAGE is
 * the deployment's, not a choice (as the welcome's adoption of the server's locale reads it).
 */
export function tenantLanguage(
  o: Pick<HubOptions, 'defaultLanguage' | 'platformLocale'>,
  tenant: TenantId,
  language: Locale | undefined,
): Locale {
  if (language !== undefined && language !== o.defaultLanguage) return language;
  return localeOf(o.platformLocale?.(tenant)) ?? language ?? DEFAULT_LOCALE;
}
