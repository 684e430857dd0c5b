/**
 * Drive the sandbox app (startStack) to an add-card link as an approver would in the
 * playground: `/ml cards`, click Add a card, read the DM's link.
 */
import type { WebMessage } from '../../adapters/web/index.ts';
import type { Stack } from '../e2e/harness.ts';
import { messages, post, waitUntil } from '../sandbox/app-helpers.ts';
import type { SseStream } from '../web/sse-client.ts';

export const APPROVER = 'web-avery';

function actionButton(m: WebMessage, action: string) {
  const b = m.reply.buttons.find((x) => x.kind === 'action' && x.action === action);
  return b?.kind === 'action' ? b : undefined;
}

/** The newest message `as` sees with a button for `action`. */
export async function messageWith(stream: SseStream, action: string): Promise<{ message: WebMessage; value: string }> {
  let found: { message: WebMessage; value: string } | undefined;
  await waitUntil(`a message with ${action}`, () => {
    const m = messages(stream).findLast((x) => actionButton(x, action) !== undefined);
    const b = m && actionButton(m, action);
    if (m && b) found = { message: m, value: b.value };
    return found !== undefined;
  });
  if (!found) throw new Error(`no ${action} button`);
  return found;
}

/** `/ml cards`, Add a card, and the link DM'd to the approver. */
export async function addCardLink(stack: Stack, stream: SseStream, as = APPROVER): Promise<string> {
  const before = new Set(messages(stream).map((m) => m.id));
  await post(stack, '/play/command', { as, text: '/ml cards' });
  let list: WebMessage | undefined;
  await waitUntil('the card list', () => {
    list = messages(stream).find((m) => !before.has(m.id) && actionButton(m, 'card_add') !== undefined);
    return list !== undefined;
  });
  if (!list) throw new Error('no card list');
  await post(stack, '/play/action', { as, messageId: list.id, action: 'card_add', value: 'add' });
  let url = '';
  await waitUntil('the add-card DM', () => {
    for (const m of messages(stream)) {
      if (before.has(m.id) || m.kind !== 'dm') continue;
      const link = m.reply.buttons.find((b) => b.kind === 'link' && b.url.includes('/cards/add/'));
      if (link?.kind === 'link') url = link.url;
    }
    return url !== '';
  });
  return url;
}
