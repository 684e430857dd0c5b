/**
 * Erasing a tenant (src/tenants/erase.ts, `npm run tenant:erase`) on every backend: the scope,
 * the directory record with its sealed tokens, the index entry and the Slack installation go;
 * the other tenant's data and the root's are unchanged but for one audit line that names the
 * tenant and the counts (no token). A payable link refuses the erase without --force, a dry run
 * changes nothing, and the CLI does all this over a real sqlite file with its exit codes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installationKey } from '../../adapters/slack/installation-store.ts';
import type { TenantId } from '../../src/core/shared/tenant.ts';
import { createStores, type Stores } from '../../src/store/index.ts';
import type { TenantRecord } from '../../src/tenants/directory.ts';
import { EraseRefused, eraseTenant } from '../../src/tenants/erase.ts';
import { recordingLogger } from '../billing/recording-logger.ts';
import { makeRequest } from '../store/fixtures.ts';
import { memoryHarness, REDIS_URL, redisHarness, requireRedisOrSay, sqliteHarness } from '../store/harnesses.ts';
import { seedScope } from '../store/scope-seed.ts';

const GONE = 'slack:T1';
const KEPT = 'slack:T12';
const SECRETS = ['SEALED-CURRENT-T1', 'SEALED-DRAINING-T1', 'SEALED-RETIRED-T1', 'SEALED-SLACK-T1'];
const by = { platform: 'slack' as const, id: 'U1' };

const slackKeys = (t: TenantId) => {
  const id = t.slice('slack:'.length);
  return [installationKey({ teamId: id }), installationKey({ enterpriseId: id, isEnterpriseInstall: true })].filter(
    (k): k is string => k !== undefined,
  );
};

function record(tenant: TenantId, tag: string): TenantRecord {
  const sealed = (what: string) => ({
    sealed: `SEALED-${what}-${tag}`,
    account: `acct-${what}`,
    connectedBy: by,
    connectedAt: 1,
  });
  return {
    v: 1,
    tenant,
    platform: 'slack',
    createdAt: 1,
    installerId: 'U1',
    token: sealed('CURRENT'),
    draining: sealed('DRAINING'),
    retired: [{ ...sealed('RETIRED'), retiredAt: 2 }],
  };
}

/** Two Slack tenants, each with a scope, a record, an installation and a message-index entry. */
async function seed(stores: Stores, options: { payableLink: boolean }): Promise<void> {
  await seedScope(stores, 'root');
  for (const [tenant, tag] of [
    [GONE, 'T1'],
    [KEPT, 'T12'],
  ] as const) {
    const scope = stores.scope(tenant);
    await seedScope(scope, tag);
    await stores.kv.set(`tenant:${tenant}`, record(tenant, tag));
    await stores.kv.set(`slack-install:T:${tenant.slice(6)}`, { v: 1, sealed: `SEALED-SLACK-${tag}`, storedAt: 1 });
    await stores.kv.set(`msg-tenant:slack:C1:${tag}`, tenant);
  }
  await stores.kv.set('tenants:index', [GONE, KEPT]);
  if (!options.payableLink) {
    // seedScope leaves one live session per scope; end it (the watcher recorded it expired; the
    // request stays open, renewable, so it keeps its open-index entry).
    const link = (await stores.scope(GONE).requests.listSince(0)).find((r) => r.attempts.length > 0);
    if (!link) throw new Error('seed has no link');
    await stores.scope(GONE).requests.put({
      ...link,
      state: 'expired',
      attempts: link.attempts.map((a) => ({ ...a, sessionEnd: 'expired' as const, sessionEndedAt: 3 })),
      version: link.version + 1,
    });
  }
}

async function view(stores: Stores, tenant: TenantId): Promise<string> {
  const s = stores.scope(tenant);
  return JSON.stringify({
    requests: await s.requests.listSince(0),
    audit: await s.audit.list(0),
    settings: await s.kv.get('settings'),
    record: await stores.kv.get(`tenant:${tenant}`),
    install: await stores.kv.get(`slack-install:T:${tenant.slice(6)}`),
  });
}

async function rootView(stores: Stores): Promise<string> {
  return JSON.stringify({
    requests: await stores.requests.listSince(0),
    settings: await stores.kv.get('settings'),
    index: await stores.kv.get('tenants:index'),
  });
}

function eraseCases(name: string, open: () => Promise<{ stores: Stores; cleanup(): Promise<void> }>) {
  describe(`eraseTenant (${name})`, () => {
    it('refuses while a link can still be paid, and changes nothing', async () => {
      const { stores, cleanup } = await open();
      try {
        await seed(stores, { payableLink: true });
        const before = [await view(stores, GONE), await view(stores, KEPT), await rootView(stores)];
        const refusal = await eraseTenant({ stores, slackInstallationKeys: slackKeys }, GONE).catch((e: unknown) => e);
        expect(refusal).toBeInstanceOf(EraseRefused);
        expect((refusal as EraseRefused).reason).toBe('live_sessions');
        expect((refusal as Error).message).toMatch(/1 payment link\(s\) of slack:T1 can still be paid.*--force/);
        expect([await view(stores, GONE), await view(stores, KEPT), await rootView(stores)]).toEqual(before);
        expect(await stores.audit.list(0)).toHaveLength(2);
      } finally {
        await stores.close();
        await cleanup();
      }
    });

    it('dry run: says what it would delete, deletes nothing', async () => {
      const { stores, cleanup } = await open();
      try {
        await seed(stores, { payableLink: true });
        const before = [await view(stores, GONE), await view(stores, KEPT), await rootView(stores)];
        const plan = await eraseTenant({ stores, slackInstallationKeys: slackKeys }, GONE, { dryRun: true });
        expect(plan).toMatchObject({
          erased: false,
          dryRun: true,
          directoryRecord: true,
          sealedTokens: 3,
          slackInstallations: 1,
          scope: { requests: 3, values: 2, auditEntries: 2 },
        });
        expect(plan.liveSessions).toHaveLength(1);
        expect([await view(stores, GONE), await view(stores, KEPT), await rootView(stores)]).toEqual(before);
      } finally {
        await stores.close();
        await cleanup();
      }
    });

    it("erases the tenant's scope, record, tokens and installation; the other tenant and the root keep theirs", async () => {
      const { stores, cleanup } = await open();
      try {
        await seed(stores, { payableLink: false });
        const kept = await view(stores, KEPT);
        const rootRequests = JSON.stringify(await stores.requests.listSince(0));
        const result = await eraseTenant({ stores, slackInstallationKeys: slackKeys }, GONE);
        expect(result).toMatchObject({ erased: true, forced: false, sealedTokens: 3, slackInstallations: 1 });
        expect(result.scope).toMatchObject({ requests: 3, values: 2, indexEntries: 5, auditEntries: 2 });

        const gone = stores.scope(GONE);
        expect(await gone.requests.listSince(0)).toEqual([]);
        expect(await gone.audit.list(0)).toEqual([]);
        expect(await gone.kv.get('settings')).toBeUndefined();
        expect(await stores.kv.get(`tenant:${GONE}`)).toBeUndefined();
        expect(await stores.kv.get('slack-install:T:T1')).toBeUndefined();
        expect(await stores.kv.get('tenants:index')).toEqual([KEPT]);
        // Decided: the message index's entries expire (30 days) rather than be searched for.
        expect(await stores.kv.get('msg-tenant:slack:C1:T1')).toBe(GONE);

        expect(await view(stores, KEPT)).toBe(kept);
        expect(JSON.stringify(await stores.requests.listSince(0))).toBe(rootRequests);
        const audit = await stores.audit.list(0);
        expect(audit).toHaveLength(3);
        const line = audit.at(-1)?.detail ?? '';
        expect(line).toMatch(/^tenant erased by operator: slack:T1; 3 requests, 2 other values, 5 index entries/);
        expect(line).toContain('(3 sealed tokens)');
        for (const secret of SECRETS) expect(JSON.stringify(audit)).not.toContain(secret);

        // Again: nothing is left, and it says so.
        const again = await eraseTenant({ stores, slackInstallationKeys: slackKeys }, GONE);
        expect(again).toMatchObject({ directoryRecord: false, sealedTokens: 0, slackInstallations: 0 });
        expect(again.scope).toMatchObject({ requests: 0, values: 0, indexEntries: 0, auditEntries: 0 });
      } finally {
        await stores.close();
        await cleanup();
      }
    });

    it('--force erases with a payable link and says so in the audit line', async () => {
      const { stores, cleanup } = await open();
      try {
        await seed(stores, { payableLink: true });
        const { logger, lines } = recordingLogger();
        const result = await eraseTenant({ stores, slackInstallationKeys: slackKeys, logger }, GONE, { force: true });
        expect(result).toMatchObject({ erased: true, forced: true });
        expect(lines.join('\n')).toContain('tenant erased by operator');
        for (const secret of SECRETS) expect(lines.join('\n')).not.toContain(secret);
        expect(await stores.scope(GONE).requests.listSince(0)).toEqual([]);
        expect((await stores.audit.list(0)).at(-1)?.detail).toContain('(forced, with payable links)');
        expect(await stores.scope(KEPT).requests.listSince(0)).toHaveLength(3);
      } finally {
        await stores.close();
        await cleanup();
      }
    });

    it('refuses the default tenant and malformed ids with the rule', async () => {
      const { stores, cleanup } = await open();
      try {
        await stores.requests.put(makeRequest({ id: 'root-req' }));
        for (const bad of ['default', 'slack:', 'team:T1'])
          await expect(eraseTenant({ stores, slackInstallationKeys: slackKeys }, bad)).rejects.toThrow(
            /slack:<team or enterprise id>, discord:<guild id> or web:<id>/,
          );
        expect(await stores.requests.get('root-req')).toBeDefined();
      } finally {
        await stores.close();
        await cleanup();
      }
    });
  });
}

eraseCases('memory', async () => {
  const h = await memoryHarness();
  return { stores: await h.open(), cleanup: h.cleanup };
});
eraseCases('sqlite', async () => {
  const h = await sqliteHarness();
  return { stores: await h.open(), cleanup: h.cleanup };
});
requireRedisOrSay('tenant erase');
describe.skipIf(!REDIS_URL)('redis', () => {
  eraseCases('redis', async () => {
    const h = await redisHarness();
    return { stores: await h.open(), cleanup: h.cleanup };
  });
});

describe('npm run tenant:erase over a real sqlite file', () => {
  const script = join(import.meta.dirname, '../../src/entry/tenant-erase.ts');

  it('dry run, refusal, forced erase and bad usage, each with its exit code and no secret in the output', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mlbot-erase-'));
    const path = join(dir, 'mlbot.sqlite');
    const env = { PATH: process.env.PATH ?? '', STORE_URL: `sqlite://${path}`, LOG_LEVEL: 'silent' };
    const cli = (...args: string[]) => {
      const r = spawnSync(process.execPath, [script, ...args], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
      for (const secret of SECRETS) expect(`${r.stdout}${r.stderr}`).not.toContain(secret);
      return r;
    };
    try {
      const seeded = await createStores(`sqlite://${path}`);
      await seed(seeded, { payableLink: true });
      await seeded.close();

      const dry = cli(GONE, '--dry-run');
      expect(dry.status).toBe(0);
      expect(dry.stdout).toContain('dry run: erasing slack:T1 would delete 3 requests, 2 other values');
      expect(dry.stdout).toContain('it would be refused: 1 payment link(s) can still be paid');

      const refused = cli(GONE);
      expect(refused.status).toBe(3);
      expect(refused.stderr).toContain('refused: 1 payment link(s) of slack:T1 can still be paid');

      expect(cli().status).toBe(2);
      expect(cli('default').status).toBe(2);
      const typo = cli(GONE, '--dryrun');
      expect(typo.status).toBe(2);
      expect(typo.stderr).toContain('unknown option --dryrun');

      let stores = await createStores(`sqlite://${path}`);
      expect(await stores.scope(GONE).requests.listSince(0)).toHaveLength(3);
      await stores.close();

      const forced = cli(GONE, '--force');
      expect(forced.stderr).toBe('');
      expect(forced.status).toBe(0);
      expect(forced.stdout).toContain('erased slack:T1: deleted 3 requests');
      expect(forced.stdout).toContain('directory record yes (3 sealed tokens), 1 Slack installations');

      stores = await createStores(`sqlite://${path}`);
      try {
        expect(await stores.scope(GONE).requests.listSince(0)).toEqual([]);
        expect(await stores.kv.get(`tenant:${GONE}`)).toBeUndefined();
        expect(await stores.scope(KEPT).requests.listSince(0)).toHaveLength(3);
        expect(await stores.kv.get(`tenant:${KEPT}`)).toEqual(record(KEPT, 'T12'));
        expect((await stores.audit.list(0)).at(-1)?.detail).toMatch(/^tenant erased by operator: slack:T1/);
      } finally {
        await stores.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
