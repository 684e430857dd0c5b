/** `/ml status` management buttons: Pause → Confirm by an approver, refusals for anyone else. */
import { afterEach, expect, it } from 'vitest';
import { buttonsIn } from '../../fakes/slack/driver.ts';
import { ALICE, CAROL, CHANNEL, type ClickTarget, MALLORY, SlackApp } from './harness.ts';
import { privateAnswer } from './support.ts';

let app: SlackApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function subscriptionStatus(a: SlackApp): Promise<string> {
  const overview = await a.simGet('/billing/overview');
  const [sub] = overview.subscriptions as Array<{ status: string }>;
  return sub?.status ?? 'none';
}

const statusFor = (a: SlackApp, user: string): Promise<ClickTarget> => privateAnswer(a, user, '/ml', 'status');

it('Pause → Confirm by an approver pauses the subscription and tells the channel', async () => {
  app = await SlackApp.start();
  expect(await subscriptionStatus(app)).toBe('active');
  const status = await statusFor(app, CAROL);
  expect(status.text).toMatch(/#501 Standard \(monthly\) · \$49\.00\/month · active/);

  const pause = await app.click(CAROL, status, /^Pause /);
  await app.settle();
  const [confirm] = app.ephemeralsFor(CAROL, pause.responseUrlId);
  if (!confirm) throw new Error('no confirm step');
  expect(confirm.text).toMatch(/Pause #501 Standard \(monthly\), \$49\.00\/month, period from [^?]+\?/);
  expect(await subscriptionStatus(app)).toBe('active');

  const done = await app.click(CAROL, confirm, 'Confirm');
  await app.settle();
  expect(await subscriptionStatus(app)).toBe('paused');
  const [outcome] = app.cards();
  expect(outcome?.channel).toBe(CHANNEL);
  expect(outcome?.text).toMatch(/<@U0CAROL> paused #501 Standard \(monthly\)/);
  // "Done" takes the place of the confirm step, so Confirm cannot be clicked again from it.
  const [replaced] = app.fake.responses(done.responseUrlId);
  expect(replaced?.body.replace_original).toBe(true);
  expect(replaced?.ts).toBe(confirm.ts);
  expect(String(replaced?.body.text)).toMatch(/^Done: pause #501 Standard \(monthly\)/);
  expect(buttonsIn((replaced?.body.blocks as unknown[]) ?? [])).toHaveLength(0);

  // A second Confirm (a stale client) finds it paused already and changes nothing.
  const again = await app.click(CAROL, confirm, 'Confirm');
  await app.settle();
  expect(app.ephemeralsFor(CAROL, again.responseUrlId)[0]?.text).toMatch(/paused/i);
  expect(app.cards()).toHaveLength(1);
});

it('shows a non-approver no management buttons, and refuses their Pause and Confirm clicks', async () => {
  app = await SlackApp.start();
  const own = await statusFor(app, ALICE);
  expect(buttonsIn(own.blocks)).toHaveLength(0);

  // Clicks forged from an approver's messages (same blocks, another user) are refused in core.
  const approverStatus = await statusFor(app, CAROL);
  const pause = await app.click(MALLORY, approverStatus, /^Pause /);
  await app.settle();
  expect(app.ephemeralsFor(MALLORY, pause.responseUrlId)[0]?.text).toMatch(/approvers/i);

  const carolPause = await app.click(CAROL, approverStatus, /^Pause /);
  await app.settle();
  const [confirm] = app.ephemeralsFor(CAROL, carolPause.responseUrlId);
  if (!confirm) throw new Error('no confirm step');
  const forged = await app.click(MALLORY, confirm, 'Confirm');
  await app.settle();
  expect(app.ephemeralsFor(MALLORY, forged.responseUrlId)[0]?.text).toMatch(/approvers/i);
  expect(app.fake.responses(forged.responseUrlId)[0]?.body.replace_original).toBe(false);

  expect(await subscriptionStatus(app)).toBe('active');
  expect(app.cards()).toHaveLength(0);
});

it('Never mind removes the private confirm step and changes nothing', async () => {
  app = await SlackApp.start();
  const status = await statusFor(app, CAROL);
  const pause = await app.click(CAROL, status, /^Pause /);
  await app.settle();
  const [confirm] = app.ephemeralsFor(CAROL, pause.responseUrlId);
  if (!confirm) throw new Error('no confirm step');

  const never = await app.click(CAROL, confirm, 'Never mind');
  await app.settle();
  expect(app.fake.responses(never.responseUrlId).map((r) => r.body)).toEqual([{ delete_original: true }]);
  expect(app.ephemeralsFor(CAROL).map((m) => m.ts)).not.toContain(confirm.ts);
  expect(await subscriptionStatus(app)).toBe('active');
  expect(app.cards()).toHaveLength(0);
});
