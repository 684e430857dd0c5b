/**
 * The person's language on Slack: the `locale` of their users.info record (asked with
 * `include_locale`, through the shared user cache, user-info.ts), e.g. "es-ES". Core maps the
 * tag to a catalog language and falls back to the workspace's setting (localeOf in i18n.ts).
 *
 * Looked up after the ack, inside the event's tracked work, and never allowed to hold the answer
 * up for long: a slow or failing users.info means no locale for this event (the workspace's
 * language), one debug line, and the next event asks again. A slow answer still lands in the
 * cache for the next event.
 */
import type { Logger } from '../../src/core/shared/ports.ts';
import type { Actor } from '../../src/core/shared/types.ts';
import { describe } from './slack-errors.ts';
import type { UserInfoCache, UsersInfoApi } from './user-info.ts';

/** How long an event waits for a person's first lookup before going on without a locale. */
export const LOCALE_LOOKUP_BUDGET_MS = 1_500;

export interface LocaleLookup {
  readonly users: UserInfoCache;
  readonly logger: Logger;
  readonly budgetMs?: number;
}

export async function userLocale(
  lookup: LocaleLookup,
  client: UsersInfoApi,
  teamId: string | undefined,
  userId: string,
): Promise<string | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), lookup.budgetMs ?? LOCALE_LOOKUP_BUDGET_MS);
    timer.unref();
  });
  const info = lookup.users.userInfo(client, teamId, userId);
  // Settled here or not at all: the caller has moved on, nobody else awaits a late failure.
  info.catch(() => undefined);
  try {
    const user = await Promise.race([info, late]);
    if (user === 'late') {
      lookup.logger.debug({ user: userId }, 'slack: users.info is slow; this answer uses the workspace language');
      return undefined;
    }
    return user.locale || undefined;
  } catch (err) {
    lookup.logger.debug(
      { err: describe(err), user: userId },
      'slack: could not read the user locale; the workspace language is used',
    );
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/** The event with `actor.locale` set when one was found. */
export function withLocale<E extends { readonly actor: Actor }>(event: E, locale: string | undefined): E;
export function withLocale<E extends { readonly actor: Actor }>(
  event: E | undefined,
  locale: string | undefined,
): E | undefined;
export function withLocale<E extends { readonly actor: Actor }>(event: E | undefined, locale: string | undefined) {
  return event && locale ? { ...event, actor: { ...event.actor, locale } } : event;
}
