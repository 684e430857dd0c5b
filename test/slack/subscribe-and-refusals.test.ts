/** Subscribe through plan buttons, and the refusals a person sees in Slack. */
import { afterEach, expect, it } from 'vitest';
import { ALICE, CAROL, CHANNEL, linkUrl, MALLORY, SlackApp, visibleText } from './harness.ts';
import { approveForLink, openFundCard, privateAnswer, sessionOf } from './support.ts';

let app: SlackApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

it('subscribes: plan buttons → pick → approval → DM → pay → "Subscription active" in the channel', async () => {
  app = await SlackApp.start();
  const picker = await privateAnswer(app, ALICE, '/ml-subscribe', '');
  expect(app.cards()).toHaveLength(0);

  // The picker is ephemeral: Slack sends the click without `message`, only the container.
  // Premium: the seeded account already has Standard, and a second one is refused.
  await app.click(ALICE, picker, /^Premium ·/);
  await app.settle();
  const [card] = app.cards();
  if (!card) throw new Error('no subscription card');
  expect(visibleText(card)).toMatch(/Subscription request/);

  const dm = await approveForLink(app, card);
  const url = linkUrl(dm);
  const sessionId = sessionOf(url);
  expect(app.sim.state.session(sessionId)?.purpose).toBe('subscribe');

  app.sim.controls.markPaid(sessionId);
  const receipt = await app.fake.waitFor(() => app?.thread(card)[0], 3000, 'subscription receipt');
  expect(receipt.channel).toBe(CHANNEL);
  expect(receipt.text).toMatch(/Subscription active/);
  await app.settle();
  expect(app.shownOutsideDm(url, ALICE)).toEqual([]);
});

it('refuses a non-approver’s Approve ephemerally and changes nothing', async () => {
  app = await SlackApp.start();
  const card = await openFundCard(app, ALICE, '50');
  const callsBefore = app.fake.calls().length;

  const click = await app.click(MALLORY, card, 'Approve');
  expect(click.status).toBe(200);
  await app.settle();
  const [refusal] = app.ephemeralsFor(MALLORY, click.responseUrlId);
  expect(refusal?.text).toMatch(/Only approvers/);
  expect(app.fake.message(CHANNEL, card.ts)?.versions).toHaveLength(1);
  expect(app.dms(ALICE)).toHaveLength(0);
  // Nothing written: the one call is a read, Mallory's users.info (her language, for the refusal
  // only she sees; cached from then on).
  expect(
    app.fake
      .calls()
      .slice(callsBefore)
      .map((c) => c.method),
  ).toEqual(['users.info']);
  expect(app.sim.state.sessions()).toHaveLength(0);
});

it('does not let the requester approve their own request, even an approver', async () => {
  app = await SlackApp.start();
  const card = await openFundCard(app, CAROL, '50');
  const click = await app.click(CAROL, card, 'Approve');
  await app.settle();
  expect(app.ephemeralsFor(CAROL, click.responseUrlId)[0]?.text).toMatch(/your own request/);
  expect(app.fake.message(CHANNEL, card.ts)?.versions).toHaveLength(1);
  expect(app.dms(CAROL)).toHaveLength(0);
});

it('answers a bad amount with the usage line, ephemerally, and opens nothing', async () => {
  app = await SlackApp.start();
  const cmd = await app.command(ALICE, '/ml-fund', 'fifty dollars');
  expect(cmd.status).toBe(200);
  await app.settle();
  const [answer] = app.ephemeralsFor(ALICE, cmd.responseUrlId);
  // Escaped for mrkdwn: Slack shows `Usage: /ml-fund <amount> [note]`.
  expect(answer?.text).toContain('Usage: /ml-fund &lt;amount&gt; [note]');
  expect(app.cards()).toHaveLength(0);
});

it('shows a note with <!channel> literally on the card: nobody is pinged', async () => {
  app = await SlackApp.start();
  const card = await openFundCard(app, ALICE, '50 <!channel> @everyone urgent');
  const shown = visibleText(card);
  expect(shown).not.toContain('<!channel>');
  expect(shown).not.toContain('@everyone');
  expect(shown).toContain('&lt;!channel&gt;');
});
