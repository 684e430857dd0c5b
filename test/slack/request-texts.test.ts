/**
 * Issue 13 texts through real Bolt and the fake Slack: long notes refused with the rule, amounts
 * with thousands separators, a Slack that fails (not a closed channel) is not blamed on the
 * channel, and `/ml status` / `/ml deny` act on a request without its card.
 */
import { afterEach, expect, it } from 'vitest';
import { ALICE, BOB, CHANNEL, SlackApp, visibleText } from './harness.ts';
import { privateAnswer } from './support.ts';

let app: SlackApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

it('a 3,000-character note is refused with the rule, and no card is posted', async () => {
  app = await SlackApp.start();
  const answer = await privateAnswer(app, ALICE, '/ml-fund', `50 ${'word '.repeat(600).trim()}`);
  expect(answer.text).toContain('Notes are at most 200 characters; yours has 2,999.');
  const short = await privateAnswer(app, ALICE, '/ml-fund', `50 ${'n'.repeat(900)}`);
  expect(short.text).toContain('Notes are at most 200 characters; yours has 900.');
  expect(app.cards()).toEqual([]);
  expect(await app.stores.requests.listOpen()).toEqual([]);
});

it('/ml-fund 1,000 is read as the bot writes it', async () => {
  app = await SlackApp.start();
  await app.command(ALICE, '/ml-fund', '1,000 GPUs');
  await app.settle();
  const [card] = app.cards();
  expect(card && visibleText(card)).toContain('$1,000.00');
});

it('a failing Slack is reported as a failure to try again, not as "invite the bot"', async () => {
  // Twice: after one fatal_error the adapter looks for the card, finds none and posts it once more.
  app = await SlackApp.start({ adapter: { postTiming: { readDelaysMs: [0] } } });
  app.fake.failNext('chat.postMessage', 'fatal_error', 2);
  const failed = await privateAnswer(app, ALICE, '/ml-fund', '50');
  expect(failed.text).toContain('Slack did not take the request card just now');
  expect(failed.text).toContain('Try again in a minute');
  expect(failed.text).not.toMatch(/invite/i);

  app.fake.failNext('chat.postMessage', 'not_in_channel');
  const closed = await privateAnswer(app, ALICE, '/ml-fund', '50');
  expect(closed.text).toContain('Invite the bot to the channel');
});

it('/ml status lets an approver approve a request from the list, and /ml deny tells the requester', async () => {
  app = await SlackApp.start();
  await app.command(ALICE, '/ml-fund', '50 first');
  await app.command(ALICE, '/ml-fund', '60 second');
  await app.settle();
  const [first, second] = (await app.stores.requests.listOpen()).sort((a, b) => a.createdAt - b.createdAt);
  if (!first || !second) throw new Error('two requests expected');

  const status = await privateAnswer(app, BOB, '/ml', 'status');
  expect(status.text).toContain(`${first.id} · fund $50.00 · Awaiting approval`);
  await app.click(BOB, status, `Approve ${first.id}`);
  await app.settle();
  expect((await app.stores.requests.get(first.id))?.state).toBe('awaiting_payment');

  await app.command(BOB, '/ml', `deny ${second.id} over budget this month`);
  await app.settle();
  expect((await app.stores.requests.get(second.id))?.state).toBe('denied');
  const card = app.cards(CHANNEL).find((c) => c.text.includes(second.id) || visibleText(c).includes(second.id));
  expect(card && visibleText(card)).toContain('Reason: over budget this month');
  const told = app.dms(ALICE).find((m) => visibleText(m).includes('denied'));
  expect(told && visibleText(told)).toContain('was denied by <@U0BOB>. Reason: over budget this month');
});
