/** `/ml cards` through real Bolt against the fake Slack: the list, Make default → Confirm, who sees buttons. */
import { afterEach, expect, it } from 'vitest';
import { buttonsIn } from '../../fakes/slack/driver.ts';
import { ALICE, CAROL, MALLORY, SlackApp, visibleText } from './harness.ts';
import { privateAnswer } from './support.ts';

let app: SlackApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const defaultCard = async (a: SlackApp) =>
  ((await a.billing.listCards()).find((c) => c.isDefault)?.id ?? 'none') as string;

it('an approver makes another card the default after confirming; the list says so', async () => {
  app = await SlackApp.start();
  const list = await privateAnswer(app, CAROL, '/ml', 'cards');
  expect(visibleText(list)).toContain('visa ••4242 · expires 12/2028 · default');
  expect(visibleText(list)).toContain('mastercard ••4444 · expires 06/2027');
  expect(buttonsIn(list.blocks).map((b) => b.label)).toEqual([
    'Remove visa ••4242',
    'Make default mastercard ••4444',
    'Remove mastercard ••4444',
    'Add a card',
  ]);

  const manage = await app.click(CAROL, list, 'Make default mastercard ••4444');
  await app.settle();
  const [confirm] = app.ephemeralsFor(CAROL, manage.responseUrlId);
  if (!confirm) throw new Error('no confirm step');
  expect(visibleText(confirm)).toContain('Make mastercard ••4444 the default card? Charges on file will use it.');
  expect(app.fake.responses(manage.responseUrlId)[0]?.body.replace_original).toBe(true);
  expect(await defaultCard(app)).toBe('pm_1SeedVisa4242');

  const done = await app.click(CAROL, confirm, 'Confirm');
  await app.settle();
  expect(await defaultCard(app)).toBe('pm_1SeedMc4444');
  const [replaced] = app.fake.responses(done.responseUrlId);
  expect(replaced?.body.replace_original).toBe(true);
  expect(String(replaced?.body.text)).toContain('Done: mastercard ••4444 is the default card now.');
  // A stale second Confirm does nothing more.
  const again = await app.click(CAROL, confirm, 'Confirm');
  await app.settle();
  expect(app.ephemeralsFor(CAROL, again.responseUrlId)[0]?.text).toMatch(/already confirmed/);
  expect((await app.stores.audit.list(0)).filter((e) => e.purpose === 'card')).toHaveLength(1);
});

it('shows members the list only, and refuses their clicks on an approver’s buttons', async () => {
  app = await SlackApp.start();
  const own = await privateAnswer(app, ALICE, '/ml', 'cards');
  expect(buttonsIn(own.blocks)).toHaveLength(0);
  expect(visibleText(own)).toContain('Approvers can make a card the default, remove one or add one.');

  const approverList = await privateAnswer(app, CAROL, '/ml', 'cards');
  const forged = await app.click(MALLORY, approverList, 'Remove visa ••4242');
  await app.settle();
  expect(app.ephemeralsFor(MALLORY, forged.responseUrlId)[0]?.text).toMatch(
    /^Only approvers can change the saved cards\./,
  );
  const manage = await app.click(CAROL, approverList, 'Remove visa ••4242');
  await app.settle();
  const [confirm] = app.ephemeralsFor(CAROL, manage.responseUrlId);
  if (!confirm) throw new Error('no confirm step');
  const forgedConfirm = await app.click(MALLORY, confirm, 'Confirm');
  await app.settle();
  expect(app.ephemeralsFor(MALLORY, forgedConfirm.responseUrlId)[0]?.text).toMatch(
    /^Only approvers can change the saved cards\./,
  );
  expect(await app.billing.listCards()).toHaveLength(2);
  const add = await app.click(MALLORY, approverList, 'Add a card');
  await app.settle();
  expect(app.ephemeralsFor(MALLORY, add.responseUrlId)[0]?.text).toMatch(/^Only approvers can add a card\./);
  expect(app.dms(MALLORY)).toHaveLength(0);
});
