/**
 * One tenant's record in the store's root kv: who installed it, the sealed ModelsLab tokens
 * (current, draining, retired) and the settings that differ from the environment's defaults.
 * Records are not any tenant's data, so they live outside every tenant's prefix.
 */
import type { TenantId } from '../core/shared/tenant.ts';
import { platformOfTenant } from '../core/shared/tenant.ts';
import type { Platform, UserRef } from '../core/shared/types.ts';
import type { SettingsOverrides } from './settings-overrides.ts';

export interface SealedToken {
  readonly sealed: string;
  /** accountFingerprint of the token (the budget's key); safe to store and log. */
  readonly account: string;
  readonly connectedBy: UserRef;
  readonly connectedAt: number;
}

/** A superseded token, kept for the sessions it created until they can no longer be paid. */
export interface RetiredToken extends SealedToken {
  readonly retiredAt: number;
}

export interface TenantRecord {
  readonly v: 1;
  readonly tenant: TenantId;
  readonly platform: Platform | undefined;
  readonly createdAt: number;
  readonly installerId?: string;
  readonly installedAt?: number;
  readonly uninstalledAt?: number;
  readonly token?: SealedToken;
  readonly draining?: SealedToken;
  /** Superseded tokens whose sessions may still be paid (at most one per account). */
  readonly retired?: readonly RetiredToken[];
  readonly settings?: SettingsOverrides;
}

/** Where a tenant's record lies in the root kv (erase.ts reads it to say what it deletes). */
export const tenantRecordKey = (tenant: TenantId) => `tenant:${tenant}`;

/** The record of a tenant seen for the first time (an install, a connect or a settings save). */
export function freshRecord(tenant: TenantId, now: number): TenantRecord {
  return { v: 1, tenant, platform: platformOfTenant(tenant), createdAt: now };
}
