/**
 * Lock a request by id, load it, and hand it to a handler; unknown ids get a clear answer.
 * Given a button click (the ActionEvent) instead of a bare id, the request is the one the
 * button's value names, and the click is refused unless the clicked message belongs to that
 * request (clicked-message.ts). A typed id (`/ml cancel r123`) has no message to check.
 */

import { inTenant } from '../requests/queries.ts';
import type { PaymentRequest } from '../requests/request.ts';
import type { Texts } from '../shared/i18n.ts';
import { notFound } from '../shared/notices.ts';
import type { Responder } from '../shared/ports.ts';
import type { EngineServices } from '../shared/services.ts';
import type { ActionEvent } from '../shared/types.ts';
import { clickBelongsTo, notThisRequestsMessage } from './clicked-message.ts';

export async function withRequest(
  s: EngineServices,
  target: string | ActionEvent,
  respond: Responder,
  t: Texts,
  work: (request: PaymentRequest) => Promise<void>,
): Promise<void> {
  const click = typeof target === 'string' ? undefined : target;
  const trimmed = (click ? click.value : (target as string)).trim();
  // Ids are ours and short; anything else cannot be one (and must not become a store key).
  if (!/^[a-z0-9_-]{1,64}$/i.test(trimmed)) {
    await respond.reply(notFound(t, trimmed));
    return;
  }
  await s.locks.run(trimmed, async () => {
    const request = await s.ledger.get(trimmed);
    // Another tenant's request gets the very answer an unknown id gets (isolation).
    if (!request || !inTenant(request, s.tenant)) {
      await respond.reply(notFound(t, trimmed));
      return;
    }
    // Checked under the lock: the card's or DM's reference is recorded under it too, so a
    // click that raced the post sees the reference once the post's work is done.
    if (click && !clickBelongsTo(request, click.message, click.actor)) {
      s.logger.warn(
        {
          requestId: request.id,
          action: click.action,
          actor: click.actor.id,
          message: click.message ? { channelId: click.message.channelId, messageId: click.message.messageId } : 'none',
        },
        "click refused: the clicked message is not one of this request's",
      );
      await respond.reply(notThisRequestsMessage(t, request.id));
      return;
    }
    await work(request);
  });
}
