/**
 * Bolt listeners: ack within Slack's 3 s, normalise the payload, hand it to core's inbound port.
 * Everything after the ack (the approver lookup, the engine, the Home tab) runs as the port's
 * tracked work, so shutdown waits for it and a failure gets core's one answer. No rule here.
 *
 * Every Web API call an event causes goes out with the token of the workspace it came from:
 * `workspaceOf` turns Bolt's context (filled by authorize: the installation's bot token in OAuth
 * mode, the one token otherwise) into that workspace's client, messenger and directories.
 */
import type { App, Context, RespondFn } from '@slack/bolt';
import type { InboundPort } from '../../src/core/shared/inbound.ts';
import type { Clock, Logger, Metrics } from '../../src/core/shared/ports.ts';
import type { Actor, ConversationRef } from '../../src/core/shared/types.ts';
import { admitted } from './admit.ts';
import { withFallbackApprover } from './approvers.ts';
import { type LocaleLookup, userLocale, withLocale } from './locale.ts';
import {
  actionEvent,
  type BlockActionsPayload,
  COMMANDS,
  clickedMessage,
  commandEvent,
  type SlashCommandPayload,
} from './normalize.ts';
import type { ResponderTarget, SlackResponder } from './responder.ts';
import type { SlackWhere, SlackWorkspace } from './workspaces.ts';

export interface ListenerDeps {
  /** The attached port; undefined before the wiring attached the engine. */
  readonly port: () => InboundPort | undefined;
  /** The workspace an event came from, with its own token (Bolt's context). */
  readonly workspaceOf: (context: Context) => SlackWorkspace;
  readonly responderFor: (target: ResponderTarget, workspace: SlackWorkspace) => SlackResponder;
  /** Builds and publishes one person's Home tab (adapter.ts: provider, engine or guide). */
  readonly publishHome: (actor: Actor, workspace: SlackWorkspace, where: ConversationRef) => Promise<void>;
  /** The person's language (users.info `locale`, cached; locale.ts). */
  readonly locales: LocaleLookup;
  readonly clock: Clock;
  readonly metrics: Metrics;
  readonly logger: Logger;
}

/** The tenant-relevant part of Bolt's context: the enterprise only for an org-wide install. */
export function whereOf(context: Context): SlackWhere {
  return {
    ...(context.teamId ? { teamId: context.teamId } : {}),
    ...(context.isEnterpriseInstall && context.enterpriseId ? { enterpriseId: context.enterpriseId } : {}),
  };
}

export function registerListeners(app: App, deps: ListenerDeps): void {
  const { clock, metrics, logger } = deps;

  /** The attached port, or a warning and nothing (an event before the wiring finished). */
  function portFor(what: string): InboundPort | undefined {
    const port = deps.port();
    if (!port) logger.warn({ what }, 'slack event before the engine was attached; dropped');
    return port;
  }

  for (const name of Object.keys(COMMANDS)) {
    app.command(name, async ({ command, ack, respond, context }) => {
      const receivedAt = clock.now();
      await ack();
      metrics.ackLatency('slack', (clock.now() - receivedAt) / 1000);
      const port = portFor(name);
      if (!port) return;
      const ws = deps.workspaceOf(context);
      const where = whereOf(context);
      const payload = command as SlashCommandPayload;
      const target = {
        channelId: payload.channel_id,
        userId: payload.user_id,
        fromAction: false,
        receivedAt,
        triggerId: payload.trigger_id,
        teamId: where.teamId,
      };
      const responder = deps.responderFor({ ...target, respond: respond as RespondFn | undefined }, ws);
      const arrival = { type: name, userId: payload.user_id, channelId: payload.channel_id, where };
      port.receive(async () => {
        // OAuth mode: the claimed workspace must own the person and the channel (origin.ts).
        if (ws.verifyOrigin && !(await admitted(ws, arrival, responder, logger))) return undefined;
        return withLocale(
          withFallbackApprover(
            commandEvent(payload, {
              isApprover: await ws.isApprover(payload.user_id),
              isAdmin: await ws.isAdmin(payload.user_id),
              receivedAt,
              ...where,
            }),
            (await ws.isFallbackApprover?.(payload.user_id)) ?? false,
          ),
          // The record the origin check just read (one users.info per person).
          await userLocale(deps.locales, ws.client, ws.key, payload.user_id),
        );
      }, responder);
    });
  }

  // One listener for every button: action_id is `<action>~<index>` (see render.ts). Link
  // buttons send block_actions too; they are acked and ignored.
  app.action(/.*/, async ({ ack, body, respond, context }) => {
    const receivedAt = clock.now();
    await ack();
    metrics.ackLatency('slack', (clock.now() - receivedAt) / 1000);
    if (body.type !== 'block_actions') return;
    const port = portFor('block_actions');
    if (!port) return;
    const ws = deps.workspaceOf(context);
    const where = whereOf(context);
    const payload = body as unknown as BlockActionsPayload;
    const clicked = clickedMessage(payload);
    const target = {
      channelId: payload.channel?.id ?? payload.container?.channel_id ?? '',
      userId: payload.user.id,
      fromAction: true,
      receivedAt,
      clicked,
      triggerId: payload.trigger_id,
      teamId: where.teamId,
    };
    const responder = deps.responderFor({ ...target, respond: respond as RespondFn | undefined }, ws);
    const arrival = { type: 'block_actions', userId: payload.user.id, channelId: target.channelId || undefined, where };
    port.receive(async () => {
      if (ws.verifyOrigin && !(await admitted(ws, arrival, responder, logger))) return undefined;
      // Every click gets the clicker's language: its refusal or answer is private to them.
      return withLocale(
        withFallbackApprover(
          actionEvent(payload, {
            isApprover: await ws.isApprover(payload.user.id),
            isAdmin: await ws.isAdmin(payload.user.id),
            receivedAt,
            ...where,
          }),
          (await ws.isFallbackApprover?.(payload.user.id)) ?? false,
        ),
        await userLocale(deps.locales, ws.client, ws.key, payload.user.id),
      );
    }, responder);
  });

  // Refreshed on every open: the balance and open requests change between visits.
  app.event('app_home_opened', async ({ event, context }) => {
    if (event.tab !== 'home') return;
    const port = portFor('app_home_opened');
    if (!port) return;
    const ws = deps.workspaceOf(context);
    const where = whereOf(context);
    const conversation: ConversationRef = {
      platform: 'slack',
      channelId: event.channel,
      ...(where.teamId ? { workspaceId: where.teamId } : {}),
      ...(where.enterpriseId ? { enterpriseId: where.enterpriseId } : {}),
    };
    port.track('app_home_opened', async () => {
      // The Home tab shows the tenant's requests: a stranger to the claimed workspace sees nothing.
      const arrival = { type: 'app_home_opened', userId: event.user, channelId: event.channel, where };
      if (ws.verifyOrigin && !(await admitted(ws, arrival, undefined, logger))) return;
      const isAdmin = await ws.isAdmin(event.user);
      const locale = await userLocale(deps.locales, ws.client, ws.key, event.user);
      const actor: Actor = {
        platform: 'slack',
        id: event.user,
        isApprover: await ws.isApprover(event.user),
        ...(isAdmin !== undefined ? { isAdmin } : {}),
        ...(locale ? { locale } : {}),
      };
      await deps.publishHome(actor, ws, conversation);
    });
  });
}
