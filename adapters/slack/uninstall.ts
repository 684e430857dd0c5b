/**
 * OAuth mode: `app_uninstalled` and `tokens_revoked` (Bolt skips authorize for both: the tokens
 * are already dead). The workspace's installation (every token it held) is deleted, its cached
 * clients forgotten, and the wiring told, so that tenant's work stops. A revocation of user tokens
 * only drops the user token; the bot keeps working with its own.
 */
import type { App, Context, InstallationStore } from '@slack/bolt';
import type { Logger } from '../../src/core/shared/ports.ts';
import { whereOf } from './listeners.ts';
import { describe } from './slack-errors.ts';
import type { SlackWhere } from './workspaces.ts';

export interface UninstallDeps {
  readonly store: InstallationStore;
  readonly forget: (where: SlackWhere) => void;
  readonly onUninstalled?: ((where: { teamId?: string; enterpriseId?: string }) => Promise<void>) | undefined;
  readonly logger: Logger;
}

function query(context: Context) {
  const enterpriseInstall = context.isEnterpriseInstall === true;
  return {
    teamId: context.teamId,
    enterpriseId: context.enterpriseId,
    isEnterpriseInstall: enterpriseInstall,
  } as Parameters<InstallationStore['fetchInstallation']>[0];
}

export function registerUninstall(app: App, deps: UninstallDeps): void {
  const { logger } = deps;

  async function removeAll(context: Context, why: string): Promise<void> {
    const where = whereOf(context);
    deps.forget(where);
    try {
      await deps.store.deleteInstallation?.(query(context));
    } catch (err) {
      logger.error({ err: describe(err), ...where }, 'could not delete a slack installation');
    }
    logger.info({ ...where, why }, 'slack workspace uninstalled: its tokens are deleted');
    await deps.onUninstalled?.({
      ...(where.teamId ? { teamId: where.teamId } : {}),
      ...(where.enterpriseId ? { enterpriseId: where.enterpriseId } : {}),
    });
  }

  app.event('app_uninstalled', async ({ context }) => {
    await removeAll(context, 'app_uninstalled');
  });

  app.event('tokens_revoked', async ({ event, context }) => {
    if ((event.tokens.bot ?? []).length > 0) {
      await removeAll(context, 'tokens_revoked');
      return;
    }
    // Only user tokens (the installer's): keep the installation, drop the user token.
    try {
      const installation = await deps.store.fetchInstallation(query(context));
      const revoked = new Set(event.tokens.oauth ?? []);
      if (installation.user.token && revoked.has(installation.user.id)) {
        const { token: _t, refreshToken: _r, expiresAt: _e, ...user } = installation.user;
        await deps.store.storeInstallation({ ...installation, user: { ...user, token: undefined } } as never);
      }
    } catch (err) {
      logger.warn({ err: describe(err), ...whereOf(context) }, 'tokens_revoked for a workspace with no installation');
    }
  });
}
