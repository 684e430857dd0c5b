/**
 * The people you can be in the playground. Fixed, so a newcomer can play every role from one
 * browser: ask for money as Riley, approve as Avery, check that Morgan cannot approve.
 *
 * With workspaces (workspaces.ts) each workspace has its own Riley, Avery and Morgan, with ids of
 * their own (`<workspace>-riley`), as a Slack user id belongs to one workspace: a DM or a click
 * then always says which workspace it is from.
 */
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

export function actorFor(person: Person, isApprover: boolean = person.isApprover, isFallbackApprover = false): Actor {
  return {
    platform: 'web',
    id: person.id,
    name: person.name,
    isApprover,
    isAdmin: person.isAdmin,
    // Issue 17: one of the workspace's fallback approvers (they may decide escalated requests).
    ...(isFallbackApprover ? { isFallbackApprover } : {}),
  };
}

export function displayName(userId: string): string {
  return findPerson(userId)?.name ?? userId;
}
