/**
 * Slack's "where" (a team, or an enterprise for an org-wide install) ⇄ the tenant id, the same
 * rule core's tenantOfConversation applies to a conversation: the enterprise when the install is
 * org-wide, else the team.
 */
import { isTenantId, type TenantId } from '../core/shared/tenant.ts';

export interface SlackWhere {
  readonly teamId?: string | undefined;
  readonly enterpriseId?: string | undefined;
}

/** What the Slack adapter reports after an OAuth install (its `onInstalled`). */
export interface SlackInstalled {
  readonly teamId?: string;
  readonly enterpriseId?: string;
  readonly enterpriseInstall: boolean;
  readonly installerUserId: string;
}

export function slackTenant(where: SlackWhere): TenantId | undefined {
  const home = where.enterpriseId ?? where.teamId;
  if (!home) return undefined;
  const id = `slack:${home}`;
  return isTenantId(id) ? id : undefined;
}

/** The tenant's home id back to Slack's "where": Slack's enterprise ids start with E, teams' with T. */
export function slackWhere(home: string): { teamId?: string; enterpriseId?: string } {
  return home.startsWith('E') ? { enterpriseId: home } : { teamId: home };
}
