/**
 * The people you can be in the playground. Fixed, so a newcomer can play every role from one
 * browser: ask for money as Riley, approve as Avery, check that Morgan cannot approve.
 *
 * With workspaces (workspaces.ts) each workspace has its own Riley, Avery and Morgan, with ids of
 * their own (`<workspace>-riley`), as a Slack user id belongs to one workspace: a DM or a click
 * then always says which workspace it is from.
 */
import { LOCALES } from '../../src/core/shared/i18n.ts';
import type { Actor } from '../../src/core/shared/types.ts';

export interface Person {
  readonly id: string;
  readonly name: string;
  /** Shown next to the name in the switcher. */
  readonly role: 'requester' | 'approver' | 'member' | 'admin';
  /** Today's rule, used unless the playground is given `approversFor`. */
  readonly isApprover: boolean;
  readonly isAdmin: boolean;
  /** Avatar colour. */
  readonly color: string;
  /** Workspaces mode only: the workspace this person belongs to. */
  readonly workspaceId?: string;
}

export const PEOPLE: readonly Person[] = [
  { id: 'web-riley', name: 'Riley', role: 'requester', isApprover: false, isAdmin: false, color: '#2f80ed' },
  { id: 'web-avery', name: 'Avery', role: 'approver', isApprover: true, isAdmin: true, color: '#e0a100' },
  { id: 'web-morgan', name: 'Morgan', role: 'member', isApprover: false, isAdmin: false, color: '#27ae60' },
];

export function findPerson(id: unknown): Person | undefined {
  return PEOPLE.find((p) => p.id === id);
}

export function actorFor(
  person: Person,
  isApprover: boolean = person.isApprover,
  isFallbackApprover = false,
  locale?: string,
): Actor {
  return {
    platform: 'web',
    id: person.id,
    name: person.name,
    isApprover,
    isAdmin: person.isAdmin,
    // Issue 17: one of the workspace's fallback approvers (they may decide escalated requests).
    ...(isFallbackApprover ? { isFallbackApprover } : {}),
    // The language this person chose in the page (the simulated client's setting, like Slack's).
    ...(locale ? { locale } : {}),
  };
}

/**
 * The languages a person can pick in the page: the catalog's, each named in itself
 * ("English", "español"), so adding a catalog language adds it to the picker.
 */
export function playgroundLanguages(): ReadonlyArray<{ readonly tag: string; readonly name: string }> {
  return LOCALES.map((tag) => ({ tag, name: new Intl.DisplayNames([tag], { type: 'language' }).of(tag) ?? tag }));
}

/** A BCP 47 language tag as a client sends it ("es", "es-ES", "es-419"); at most 35 characters. */
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3}$/;

/**
 * The `locale` of a POST: absent (no language chosen: the workspace's), or a language tag. Any
 * other value is refused with the rule, before anything is sent.
 */
export function readLocale(value: unknown): { ok: true; locale?: string } | { ok: false; error: string } {
  if (value === undefined || value === null || value === '') return { ok: true };
  if (typeof value === 'string' && value.length <= 35 && LANGUAGE_TAG.test(value)) return { ok: true, locale: value };
  return { ok: false, error: 'locale must be a language tag such as "en" or "es-ES"' };
}

export function displayName(userId: string): string {
  return findPerson(userId)?.name ?? userId;
}
