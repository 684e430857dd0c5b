/**
 * `npm run tenant:erase -- <tenant id> [--dry-run] [--force]`: erase one tenant's data for good
 * (offboarding, a data-deletion request; src/tenants/erase.ts). Reads STORE_URL and
 * STORE_NAMESPACE through src/config.ts like the bot, so it erases from the store the bot uses;
 * it may run while the bot runs (the tenant's record goes first, so no process restarts it).
 *
 * Prints what it would delete (`--dry-run`) or deleted: counts only, never a token or an id of
 * the tenant's data. Exit codes: 0 done (or dry run), 1 the store failed, 2 bad usage or
 * configuration, 3 refused: a payment link of the tenant can still be paid (`--force` overrides).
 */
import { existsSync } from 'node:fs';
import { installationKey } from '../../adapters/slack/installation-store.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { isTenantId } from '../core/shared/tenant.ts';
import { createStores } from '../store/index.ts';
import { describeCounts, EraseRefused, eraseTenant } from '../tenants/erase.ts';

const USAGE = 'usage: npm run tenant:erase -- <tenant id: slack:<id>, discord:<id> or web:<id>> [--dry-run] [--force]';

if (existsSync('.env')) process.loadEnvFile('.env');

const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith('--')));
const names = args.filter((a) => !a.startsWith('--'));
const unknown = [...flags].filter((f) => f !== '--dry-run' && f !== '--force');
const tenant = names[0];

function fail(code: number, message: string): void {
  process.stderr.write(`${message}\n`);
  process.exitCode = code;
}

if (names.length !== 1 || unknown.length > 0 || tenant === undefined || !isTenantId(tenant)) {
  fail(2, unknown.length > 0 ? `unknown option ${unknown[0]}\n${USAGE}` : USAGE);
} else {
  await run(tenant);
}

async function run(tenant: string): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    fail(2, err instanceof ConfigError ? `configuration problem\n${err.message}` : String(err));
    return;
  }
  const dryRun = flags.has('--dry-run');
  let stores: Awaited<ReturnType<typeof createStores>> | undefined;
  try {
    stores = await createStores(config.storeUrl, { namespace: config.storeNamespace });
    const result = await eraseTenant(
      {
        stores,
        ownerId: `erase-${process.pid}`,
        // A Slack tenant's installation lies under its team id, or its enterprise id when org-wide.
        slackInstallationKeys: (t) => {
          if (!t.startsWith('slack:')) return [];
          const id = t.slice('slack:'.length);
          return [
            installationKey({ teamId: id }),
            installationKey({ enterpriseId: id, isEnterpriseInstall: true }),
          ].filter((k): k is string => k !== undefined);
        },
      },
      tenant,
      { dryRun, force: flags.has('--force') },
    );
    const live = result.liveSessions.length;
    if (dryRun) {
      process.stdout.write(`dry run: erasing ${tenant} would delete ${describeCounts(result)}\n`);
      if (live > 0)
        process.stdout.write(`it would be refused: ${live} payment link(s) can still be paid (--force overrides)\n`);
    } else {
      process.stdout.write(`erased ${tenant}: deleted ${describeCounts(result)}\n`);
      if (live > 0)
        process.stdout.write(
          `forced: ${live} payment link(s) could still be paid; a payment on them reaches the ModelsLab account with no request left here\n`,
        );
    }
  } catch (err) {
    if (err instanceof EraseRefused) {
      fail(err.reason === 'live_sessions' ? 3 : 2, `refused: ${err.message}`);
      return;
    }
    if (err instanceof ConfigError) {
      fail(2, `configuration problem\n${err.message}`);
      return;
    }
    fail(
      1,
      `erasing ${tenant} failed: ${err instanceof Error ? err.message : String(err)}; nothing is half-gone that a second run will not finish`,
    );
  } finally {
    await stores?.close().catch(() => {});
  }
}
