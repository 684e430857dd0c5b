/**
 * Who may connect ModelsLab, disconnect it and change the settings: the workspace's admins
 * (Slack: workspace admins and owners; Discord: Manage Server; the adapters resolve `isAdmin`)
 * or the person who installed the app (Slack OAuth records them). Checked on every step, the
 * submit of a form included: a form's context is never trusted.
 */
import type { Texts } from '../shared/i18n.ts';
import type { Verdict } from '../shared/policy.ts';
import type { TenantId } from '../shared/tenant.ts';
import type { Actor, Platform } from '../shared/types.ts';
import type { TenantDirectory } from '../shared/workspace-ports.ts';

/** Who counts as an admin, in each platform's words. */
export function adminsOf(t: Texts, platform: Platform): string {
  return t.t(`workspace.admins_${platform}`);
}

export function adminRule(t: Texts, platform: Platform): string {
  return t.t('workspace.admin_rule', { admins: adminsOf(t, platform) });
}

/**
 * `adminFlagApplies`: the actor's `isAdmin` was resolved in the tenant's own workspace. It is
 * false when the tenant came from elsewhere (a DM's clicked message, a form's context): there
 * only the installer is recognised.
 */
export async function mayAdminister(
  directory: TenantDirectory,
  tenant: TenantId,
  actor: Actor,
  adminFlagApplies: boolean,
  t: Texts,
): Promise<Verdict> {
  if (adminFlagApplies && actor.isAdmin === true) return { ok: true };
  const status = await directory.status(tenant);
  if (status.installerId !== undefined && status.installerId === actor.id) return { ok: true };
  return { ok: false, rule: adminRule(t, actor.platform) };
}
