/**
 * Bolt's InstallationStore on mlbot's KeyValueStore. One record per workspace: a team install
 * under its team id, an org-wide (Enterprise Grid) install under its enterprise id. The whole
 * installation is sealed (AES-256-GCM by the app's box, SECRETS_KEY) with the record's key as
 * associated data, so a sealed record copied under another workspace's key does not open, and
 * nothing of it (bot token, user token, refresh tokens, installer) is readable in the store.
 * Tokens are never logged: log lines name the workspace only.
 */
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import { type Clock, type KeyValueStore, type Logger, systemClock } from '../../src/core/shared/ports.ts';

export interface SecretBox {
  seal(plaintext: string, aad: string): string;
  open(sealed: string, aad: string): string;
}

export interface SlackInstallationStoreDeps {
  readonly kv: KeyValueStore;
  readonly box: SecretBox;
  readonly logger: Logger;
  readonly clock?: Clock;
}

interface StoredInstallation {
  readonly v: 1;
  readonly sealed: string;
  readonly storedAt: number;
}

const PREFIX = 'slack-install:';

/** Where one workspace's installation lives: org-wide installs by enterprise, others by team. */
export function installationKey(where: {
  readonly teamId?: string | undefined;
  readonly enterpriseId?: string | undefined;
  readonly isEnterpriseInstall?: boolean | undefined;
}): string | undefined {
  if (where.isEnterpriseInstall) return where.enterpriseId ? `${PREFIX}E:${where.enterpriseId}` : undefined;
  return where.teamId ? `${PREFIX}T:${where.teamId}` : undefined;
}

function keyOfInstallation(i: Installation): string | undefined {
  return installationKey({
    teamId: i.team?.id,
    enterpriseId: i.enterprise?.id,
    isEnterpriseInstall: i.isEnterpriseInstall === true,
  });
}

export function createSlackInstallationStore(deps: SlackInstallationStoreDeps): InstallationStore {
  const { kv, box, logger } = deps;
  const clock = deps.clock ?? systemClock;
  const where = (q: InstallationQuery<boolean>) => ({
    team: q.teamId,
    enterprise: q.enterpriseId,
    enterpriseInstall: q.isEnterpriseInstall,
  });
  return {
    async storeInstallation(installation) {
      const key = keyOfInstallation(installation);
      if (!key) throw new Error('slack installation names neither a team nor an enterprise');
      const record: StoredInstallation = {
        v: 1,
        sealed: box.seal(JSON.stringify(installation), key),
        storedAt: clock.now(),
      };
      await kv.set(key, record);
      logger.info(
        {
          team: installation.team?.id,
          enterprise: installation.enterprise?.id,
          enterpriseInstall: installation.isEnterpriseInstall === true,
          rotating: installation.bot?.refreshToken !== undefined,
        },
        'slack installation stored',
      );
    },
    async fetchInstallation(query) {
      const key = installationKey(query);
      const record = key ? await kv.get<StoredInstallation>(key) : undefined;
      if (!key || !record) throw new Error(`no slack installation for ${JSON.stringify(where(query))}`);
      try {
        return JSON.parse(box.open(record.sealed, key)) as Installation<'v1' | 'v2', boolean>;
      } catch {
        // A record that does not open (wrong key, tampered, moved) is no installation at all.
        logger.error(where(query), 'slack installation record does not open; treated as not installed');
        throw new Error(`no slack installation for ${JSON.stringify(where(query))}`);
      }
    },
    async deleteInstallation(query) {
      const key = installationKey(query);
      if (!key) return;
      await kv.delete(key);
      logger.info(where(query), 'slack installation deleted');
    },
  };
}
