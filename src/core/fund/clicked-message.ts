/**
 * A click acts only on the request its message belongs to.
 *
 * A button's value names a request (`approve` + `r123`), and the platform says which message
 * held the button. Before, only the value counted, so a validly signed click on card A whose
 * value named request B acted on B. Now the clicked message must be one of B's own:
 *   1. B's card (channel + message id), or
 *   2. the DM of one of B's checkout attempts (each attempt records its DM; edited DMs keep
 *      their id), or an attempt's expiry notice (a DM of its own with New link / Cancel), or
 *   3. a message in B's card thread (the "your DMs are closed, press Retry" notice is posted
 *      there and not stored: Slack and the playground report the thread, Discord the message
 *      the reply refers to), or
 *   4. an ephemeral message shown to B's payer, B's requester or an approver. Ephemeral messages
 *      have no stored reference (Slack returns no ts for them), so they are matched by whom they
 *      were shown to: the DMs-closed notice (to the payer) and `/ml status` (typed in any
 *      channel; Approve / Deny for approvers, Cancel / Try again for the requester).
 * Anything else (a different request's card or DM, a message the bot never posted, no
 * message at all) is refused with a clear answer and changes nothing.
 *
 * Why the request's own references and not a signed button value (an HMAC over action, value
 * and message): a button's value is rendered before its message exists, so it cannot name the
 * message's id, and a MAC over the value alone would not stop a valid value from card B being
 * replayed on card A. The references are already stored for every message that carries request
 * buttons (they are how cards and DMs are edited after a restart), so this rule needs no new
 * state, no secret, and no change to any rendered button, and it generalises to many tenants
 * as is. What it does not cover: buttons on a DM whose reference was lost in a crash between
 * posting it and recording it (the restart re-sends the DM, whose buttons work), and a forger
 * who claims an ephemeral message in the request's own channel, where the card is in reach anyway.
 */

import type { PaymentRequest } from '../requests/request.ts';
import type { Texts } from '../shared/i18n.ts';
import { sameUser } from '../shared/policy.ts';
import type { Reply } from '../shared/reply.ts';
import type { Actor, ClickedMessage, MessageRef } from '../shared/types.ts';

function sameMessage(a: MessageRef, b: MessageRef): boolean {
  return a.platform === b.platform && a.channelId === b.channelId && a.messageId === b.messageId;
}

/** True when the clicked message is one of the request's own (see the rules above). */
export function clickBelongsTo(request: PaymentRequest, message: ClickedMessage | undefined, actor: Actor): boolean {
  if (!message || message.platform !== request.platform) return false;
  const { card } = request;
  if (card && sameMessage(card, message)) return true;
  if (request.attempts.some((a) => a.dm !== undefined && sameMessage(a.dm, message))) return true;
  // The expiry notice is a DM of its own (a new message, so the payer sees it), with New link / Cancel.
  if (request.attempts.some((a) => a.expiryNotice !== undefined && sameMessage(a.expiryNotice, message))) return true;
  const inCardThread =
    card !== undefined && message.channelId === card.channelId && message.threadId === card.messageId;
  if (inCardThread && !message.ephemeral) return true;
  if (message.ephemeral) {
    // `/ml status` answers privately in whatever channel it was typed, with Approve / Deny for
    // approvers and Cancel / Try again for the requester; the action's own policy still decides.
    return sameUser(actor, request.payer) || sameUser(actor, request.requester) || actor.isApprover;
  }
  return false;
}

/** The answer to a click whose message is not the request's: nothing about the request leaks. */
export function notThisRequestsMessage(t: Texts, id: string): Reply {
  return {
    text: t.t('fund.not_this_message', { id: id.slice(0, 40) }),
    tone: 'warning',
    ephemeral: true,
  };
}
