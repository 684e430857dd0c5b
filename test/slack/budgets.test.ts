/**
 * Monthly budgets through Slack (issue 17): real Bolt, the fake Slack, the engine, stores, the
 * watcher and the simulator. Alice's member budget is $60 a month and the approval threshold
 * $100: within budget she goes straight to the link; an unpaid link uses none of it; once $50 is
 * paid, $20 more needs an approver and the card says why; /ml-balance shows the spend line.
 */
import { afterEach, expect, it } from 'vitest';
import { ALICE, BOB, CHANNEL, linkUrl, SlackApp, visibleText } from './harness.ts';
import { privateAnswer, sessionOf } from './support.ts';

let app: SlackApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const policy = { approvalThresholdCents: 10_000, memberMonthlyBudgetCents: 6_000 };

it('within budget → link; unpaid spends nothing; paid $50 of $60 → $20 needs an approver, the card says why', async () => {
  app = await SlackApp.start({ policy });
  const a = app;

  // $50: under the threshold and within the budget: the link goes straight to Alice's DM.
  await a.command(ALICE, '/ml-fund', '50 eval run');
  await a.settle();
  const [first] = a.cards();
  if (!first) throw new Error('no card');
  expect(visibleText(first)).toContain('spent this month: $0.00 of $60.00');
  expect(visibleText(first)).not.toContain('Approve');
  const [dm] = a.dms(ALICE);
  if (!dm) throw new Error('no DM with the link');
  const url = linkUrl(dm);

  // Unpaid, that link uses none of the budget: another $20 also goes straight through.
  await a.command(ALICE, '/ml-fund', '20 unpaid so far');
  await a.settle();
  expect(a.cards()).toHaveLength(2);
  expect(a.dms(ALICE)).toHaveLength(2);
  const unpaid = await privateAnswer(a, ALICE, '/ml-balance', '');
  expect(visibleText(unpaid)).toContain('You: spent this month: $0.00 of $60.00');

  // Paid: the receipt counts.
  a.sim.controls.markPaid(sessionOf(url));
  await a.fake.waitFor(() => a.thread(first)[0], 3000, 'receipt in the thread');
  const paid = await privateAnswer(a, ALICE, '/ml-balance', '');
  expect(visibleText(paid)).toContain('You: spent this month: $50.00 of $60.00');

  // $20 more would make $70 of $60: it needs an approver although it is under $100.
  await a.command(ALICE, '/ml-fund', '20 one more');
  await a.settle();
  const third = a.cards().at(-1);
  if (!third || third.ts === first.ts) throw new Error('no third card');
  const shown = visibleText(third);
  expect(shown).toContain('Approve');
  expect(shown).toContain('monthly budget: spent $50.00 of $60.00');
  expect(a.dms(ALICE)).toHaveLength(2);
  expect(a.sim.state.sessions()).toHaveLength(2);

  // An approver lets it through: the third link.
  await a.click(BOB, third, 'Approve');
  await a.settle();
  const dm3 = await a.fake.waitFor(() => (a.dms(ALICE).length === 3 ? a.dms(ALICE)[2] : undefined), 3000, 'third DM');
  expect(linkUrl(dm3)).toContain('/checkout/cs_test_');
  expect(a.sim.state.sessions()).toHaveLength(3);
  expect(a.shownOutsideDm(linkUrl(dm3), ALICE)).toEqual([]);
  expect(a.fake.message(CHANNEL, third.ts)?.text).toContain('Approved by <@U0BOB>');
});
