/**
 * A click acts only on the request its message belongs to (src/core/fund/clicked-message.ts):
 * forged clicks (card A naming request B, DM A naming B, a message the bot never sent, no
 * message) are refused and change nothing; every legitimate button still works: the card, each
 * attempt's DM, the DMs-closed notice in the card's thread and as an ephemeral to the payer.
 */
import { describe, expect, it } from 'vitest';
import type { ActionName, Actor, ClickedMessage, InboundEvent } from '../../src/core/shared/types.ts';
import { alice, bob, harness, mallory } from './harness.ts';

type H = ReturnType<typeof harness>;
const NOT_ITS_MESSAGE = /not on a message of request (req\d)/;

let seq = 0;
async function clickOn(h: H, actor: Actor, action: ActionName, value: string, message?: ClickedMessage) {
  const event: InboundEvent = {
    platform: 'slack',
    eventId: `forged${++seq}`,
    actor,
    conversation: { platform: 'slack', channelId: message?.channelId ?? 'C-general' },
    receivedAt: h.clock.now(),
    kind: 'action',
    action,
    value,
    ...(message ? { message } : {}),
  };
  const responder = h.messenger.responder(actor.id);
  await h.engine.handle(event, responder);
  return responder.replies.map((r) => r.text).join('\n');
}

async function twoRequests() {
  const h = harness();
  await h.command(alice, 'fund', '50 first');
  await h.command(alice, 'fund', '60 second');
  const a = await h.request('req1');
  const b = await h.request('req2');
  return { h, cardA: a.card!, cardB: b.card! };
}

describe('forged clicks are refused and change nothing', () => {
  it('Approve on card A whose value names request B', async () => {
    const { h, cardA } = await twoRequests();
    const answer = await clickOn(h, bob, 'approve', 'req2', { ...cardA });
    expect(answer).toMatch(NOT_ITS_MESSAGE);
    expect(answer).toContain('req2');
    expect((await h.request('req2')).state).toBe('awaiting_approval');
    expect((await h.request('req1')).state).toBe('awaiting_approval');
    expect(h.billing.links.size).toBe(0);
    // The genuine buttons work.
    await clickOn(h, bob, 'approve', 'req2', (await h.request('req2')).card);
    expect((await h.request('req2')).state).toBe('awaiting_payment');
  });

  it('Deny and Cancel on card A naming B; a click with no message or on a message the bot never sent', async () => {
    const { h, cardA } = await twoRequests();
    expect(await clickOn(h, bob, 'deny', 'req2', { ...cardA })).toMatch(NOT_ITS_MESSAGE);
    expect(await clickOn(h, alice, 'cancel', 'req2', { ...cardA })).toMatch(NOT_ITS_MESSAGE);
    expect(await clickOn(h, bob, 'approve', 'req2')).toMatch(NOT_ITS_MESSAGE);
    const made = { platform: 'slack', channelId: 'C-general', messageId: 'm999' } as const;
    expect(await clickOn(h, bob, 'approve', 'req2', made)).toMatch(NOT_ITS_MESSAGE);
    // Another platform's message with the same ids is not the card either.
    expect(await clickOn(h, bob, 'approve', 'req2', { ...(await h.request('req2')).card!, platform: 'web' })).toMatch(
      NOT_ITS_MESSAGE,
    );
    expect((await h.request('req2')).state).toBe('awaiting_approval');
    expect(h.audit.entries.filter((e) => e.requestId === 'req2').map((e) => e.to)).toEqual(['awaiting_approval']);
  });

  it('"I\'ve paid" and Cancel on DM A naming request B (same payer)', async () => {
    const { h } = await twoRequests();
    await h.click(bob, 'approve', 'req1');
    await h.click(bob, 'approve', 'req2');
    const dmA = (await h.request('req1')).attempts[0]!.dm!;
    expect(await clickOn(h, alice, 'paid', 'req2', { ...dmA })).toMatch(NOT_ITS_MESSAGE);
    expect(await clickOn(h, alice, 'cancel', 'req2', { ...dmA })).toMatch(NOT_ITS_MESSAGE);
    const b = await h.request('req2');
    expect(b.state).toBe('awaiting_payment');
    expect(b.attempts[0]?.paidClickedAt).toBeUndefined();
    expect(h.watcher.nudged).not.toContain('req2');
    // On B's own DM it works.
    await clickOn(h, alice, 'paid', 'req2', b.attempts[0]!.dm);
    expect((await h.request('req2')).attempts[0]?.paidClickedAt).toBeDefined();
  });

  it('an ephemeral claimed by someone who is neither payer, requester nor approver', async () => {
    const { h } = await twoRequests();
    const ephemeral = { platform: 'slack', channelId: 'C-general', messageId: 'e1', ephemeral: true } as const;
    expect(await clickOn(h, mallory, 'cancel', 'req2', ephemeral)).toMatch(NOT_ITS_MESSAGE);
    expect(await clickOn(h, mallory, 'cancel', 'req2', { ...ephemeral, channelId: 'C-other' })).toMatch(
      NOT_ITS_MESSAGE,
    );
    expect((await h.request('req2')).state).toBe('awaiting_approval');
  });

  it("the requester's Cancel on a private /ml status answer in another channel works", async () => {
    const { h } = await twoRequests();
    const ephemeral = { platform: 'slack', channelId: 'C-other', messageId: 'e2', ephemeral: true } as const;
    expect(await clickOn(h, alice, 'cancel', 'req2', ephemeral)).not.toMatch(NOT_ITS_MESSAGE);
    expect((await h.request('req2')).state).toBe('cancelled');
  });
});

describe('legitimate buttons still work', () => {
  it('Retry on the DMs-closed notice in the card thread (not stored on the request)', async () => {
    const h = harness();
    h.messenger.closedDms.add(alice.id);
    await h.command(alice, 'fund', '50');
    await h.click(bob, 'approve', 'req1');
    const r = await h.request('req1');
    const notice = h.messenger.threadPosts(r.card!)[0]!;
    expect(notice.ref?.threadId).toBe(r.card!.messageId);
    h.messenger.closedDms.delete(alice.id);
    await clickOn(h, alice, 'new_link', 'req1', notice.ref);
    expect((await h.request('req1')).state).toBe('awaiting_payment');
    expect(h.messenger.dmsTo(alice.id)).toHaveLength(1);
  });

  it('Retry on the ephemeral DMs-closed notice shown to the payer in the request channel', async () => {
    const h = harness({ approvalThresholdCents: 100_000 });
    h.messenger.closedDms.add(alice.id);
    await h.command(alice, 'fund', '50');
    h.messenger.closedDms.delete(alice.id);
    const ephemeral = { platform: 'slack', channelId: 'C-general', messageId: 'e7', ephemeral: true } as const;
    await clickOn(h, alice, 'new_link', 'req1', ephemeral);
    expect((await h.request('req1')).state).toBe('awaiting_payment');
  });

  it("an older attempt's DM (expired, with New link) and a stale card still act on their own request", async () => {
    const h = harness();
    await h.command(alice, 'fund', '50');
    await h.click(bob, 'approve', 'req1');
    await h.outcome('req1', { status: 'expired' });
    const first = await h.request('req1');
    await clickOn(h, alice, 'new_link', 'req1', first.attempts[0]!.dm);
    const renewed = await h.request('req1');
    expect(renewed.attempts).toHaveLength(2);
    expect(renewed.state).toBe('awaiting_payment');
    // A stale Approve on the card answers with the state, as before (not "not its message").
    const stale = await clickOn(h, bob, 'approve', 'req1', renewed.card);
    expect(stale).not.toMatch(NOT_ITS_MESSAGE);
    // Cancel from the first attempt's DM still cancels this request.
    await clickOn(h, alice, 'cancel', 'req1', renewed.attempts[0]!.dm);
    expect((await h.request('req1')).state).toBe('cancelled');
  });

  it('a typed `/ml cancel <id>` has no message to check and still works', async () => {
    const h = harness();
    await h.command(alice, 'fund', '50');
    await h.command(alice, 'ml', 'cancel req1');
    expect((await h.request('req1')).state).toBe('cancelled');
  });
});
