/**
 * Issue 17 escalation through Slack: the escalation post in the card's thread pings the fallback
 * user group (`<!subteam^…>`), and a member of that group, refused before, may approve after it.
 */
import { afterEach, expect, it } from 'vitest';
import { ALICE, MALLORY, SlackApp, visibleText } from './harness.ts';
import { openFundCard } from './support.ts';

let app: SlackApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const REMIND_MS = 150;
const ESCALATE_MS = 400;

it('reminds the approvers, then escalates to the fallback group in the thread; its member may approve only then', async () => {
  app = await SlackApp.start({
    policy: { reminderAfterMs: REMIND_MS, escalateAfterMs: ESCALATE_MS },
    adapter: { fallbackApproversFor: async () => ['S0OPS'] },
  });
  const groups = app.fake.workspace.options.groups;
  if (!groups) throw new Error('the fake has no user groups');
  groups.S0OPS = [MALLORY];
  const card = await openFundCard(app, ALICE, '40 GPU batch');

  // Before the escalation: Mallory (fallback group only) cannot approve.
  await app.click(MALLORY, card, 'Approve');
  await app.settle();
  expect(app.fake.message(card.channel, card.ts)?.text).not.toContain('Approved by');

  await new Promise((r) => setTimeout(r, REMIND_MS + 20));
  await app.engine.sweep();
  await app.engine.sweep();
  const reminder = app.thread(card);
  expect(reminder).toHaveLength(1);
  expect(visibleText(reminder[0]!)).toContain('Waiting for approval for');
  expect(reminder[0]?.text).toContain('<@U0CAROL> <!subteam^S0FINANCE>');
  expect(reminder[0]?.text).not.toContain('S0OPS');

  await new Promise((r) => setTimeout(r, ESCALATE_MS - REMIND_MS));
  await app.engine.sweep();
  await app.engine.sweep();
  const thread = app.thread(card);
  expect(thread).toHaveLength(2);
  expect(thread[1]?.text).toContain('<!subteam^S0OPS>');
  expect(visibleText(thread[1]!)).toContain('No approver answered for');

  await app.click(MALLORY, card, 'Approve');
  await app.settle();
  await app.fake.waitFor(
    () => app?.fake.message(card.channel, card.ts)?.text.includes('Approved by <@U0MALLORY>'),
    3000,
    'card approved by the fallback approver',
  );
});
