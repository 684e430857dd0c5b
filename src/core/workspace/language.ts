/**
 * Which language the desk and the router answer a person in, the way the engine picks it: the
 * person's own locale (Discord's interaction locale, Slack's user locale, the playground
 * person's), else the workspace's `language` setting, else the deployment's default for the
 * tenant (a Discord server's preferred locale), else English.
 */
import { DEFAULT_LOCALE, type Locale, localeOf, type MessageFormatter, type Texts, textsFor } from '../shared/i18n.ts';
import type { TenantId } from '../shared/tenant.ts';
import type { Actor } from '../shared/types.ts';
import type { TenantDirectory } from '../shared/workspace-ports.ts';

export interface LanguageDeps {
  readonly directory: TenantDirectory;
  readonly messages: MessageFormatter;
}

/** The workspace's language: its setting, else the deployment's default for it, else English. */
export async function workspaceLocale(deps: LanguageDeps, tenant: TenantId): Promise<Locale> {
  const settings = await deps.directory.settings(tenant);
  return settings.language ?? DEFAULT_LOCALE;
}

/** The texts to answer `actor` with; `tenant` undefined: the router could not tell the workspace. */
export async function textsOfActor(deps: LanguageDeps, tenant: TenantId | undefined, actor: Actor): Promise<Texts> {
  const own = localeOf(actor.locale);
  const locale = own ?? (tenant ? await workspaceLocale(deps, tenant) : DEFAULT_LOCALE);
  return textsFor(deps.messages, locale);
}
