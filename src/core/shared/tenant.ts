/**
 * Tenants. A tenant is one home of a ModelsLab account: a Slack workspace (team id; on
 * Enterprise Grid with an org-wide install, the enterprise id), a Discord server (guild id) or a
 * playground workspace. Each has its own account (an agent token, encrypted at rest), settings,
 * rate budget and audit trail, and sees nothing of another.
 *
 * Single-team mode (the default: MODELSLAB_TOKEN set, or the sandbox) is one tenant,
 * SINGLE_TENANT, serving every workspace and server the bot sees, configured by the environment.
 */
import type { ConversationRef, Platform } from './types.ts';

/** `slack:T…`, `slack:E…` (org-wide install), `discord:<guild id>`, `web:<workspace>`, or SINGLE_TENANT. */
export type TenantId = string;

/** The one tenant of single-team mode; its data lives where the store kept it before tenants existed. */
export const SINGLE_TENANT: TenantId = 'default';

/** How the deployment maps workspaces to accounts. */
export type Tenancy = 'single' | 'workspaces';

const TENANT_ID = /^(slack|discord|web):[A-Za-z0-9_-]{1,64}$/;

/**
 * The tenant a conversation belongs to in workspaces mode: its enterprise when the app is
 * installed org-wide (the adapter sets `enterpriseId` only then), else its team or guild.
 * Undefined when the platform did not say (a Discord DM: the router looks the message up instead).
 */
export function tenantOfConversation(conversation: ConversationRef): TenantId | undefined {
  const home = conversation.enterpriseId ?? conversation.workspaceId;
  if (!home) return undefined;
  const id = `${conversation.platform}:${home}`;
  return TENANT_ID.test(id) ? id : undefined;
}

export function isTenantId(value: string): value is TenantId {
  return value === SINGLE_TENANT || TENANT_ID.test(value);
}

/** The platform a workspaces-mode tenant lives on (undefined for SINGLE_TENANT). */
export function platformOfTenant(tenant: TenantId): Platform | undefined {
  const head = tenant.split(':', 1)[0];
  return head === 'slack' || head === 'discord' || head === 'web' ? head : undefined;
}
