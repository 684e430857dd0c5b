/**
 * Erasing one tenant on purpose (offboarding, a data-deletion request): `npm run tenant:erase`.
 *
 * What goes: the tenant's whole scope (requests, settings and other values, indexes, leases, once
 * claims, its audit trail: Stores.dropScope), its directory record with every sealed token in it
 * (current, draining, retired) and its place in the tenant index, and its Slack installation
 * (bot and refresh tokens). What stays, on purpose: the message index's entries (root kv
 * `msg-tenant:…`, a channel and message id → tenant id, no content) expire by themselves within
 * 30 days (message-index.ts); finding them now would mean reading every tenant's entries, and
 * after the erase they resolve to a tenant with no record, which answers like any unknown one.
 * The root keeps one audit line saying the tenant was erased, with counts and no token.
 *
 * Money follows the session: while a checkout link of the tenant can still be paid, the erase
 * refuses (the payment would land on the ModelsLab account with no request, no receipt and no
 * audit row left to match it), unless forced.
 */
import { liveAttempts } from '../core/requests/request.ts';
import { BotError } from '../core/shared/errors.ts';
import { type Clock, type Logger, silentLogger, systemClock } from '../core/shared/ports.ts';
import { isTenantId, SINGLE_TENANT, type TenantId } from '../core/shared/tenant.ts';
import type { ScopeContents, Stores } from '../store/index.ts';
import { removeFromDirectory, TENANT_INDEX_KEY, type TenantRecord, tenantRecordKey } from './directory.ts';

/** A checkout session of the tenant's that can still be paid. */
export interface LiveSession {
  readonly requestId: string;
  /** Epoch ms: when Stripe stops taking payment on it. */
  readonly expiresAt: number | undefined;
}

export interface ErasePlan {
  readonly tenant: TenantId;
  readonly scope: ScopeContents;
  /** The directory knows the tenant (a record or an index entry). */
  readonly directoryRecord: boolean;
  /** Sealed ModelsLab tokens in the record: current, draining and retired. */
  readonly sealedTokens: number;
  /** Slack installations stored for it (team or org-wide). */
  readonly slackInstallations: number;
  readonly liveSessions: readonly LiveSession[];
}

export interface EraseResult extends ErasePlan {
  readonly erased: boolean;
  readonly dryRun: boolean;
  readonly forced: boolean;
}

/** Refused: a payable session, or a tenant id that names no tenant's scope. Stable codes. */
export class EraseRefused extends BotError {
  readonly reason: 'live_sessions' | 'bad_tenant';
  constructor(reason: 'live_sessions' | 'bad_tenant', message: string) {
    super('conflict', message);
    this.reason = reason;
  }
}

export interface EraseDeps {
  readonly stores: Stores;
  /** The root kv keys of the tenant's Slack installation (adapters/slack installationKey). */
  slackInstallationKeys(tenant: TenantId): readonly string[];
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Lease holder name for the tenant index. */
  readonly ownerId?: string;
}

export interface EraseOptions {
  readonly dryRun?: boolean;
  readonly force?: boolean;
}

export async function eraseTenant(deps: EraseDeps, tenant: TenantId, options: EraseOptions = {}): Promise<EraseResult> {
  if (!isTenantId(tenant) || tenant === SINGLE_TENANT)
    throw new EraseRefused(
      'bad_tenant',
      'a tenant id is slack:<team or enterprise id>, discord:<guild id> or web:<id>; the default tenant (single-team mode) is the root layout and is not erased this way',
    );
  const { stores } = deps;
  const logger = deps.logger ?? silentLogger;
  const clock = deps.clock ?? systemClock;
  const dryRun = options.dryRun === true;
  const forced = options.force === true;
  const plan = await planErase(deps, tenant);
  const result = (erased: boolean): EraseResult => ({ ...plan, erased, dryRun, forced });
  if (dryRun) return result(false);
  if (plan.liveSessions.length > 0 && !forced)
    throw new EraseRefused(
      'live_sessions',
      `${plan.liveSessions.length} payment link(s) of ${tenant} can still be paid: wait until they expire (the bot records their end) or pass --force`,
    );

  // The directory first: from here on no process starts the tenant again (the hub reads the
  // record on every event), so nothing new is written into the scope while it is dropped.
  const directoryRecord = await removeFromDirectory(stores.kv, stores.leases, tenant, deps.ownerId ?? 'erase');
  let slackInstallations = 0;
  for (const key of deps.slackInstallationKeys(tenant)) {
    if ((await stores.kv.get(key)) === undefined) continue;
    await stores.kv.delete(key);
    slackInstallations++;
  }
  const scope = await stores.dropScope(tenant);
  const done: EraseResult = { ...plan, directoryRecord, slackInstallations, scope, erased: true, dryRun, forced };
  await stores.audit.append({
    at: clock.now(),
    requestId: 'account',
    purpose: 'account',
    from: null,
    to: 'done',
    detail: `tenant erased by operator: ${tenant}${forced && plan.liveSessions.length > 0 ? ' (forced, with payable links)' : ''}; ${describeCounts(done)}`,
  });
  logger.info(
    { tenant, forced, ...scope, slackInstallations, sealedTokens: plan.sealedTokens },
    'tenant erased by operator',
  );
  return done;
}

/** What an erase would delete, read without changing anything. */
async function planErase(deps: EraseDeps, tenant: TenantId): Promise<ErasePlan> {
  const { stores } = deps;
  const record = await stores.kv.get<TenantRecord>(tenantRecordKey(tenant));
  const indexed = ((await stores.kv.get<TenantId[]>(TENANT_INDEX_KEY)) ?? []).includes(tenant);
  let slackInstallations = 0;
  for (const key of deps.slackInstallationKeys(tenant))
    if ((await stores.kv.get(key)) !== undefined) slackInstallations++;
  return {
    tenant,
    scope: await stores.dropScope(tenant, { dryRun: true }),
    directoryRecord: record !== undefined || indexed,
    sealedTokens: (record?.token ? 1 : 0) + (record?.draining ? 1 : 0) + (record?.retired?.length ?? 0),
    slackInstallations,
    liveSessions: await liveSessionsOf(stores, tenant),
  };
}

async function liveSessionsOf(stores: Stores, tenant: TenantId): Promise<LiveSession[]> {
  const { requests } = stores.scope(tenant);
  const open = requests.scanOpen ? requests.scanOpen(100) : [await requests.listOpen()];
  const live: LiveSession[] = [];
  for await (const page of open)
    for (const request of page)
      for (const attempt of liveAttempts(request)) live.push({ requestId: request.id, expiresAt: attempt.expiresAt });
  return live;
}

/** One line of counts, for the audit trail and the CLI. No id, key or token. */
export function describeCounts(plan: ErasePlan): string {
  const s = plan.scope;
  return [
    `${s.requests} requests`,
    `${s.values} other values`,
    `${s.indexEntries} index entries`,
    `${s.leases} leases`,
    `${s.claims} once claims`,
    `${s.auditEntries} audit entries`,
    `directory record ${plan.directoryRecord ? 'yes' : 'no'} (${plan.sealedTokens} sealed tokens)`,
    `${plan.slackInstallations} Slack installations`,
  ].join(', ');
}
