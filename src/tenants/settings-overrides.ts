/**
 * A tenant's settings are stored as overrides of the environment's defaults, not as a full copy:
 * a later change of the environment still reaches every setting the tenant did not change.
 */
import type { Platform } from '../core/shared/types.ts';
import type { TenantSettings } from '../core/shared/workspace-ports.ts';

/** A settings field set to null was cleared on purpose (an alert turned off the env had on). */
export type SettingsOverrides = { readonly [K in keyof TenantSettings]?: TenantSettings[K] | null };

/** The environment's defaults with a tenant's overrides on top (approvers per platform). */
export function mergeSettings(defaults: TenantSettings, overrides: SettingsOverrides | undefined): TenantSettings {
  if (!overrides) return defaults;
  const out: Record<string, unknown> = { ...defaults };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === null) delete out[k];
    else if (k === 'approvers' && v) out[k] = { ...defaults.approvers, ...(v as TenantSettings['approvers']) };
    else if (v !== undefined) out[k] = v;
  }
  return out as unknown as TenantSettings;
}

/** What `next` changes from the defaults: a later change of the environment still reaches the rest. */
export function overridesOf(defaults: TenantSettings, next: TenantSettings): SettingsOverrides {
  const out: Record<string, unknown> = {};
  const keys = new Set([...Object.keys(defaults), ...Object.keys(next)]) as Set<keyof TenantSettings>;
  for (const k of keys) {
    if (k === 'approvers') {
      const changed: Record<string, readonly string[]> = {};
      for (const [p, ids] of Object.entries(next.approvers))
        if (!sameList(ids, defaults.approvers[p as Platform])) changed[p] = ids ?? [];
      for (const p of Object.keys(defaults.approvers)) if (!(p in next.approvers)) changed[p] = [];
      if (Object.keys(changed).length > 0) out[k] = changed;
      continue;
    }
    const d = defaults[k];
    const n = next[k];
    if (n === undefined && d !== undefined) out[k] = null;
    else if (n !== undefined && n !== d) out[k] = n;
  }
  return out as SettingsOverrides;
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}
