/**
 * Single-tenant guard: learn the served workspace from the auth.test Bolt's init runs (one
 * call, not two), and drop every payload from another team or enterprise before any listener
 * runs. The rule itself (which origins match) is guards.ts's `servesPayload`.
 */
import type { App } from '@slack/bolt';
import type { Logger } from '../../src/core/shared/ports.ts';
import { type ServedWorkspace, servedWorkspaceOf, servesPayload } from './guards.ts';

export function guardServedWorkspace(app: App, logger: Logger): void {
  let workspace: ServedWorkspace | undefined;
  const authTest = app.client.auth.test.bind(app.client.auth);
  app.client.auth.test = (async (args?: Parameters<typeof authTest>[0]) => {
    const result = await authTest(args);
    workspace = servedWorkspaceOf(result) ?? workspace;
    return result;
  }) as typeof authTest;
  // Before every listener: a payload from another team or enterprise is acked (Slack shows
  // nothing, an attacker learns nothing) and dropped, with one log line for the operator.
  app.use(async (args) => {
    const origin = { teamId: args.context.teamId, enterpriseId: args.context.enterpriseId };
    if (servesPayload(workspace, origin)) {
      await args.next();
      return;
    }
    const body = args.body as { type?: string; user?: { id?: string }; user_id?: string };
    logger.warn(
      {
        team: origin.teamId,
        enterprise: origin.enterpriseId,
        servedTeam: workspace?.teamId,
        servedEnterprise: workspace?.enterpriseId,
        type: body.type,
        user: body.user?.id ?? body.user_id,
      },
      'slack payload from a workspace this bot does not serve: refused, nothing done',
    );
    if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
  });
}
