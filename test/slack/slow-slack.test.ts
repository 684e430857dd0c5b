/**
 * Issue 12, build 2, through the whole bot: a Slack that takes every chat.postMessage and
 * answers after 1 s (the client gives up after 300 ms; live: 15 s against 10 s), and one that
 * never answers. Before the fix the client retried each post: two cards (the first with a live
 * Approve button), two DMs with the link, two receipts. Now: one of each.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, linkUrl, SlackApp, visibleText } from './harness.ts';
import { approveForLink, openFundCard, sessionOf } from './support.ts';

let app: SlackApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const slow = {
  adapter: { requestTimeoutMs: 300, postTiming: { readDelaysMs: [0, 100], orphanCheckMs: 300 } },
};

async function fundFlow(a: SlackApp): Promise<void> {
  const before = a.sim.state.balance();
  const card = await openFundCard(a, ALICE, '50 slow slack');
  const dm = await approveForLink(a, card);
  const session = sessionOf(linkUrl(dm));
  a.sim.controls.markPaid(session);
  await a.fake.waitFor(() => a.thread(card).length > 0, 8_000, 'receipt');
  await a.fake.waitFor(() => a.fake.message(card.channel, card.ts)?.text.includes('Paid'), 5_000, 'card Paid');
  // Past every late answer and the duplicate check: nothing more arrives.
  await new Promise((r) => setTimeout(r, 1_300));
  await a.settle();

  expect(a.cards()).toHaveLength(1);
  expect(a.dms(ALICE)).toHaveLength(1);
  expect(a.thread(card)).toHaveLength(1);
  expect(visibleText(a.thread(card)[0] ?? { text: '', blocks: [] })).not.toContain('Re-sent');
  expect(a.sim.state.creditsFor(session)).toBe(1);
  expect(a.sim.state.balance()).toBe(before + 50);
}

describe('Slack accepts every post and answers late', () => {
  it('one card, one DM, one receipt', async () => {
    app = await SlackApp.start(slow);
    app.fake.answerLate('chat.postMessage', 1_000, 100);
    await fundFlow(app);
    // Every post timed out and was found again; none was sent twice.
    const posts = app.fake.calls('chat.postMessage');
    expect(posts.every((c) => c.status === 0)).toBe(true);
    expect(app.fake.calls('chat.delete')).toHaveLength(0);
  });
});

describe('Slack accepts every post and never answers', () => {
  it('one card, one DM, one receipt', async () => {
    app = await SlackApp.start(slow);
    app.fake.neverAnswer('chat.postMessage', { apply: true, n: 100 });
    await fundFlow(app);
  });
});
