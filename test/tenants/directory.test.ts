import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger, systemClock } from '../../src/core/shared/ports.ts';
import { SINGLE_TENANT, type TenantId } from '../../src/core/shared/tenant.ts';
import type { UserRef } from '../../src/core/shared/types.ts';
import type { TenantSettings } from '../../src/core/shared/workspace-ports.ts';
import { createStores, type Stores } from '../../src/store/index.ts';
import { Directory, type TenantRecord } from '../../src/tenants/directory.ts';
import { accountFingerprint, createSecretBox, type SecretKey } from '../../src/tenants/secret-box.ts';

const TOKEN = 'ml-agent-token-4c1d-0000-very-secret';
const ADMIN: UserRef = { platform: 'slack', id: 'U-admin', name: 'Ada' };
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The environment's defaults, as the app derives them (core's defaultSettings, here by hand). */
let envDefaults: TenantSettings = {
  approvers: { slack: ['U-env'] },
  approvalThresholdCents: 0,
  maxFundCents: 100_000,
  allowSelfApproval: false,
  approvalTtlMs: 86_400_000,
  requestsPerMinute: 5,
  alertChannelId: 'C-alerts',
  lowBalanceCents: 2_000,
};

/** Two keys (k1 the old, k2 the new) and one store that directories under either share. */
async function rotation() {
  const k1: SecretKey = { id: 'k1', key: randomBytes(32) };
  const k2: SecretKey = { id: 'k2', key: randomBytes(32) };
  const stores = await createStores('memory://');
  cleanups.push(() => stores.close());
  return { k1, k2, stores };
}

async function setup(options: { tenancy?: 'single' | 'workspaces'; keys?: SecretKey[]; stores?: Stores } = {}) {
  const stores = options.stores ?? (await createStores('memory://'));
  if (!options.stores) cleanups.push(() => stores.close());
  const keys = options.keys ?? [{ id: 'k1', key: randomBytes(32) }];
  const events: string[] = [];
  const directory = new Directory({
    tenancy: options.tenancy ?? 'workspaces',
    kv: stores.kv,
    leases: stores.leases,
    box: createSecretBox(keys),
    singleToken: 'sandbox-token',
    defaults: () => envDefaults,
    checkToken: async () => ({ ok: true, balanceCents: 0 }),
    accountOf: (t) => accountFingerprint(t, keys),
    auditFor: () => stores.audit,
    clock: systemClock,
    logger: silentLogger,
  });
  directory.onChange({
    connected: (t) => void events.push(`connected ${t}`),
    disconnected: (t) => void events.push(`disconnected ${t}`),
    settingsChanged: (t) => void events.push(`settings ${t}`),
  });
  return { stores, directory, events, keys };
}

describe('tenant directory', () => {
  it('stores the token sealed, never in plaintext (the store file, grepped), and hands it only to the hub', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mlbot-dir-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const stores = await createStores(`sqlite://${join(dir, 'store.sqlite')}`);
    const { directory, events } = await setup({ stores });

    await directory.connect('slack:T1', TOKEN, ADMIN);
    const status = await directory.status('slack:T1');
    expect(status).toMatchObject({ tenant: 'slack:T1', connected: true, connectedBy: ADMIN });
    expect(events).toEqual(['connected slack:T1']);
    expect(await directory.list()).toEqual(['slack:T1']);
    expect(JSON.stringify(status)).not.toContain(TOKEN);
    expect((await directory.credentials('slack:T1'))?.token).toBe(TOKEN);
    const record = await directory.record('slack:T1');
    expect(record?.token?.sealed).toMatch(/^v1\.k1\./);
    await stores.close();

    // Everything the store wrote to disk: the database and its write-ahead log.
    const files = await readdir(dir);
    expect(files.some((f) => f.startsWith('store.sqlite'))).toBe(true);
    for (const f of files) {
      const raw = await readFile(join(dir, f));
      expect(raw.includes(Buffer.from(TOKEN)), f).toBe(false);
      expect(raw.includes(Buffer.from(TOKEN.slice(0, 16))), f).toBe(false);
    }
  });

  it('a sealed token copied into another tenant’s record does not open there', async () => {
    const { directory, stores } = await setup();
    await directory.connect('slack:T1', TOKEN, ADMIN);
    const a = (await directory.record('slack:T1')) as TenantRecord;
    await stores.kv.set<TenantRecord>('tenant:slack:T2', { ...a, tenant: 'slack:T2' });
    await expect(directory.credentials('slack:T2')).rejects.toMatchObject({ code: 'secret_unreadable' });
  });

  it('settings: the environment’s defaults, then the tenant’s overrides; later env changes reach untouched fields', async () => {
    const { directory, events } = await setup();
    expect(await directory.settings('discord:42')).toEqual(envDefaults);

    const { alertChannelId: _a, lowBalanceCents: _l, ...rest } = envDefaults;
    const next: TenantSettings = { ...rest, approvers: { slack: ['U-boss'] }, approvalThresholdCents: 5_000 };
    await directory.saveSettings('discord:42', next, ADMIN);
    expect(events).toEqual(['settings discord:42']);
    const saved = await directory.settings('discord:42');
    expect(saved).toEqual(next);
    // Turned off on purpose: a default alert channel does not come back.
    expect(saved.alertChannelId).toBeUndefined();

    const before = envDefaults;
    envDefaults = { ...envDefaults, maxFundCents: 50_000, approvalThresholdCents: 100 };
    try {
      const later = await directory.settings('discord:42');
      expect(later.maxFundCents).toBe(50_000);
      expect(later.approvalThresholdCents).toBe(5_000);
      expect(await directory.settings('discord:43')).toEqual(envDefaults);
    } finally {
      envDefaults = before;
    }
  });

  it('disconnect: not connected at once, the token drains for the open sessions, then is forgotten', async () => {
    const { directory, events } = await setup();
    expect(await directory.disconnect('slack:T1', ADMIN)).toBe(false);
    await directory.connect('slack:T1', TOKEN, ADMIN);
    expect(await directory.disconnect('slack:T1', ADMIN)).toBe(true);
    expect(events).toEqual(['connected slack:T1', 'disconnected slack:T1']);
    expect((await directory.status('slack:T1')).connected).toBe(false);
    expect(await directory.credentials('slack:T1')).toMatchObject({ token: TOKEN, draining: true });
    expect(await directory.disconnect('slack:T1', ADMIN)).toBe(false);

    await directory.purgeDrained('slack:T1');
    expect(await directory.credentials('slack:T1')).toBeUndefined();
    const record = await directory.record('slack:T1');
    expect(JSON.stringify(record)).not.toContain('sealed');
  });

  it('installs and uninstalls: the installer is known until the app is removed, which drains the account', async () => {
    const { directory, events } = await setup();
    await directory.recordInstall('slack:T9', 'U-installer');
    expect((await directory.status('slack:T9')).installerId).toBe('U-installer');
    await directory.connect('slack:T9', TOKEN, { platform: 'slack', id: 'U-installer' });
    await directory.recordUninstall('slack:T9');
    expect(await directory.status('slack:T9')).toEqual({ tenant: 'slack:T9', connected: false });
    expect(events.at(-1)).toBe('disconnected slack:T9');
    expect((await directory.record('slack:T9'))?.uninstalledAt).toBeGreaterThan(0);
    // The tenant's audit trail says who installed, and that the app was removed.
    const trail = await directory.audit('slack:T9').list(0);
    expect(trail.map((e) => [e.purpose, e.actor?.id, e.detail])).toEqual([
      ['account', 'U-installer', 'app installed; the installer may connect a ModelsLab account'],
      ['account', undefined, 'app uninstalled: no new work; links already sent can still be paid until they expire'],
    ]);
  });

  it('rewraps a token sealed under an old key the next time it is read (key rotation)', async () => {
    const { k1, k2, stores } = await rotation();
    const old = await setup({ stores, keys: [k1] });
    await old.directory.connect('web:acme', TOKEN, ADMIN);
    const rotated = await setup({ stores, keys: [k2, k1] });
    expect((await rotated.directory.credentials('web:acme'))?.token).toBe(TOKEN);
    expect((await rotated.directory.record('web:acme'))?.token?.sealed).toMatch(/^v1\.k2\./);
    const only2 = await setup({ stores, keys: [k2] });
    expect((await only2.directory.credentials('web:acme'))?.token).toBe(TOKEN);
  });

  it('another token retires the one it replaces (sealed, once each); connecting a retired token again takes it off the list', async () => {
    const OTHER = 'ml-agent-token-other-account-1111';
    const { directory, keys } = await setup();
    await directory.connect('slack:T1', TOKEN, ADMIN);
    await directory.connect('slack:T1', TOKEN, ADMIN);
    // The same token again is no replacement.
    expect(await directory.retiredCredentials('slack:T1')).toEqual([]);

    await directory.connect('slack:T1', OTHER, ADMIN);
    const retired = await directory.retiredCredentials('slack:T1');
    expect(retired).toEqual([
      { token: TOKEN, account: accountFingerprint(TOKEN, keys), retiredAt: expect.any(Number) },
    ]);
    const record = await directory.record('slack:T1');
    expect(record?.retired?.[0]?.sealed).toMatch(/^v1\.k1\./);
    expect(JSON.stringify(record)).not.toContain(TOKEN);
    expect(JSON.stringify(record)).not.toContain(OTHER);
    // Core's view says nothing of it.
    expect(JSON.stringify(await directory.status('slack:T1'))).not.toContain('retired');

    // Disconnect, then connect the first token again: OTHER (draining) is retired, TOKEN is current.
    await directory.disconnect('slack:T1', ADMIN);
    await directory.connect('slack:T1', TOKEN, ADMIN);
    expect((await directory.retiredCredentials('slack:T1')).map((r) => r.token)).toEqual([OTHER]);
    expect((await directory.credentials('slack:T1'))?.token).toBe(TOKEN);

    await directory.forgetRetired('slack:T1', accountFingerprint(OTHER, keys));
    expect(await directory.retiredCredentials('slack:T1')).toEqual([]);
    const trail = await directory.audit('slack:T1').list(0);
    expect(trail.some((e) => e.detail?.includes('replaced ModelsLab account forgotten'))).toBe(true);
  });

  it('a retired token is rewrapped under the new key when read (key rotation), so the old key can go', async () => {
    const { k1, k2, stores } = await rotation();
    const old = await setup({ stores, keys: [k1] });
    await old.directory.connect('web:acme', TOKEN, ADMIN);
    await old.directory.connect('web:acme', 'ml-agent-token-next', ADMIN);
    const rotated = await setup({ stores, keys: [k2, k1] });
    expect((await rotated.directory.retiredCredentials('web:acme')).map((r) => r.token)).toEqual([TOKEN]);
    expect((await rotated.directory.record('web:acme'))?.retired?.[0]?.sealed).toMatch(/^v1\.k2\./);
    const only2 = await setup({ stores, keys: [k2] });
    expect((await only2.directory.retiredCredentials('web:acme')).map((r) => r.token)).toEqual([TOKEN]);
  });

  it('refuses tenant ids it cannot hold, and SINGLE_TENANT in workspaces mode', async () => {
    const { directory } = await setup();
    for (const bad of [SINGLE_TENANT, 'slack:', 'mail:x', 'slack:T1:extra'] as TenantId[])
      await expect(directory.connect(bad, TOKEN, ADMIN)).rejects.toMatchObject({ code: 'not_found' });
    expect(await directory.list()).toEqual([]);
  });

  it('single-team mode: always connected with the env token, settings stored, no connect or disconnect', async () => {
    const { directory } = await setup({ tenancy: 'single' });
    expect(await directory.status(SINGLE_TENANT)).toEqual({ tenant: SINGLE_TENANT, connected: true });
    expect(await directory.credentials(SINGLE_TENANT)).toEqual({
      token: 'sandbox-token',
      account: undefined,
      draining: false,
    });
    expect(await directory.list()).toEqual([SINGLE_TENANT]);
    await expect(directory.connect(SINGLE_TENANT, TOKEN, ADMIN)).rejects.toMatchObject({ code: 'conflict' });
    await expect(directory.disconnect(SINGLE_TENANT, ADMIN)).rejects.toMatchObject({ code: 'conflict' });
    await directory.saveSettings(SINGLE_TENANT, { ...envDefaults, requestsPerMinute: 9 }, ADMIN);
    expect((await directory.settings(SINGLE_TENANT)).requestsPerMinute).toBe(9);
  });
});
