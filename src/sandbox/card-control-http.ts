/**
 * The card controls of the sandbox controls page over HTTP, as the resets are:
 * `POST /_control/add-card?behaviour=<declines|requires_action|pending|succeeds>` (the new card
 * becomes the default, so the bot's next charge meets it), `POST /_control/past-due` (the first
 * active subscription is past_due; one is made when there is none) and
 * `POST /_control/settle-payments` (every pending card payment settles succeeded now), each with
 * `?account=<name>` for one account (the original when left out; settle-payments: every account).
 * A form post goes back to the page (303); a script (accept: application/json) gets JSON.
 */
import type { ServerResponse } from 'node:http';
import type { Accounts } from './accounts.ts';
import type { cardControls } from './card-controls.ts';
import type { ControlDone } from './control-page.ts';
import { CARD_BEHAVIOURS, type CardBehaviour } from './model.ts';

export type CardControls = ReturnType<typeof cardControls>;
export const CARD_CONTROL_ACTIONS = ['add-card', 'past-due', 'settle-payments'] as const;
export type CardControlAction = (typeof CARD_CONTROL_ACTIONS)[number];

export function cardControlAction(
  deps: { readonly accounts: Accounts; readonly cards: CardControls },
  res: ServerResponse,
  action: CardControlAction,
  query: URLSearchParams,
  wantsJson: boolean,
): void {
  const name = query.get('account');
  const refuse = (status: number, message: string) => {
    const type = wantsJson ? 'application/json' : 'text/plain';
    res
      .writeHead(status, { 'content-type': `${type}; charset=utf-8` })
      .end(wantsJson ? JSON.stringify({ error: message }) : message);
  };
  if (name !== null && !deps.accounts.get(name)) {
    refuse(404, 'no such sandbox account');
    return;
  }
  const account = name ?? undefined;
  let done: ControlDone;
  let result: Record<string, unknown>;
  if (action === 'add-card') {
    const behaviour = query.get('behaviour') ?? '';
    if (!CARD_BEHAVIOURS.includes(behaviour as CardBehaviour)) {
      refuse(400, `behaviour must be one of ${CARD_BEHAVIOURS.join(', ')}`);
      return;
    }
    const card = deps.cards.addCard(behaviour as CardBehaviour, {
      makeDefault: true,
      ...(account ? { account } : {}),
    });
    done = `card-${behaviour as CardBehaviour}`;
    result = { card, behaviour };
  } else if (action === 'past-due') {
    done = 'past-due';
    result = { subscription_id: deps.cards.pastDue(undefined, account) };
  } else {
    done = 'settled';
    result = { settled: deps.cards.settlePending(account) };
  }
  if (wantsJson) {
    res
      .writeHead(200, { 'content-type': 'application/json; charset=utf-8' })
      .end(JSON.stringify({ done: action, ...(account ? { account } : {}), ...result }));
    return;
  }
  const back = `../_control?done=${done}${account ? `&account=${encodeURIComponent(account)}` : ''}`;
  res.writeHead(303, { location: back, 'content-type': 'text/plain' }).end(done);
}
