/**
 * Two-person approval through Slack (issue 17): real Bolt, the fake Slack, the engine, stores and
 * the simulator. Two approvers approve a large request: the card shows 1 of 2 and who, with
 * "Withdraw my approval"; the second approval sends the one link by DM.
 */
import { afterEach, expect, it } from 'vitest';
import { ALICE, BOB, CAROL, CHANNEL, linkUrl, SlackApp, visibleText } from './harness.ts';
import { openFundCard } from './support.ts';

let app: SlackApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

it('a $500 request: Approve → "1 of 2 approvals: @bob" → a second approver → one link by DM', async () => {
  app = await SlackApp.start({ policy: { secondApprovalThresholdCents: 50_000 } });
  const card = await openFundCard(app, ALICE, '500 GPU month');
  expect(visibleText(card)).toContain('It needs 2 different approvers (the requester never counts).');

  await app.click(BOB, card, 'Approve');
  await app.settle();
  const one = await app.fake.waitFor(
    () => {
      const m = app?.fake.message(CHANNEL, card.ts);
      return m && visibleText(m).includes('1 of 2 approvals') ? m : undefined;
    },
    3000,
    'card shows 1 of 2',
  );
  expect(visibleText(one)).toContain('1 of 2 approvals: <@U0BOB>');
  expect(visibleText(one)).toContain('Withdraw my approval');
  expect(app.dms(ALICE)).toHaveLength(0);
  expect(app.sim.state.sessions()).toHaveLength(0);

  // The same approver again: told the rule, nothing changes.
  const again = await app.click(BOB, one, 'Approve');
  await app.settle();
  expect(app.ephemeralsFor(BOB, again.responseUrlId)[0]?.text).toContain('You already approved');
  expect(app.sim.state.sessions()).toHaveLength(0);

  // Withdrawn, the card goes back to no approvals; approved again, 1 of 2 again.
  await app.click(BOB, one, 'Withdraw my approval');
  await app.settle();
  const none = await app.fake.waitFor(
    () => {
      const m = app?.fake.message(CHANNEL, card.ts);
      return m && !visibleText(m).includes('1 of 2 approvals') ? m : undefined;
    },
    3000,
    'card without the approval',
  );
  expect(visibleText(none)).not.toContain('Withdraw my approval');
  await app.click(BOB, none, 'Approve');
  await app.settle();
  const back = await app.fake.waitFor(
    () => {
      const m = app?.fake.message(CHANNEL, card.ts);
      return m && visibleText(m).includes('1 of 2 approvals') ? m : undefined;
    },
    3000,
    'card shows 1 of 2 again',
  );

  await app.click(CAROL, back, 'Approve');
  await app.settle();
  const [dm] = app.dms(ALICE);
  if (!dm) throw new Error('no DM with the link');
  expect(linkUrl(dm)).toContain('/checkout/cs_test_');
  expect(app.sim.state.sessions()).toHaveLength(1);
  await app.fake.waitFor(
    () => app?.fake.message(CHANNEL, card.ts)?.text.includes('Approved by <@U0BOB> and <@U0CAROL>'),
    3000,
    'card shows both approvers',
  );
  expect(app.shownOutsideDm(linkUrl(dm), ALICE)).toEqual([]);
});
