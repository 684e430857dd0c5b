/**
 * What every desk operation works with: the tenant the router resolved, the directory of
 * tenants, and the answer to the person acting. `guard` is the one permission check each step
 * makes before it shows or changes anything; `audit` writes the tenant's audit line.
 */

import { userRef } from '../requests/queries.ts';
import type { AuditSubject } from '../requests/request.ts';
import type { Texts } from '../shared/i18n.ts';
import type { Clock, Logger, Responder } from '../shared/ports.ts';
import type { Tenancy, TenantId } from '../shared/tenant.ts';
import { platformOfTenant } from '../shared/tenant.ts';
import type { Actor, InboundEvent, Platform } from '../shared/types.ts';
import type { TenantDirectory } from '../shared/workspace-ports.ts';
import { mayAdminister } from './permissions.ts';

export interface DeskContext {
  readonly tenancy: Tenancy;
  readonly directory: TenantDirectory;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly sandbox: boolean;
  readonly tenant: TenantId;
  /** The actor's `isAdmin` was resolved in this tenant's own workspace (permissions.ts). */
  readonly adminFlagApplies: boolean;
  /** Sandbox-marked answers to the actor. */
  readonly respond: Responder;
  /** The actor's language (their locale, else the workspace's language, else English). */
  readonly t: Texts;
  /** English, for what is a record rather than an answer (audit details). */
  readonly english: Texts;
}

/** The platform whose settings the tenant edits: its own, or (single-team mode) the event's. */
export function tenantPlatform(ctx: DeskContext, event: InboundEvent): Platform {
  return platformOfTenant(ctx.tenant) ?? event.platform;
}

/** True when `actor` may administer the tenant; otherwise the rule is answered and nothing happens. */
export async function guard(ctx: DeskContext, actor: Actor): Promise<boolean> {
  const verdict = await mayAdminister(ctx.directory, ctx.tenant, actor, ctx.adminFlagApplies, ctx.t);
  if (verdict.ok) return true;
  ctx.logger.info({ tenant: ctx.tenant, actor: actor.id }, 'workspace change refused: not an admin');
  await ctx.respond.reply({ text: verdict.rule, tone: 'warning', ephemeral: true });
  return false;
}

/** One line in the tenant's audit trail. `requestId` is the pseudo id of the subject: `account` or `settings`. */
export async function audit(
  ctx: DeskContext,
  subject: Extract<AuditSubject, 'account' | 'settings'>,
  actor: Actor,
  detail: string,
): Promise<void> {
  await ctx.directory.audit(ctx.tenant).append({
    at: ctx.clock.now(),
    requestId: subject,
    purpose: subject,
    from: null,
    to: 'done',
    actor: userRef(actor),
    detail,
  });
}

/** An error's class name and code only: a message could carry a token a lower layer echoed. */
export function errorName(err: unknown): { error: string; code?: string } {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return { error: err.name, ...(typeof code === 'string' ? { code } : {}) };
  }
  return { error: typeof err };
}
