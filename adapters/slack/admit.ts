/**
 * The listeners' side of origin.ts: run the check after the ack (inside the port's tracked
 * work, before anything is normalised for the engine) and act on its verdict. A stranger gets
 * nothing at all, exactly as a workspace with no installation: no answer, one warn line, so
 * whoever forged the pairing learns nothing. A verified member in a conversation the bot cannot
 * see, or a Slack hiccup, gets one short ephemeral answer that names nothing of the workspace.
 */
import type { Logger, Responder } from '../../src/core/shared/ports.ts';
import type { OriginVerdict } from './origin.ts';
import type { SlackWhere, SlackWorkspace } from './workspaces.ts';

export const UNSEEN_TEXT =
  'I cannot see this conversation, so nothing was done. Invite me to this channel, or use a channel I am in or your DM with me.';
export const UNAVAILABLE_TEXT =
  'Slack could not confirm this request just now, so nothing was done. Try again in a minute.';

export interface Arrival {
  readonly type: string;
  readonly userId: string;
  readonly channelId: string | undefined;
  readonly where: SlackWhere;
}

/** True when the event may go on. `responder` absent (the Home tab): refusals are only logged. */
export async function admitted(
  ws: SlackWorkspace,
  arrival: Arrival,
  responder: Pick<Responder, 'reply'> | undefined,
  logger: Logger,
): Promise<boolean> {
  if (!ws.verifyOrigin) return true;
  const { verdict, reason } = await ws
    .verifyOrigin(arrival.userId, arrival.channelId)
    .catch((err: unknown) => ({ verdict: 'unavailable' as OriginVerdict, reason: String(err) }));
  if (verdict === 'ok') return true;
  const line = {
    verdict,
    reason,
    type: arrival.type,
    team: arrival.where.teamId,
    enterprise: arrival.where.enterpriseId,
    user: arrival.userId,
    channel: arrival.channelId,
  };
  if (verdict === 'stranger') {
    logger.warn(line, 'slack payload whose person is not of the workspace it claims: refused, nothing done');
    return false;
  }
  logger.warn(
    line,
    verdict === 'unseen'
      ? 'slack payload from a conversation the workspace’s bot cannot see: refused, nothing done'
      : 'slack could not confirm a payload’s origin: refused (fail closed), nothing done',
  );
  await responder
    ?.reply({ text: verdict === 'unseen' ? UNSEEN_TEXT : UNAVAILABLE_TEXT, ephemeral: true })
    .catch((err: unknown) => logger.warn({ err: String(err) }, 'could not answer a refused slack payload'));
  return false;
}
