/**
 * Bolt listeners: ack within Slack's 3 s, normalise the payload, hand it to core's inbound port.
 * Everything after the ack (the approver lookup, the engine, the Home tab) runs as the port's
 * tracked work, so shutdown waits for it and a failure gets core's one answer. No rule here.
 */
import type { App, RespondFn } from '@slack/bolt';
import type { InboundPort } from '../../src/core/shared/inbound.ts';
import type { Clock, Logger, Metrics } from '../../src/core/shared/ports.ts';
import type { Actor } from '../../src/core/shared/types.ts';
import type { ApproverDirectory } from './approvers.ts';
import {
  actionEvent,
  type BlockActionsPayload,
  COMMANDS,
  clickedMessage,
  commandEvent,
  type SlashCommandPayload,
} from './normalize.ts';
import type { ResponderTarget, SlackResponder } from './responder.ts';

export interface ListenerDeps {
  /** The attached port; undefined before the wiring attached the engine. */
  readonly port: () => InboundPort | undefined;
  readonly approvers: ApproverDirectory;
  readonly responderFor: (target: ResponderTarget) => SlackResponder;
  /** Builds and publishes one person's Home tab (adapter.ts: provider, engine or guide). */
  readonly publishHome: (actor: Actor) => Promise<void>;
  readonly clock: Clock;
  readonly metrics: Metrics;
  readonly logger: Logger;
}

export function registerListeners(app: App, deps: ListenerDeps): void {
  const { approvers, clock, metrics, logger } = deps;

  /** The attached port, or a warning and nothing (an event before the wiring finished). */
  function portFor(what: string): InboundPort | undefined {
    const port = deps.port();
    if (!port) logger.warn({ what }, 'slack event before the engine was attached; dropped');
    return port;
  }

  for (const name of Object.keys(COMMANDS)) {
    app.command(name, async ({ command, ack, respond }) => {
      const receivedAt = clock.now();
      await ack();
      metrics.ackLatency('slack', (clock.now() - receivedAt) / 1000);
      const port = portFor(name);
      if (!port) return;
      const payload = command as SlashCommandPayload;
      const target = { channelId: payload.channel_id, userId: payload.user_id, fromAction: false, receivedAt };
      port.receive(
        async () => commandEvent(payload, { isApprover: await approvers.isApprover(payload.user_id), receivedAt }),
        deps.responderFor({ ...target, respond: respond as RespondFn | undefined }),
      );
    });
  }

  // One listener for every button: action_id is `<action>~<index>` (see render.ts). Link
  // buttons send block_actions too; they are acked and ignored.
  app.action(/.*/, async ({ ack, body, respond }) => {
    const receivedAt = clock.now();
    await ack();
    metrics.ackLatency('slack', (clock.now() - receivedAt) / 1000);
    if (body.type !== 'block_actions') return;
    const port = portFor('block_actions');
    if (!port) return;
    const payload = body as unknown as BlockActionsPayload;
    const clicked = clickedMessage(payload);
    const target = {
      channelId: payload.channel?.id ?? payload.container?.channel_id ?? '',
      userId: payload.user.id,
      fromAction: true,
      receivedAt,
      clicked,
    };
    port.receive(
      async () => actionEvent(payload, { isApprover: await approvers.isApprover(payload.user.id), receivedAt }),
      deps.responderFor({ ...target, respond: respond as RespondFn | undefined }),
    );
  });

  // Refreshed on every open: the balance and open requests change between visits.
  app.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    const port = portFor('app_home_opened');
    port?.track('app_home_opened', async () => {
      await deps.publishHome({ platform: 'slack', id: event.user, isApprover: await approvers.isApprover(event.user) });
    });
  });
}
