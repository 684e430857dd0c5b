/**
 * Failed subscription payments in the sandbox app as wired (startApp: config, the tenant hub,
 * TenantAlerts, the playground): ALERT_CHANNEL alone, with no LOW_BALANCE_USD, turns the check
 * on; the notice appears in the playground channel and Fix payment fixes it. Without an alert
 * channel nothing is checked and the log says why, once.
 */
import { afterEach, expect, it } from 'vitest';
import type { WebMessage } from '../../adapters/web/index.ts';
import { SINGLE_TENANT } from '../../src/core/shared/tenant.ts';
import { startStack } from '../e2e/harness.ts';
import { cleanups, messages, send, titleOf, waitUntil, watch } from '../sandbox/app-helpers.ts';

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const ADMIN = { platform: 'web' as const, id: 'web-avery' };
const statusCalls = (calls: ReadonlyArray<{ path: string }>) =>
  calls.filter((c) => /^\/subscriptions\/\d+\/status$/.test(c.path)).length;
const isNotice = (m: WebMessage) => titleOf(m).startsWith('Subscription payment');

it('ALERT_CHANNEL alone: the notice in that channel, and Fix payment fixes the subscription', async () => {
  // 120 billing calls a minute: the budget's bucket refills a token every half second.
  const stack = await startStack({ ALERT_CHANNEL: 'web:ml-billing', MODELSLAB_BILLING_PER_MIN: '120' });
  cleanups.push(() => stack.stop());
  const sim = stack.app.simulator;
  if (!sim) throw new Error('the sandbox app has a simulator');
  // The first round runs when the bot starts: every subscription is healthy then.
  await waitUntil('the first round', () => statusCalls(sim.state.calls()) > 0);
  const avery = await watch(stack, 'web-avery');
  expect(messages(avery).filter(isNotice)).toEqual([]);

  const id = sim.controls.pastDue();
  // Status checks take spare tokens only (a full bucket): give the first round's token time to
  // come back, or the next round would rightly leave the subscription for 15 minutes later.
  await new Promise((r) => setTimeout(r, 1_500));
  // A settings change that moves the alert channel restarts the monitor, which checks at once.
  const settings = await stack.app.directory.settings(SINGLE_TENANT);
  await stack.app.directory.saveSettings(SINGLE_TENANT, { ...settings, alertChannelId: 'ml-ops' }, ADMIN);
  await waitUntil('the notice', () => messages(avery).some(isNotice));
  const notice = messages(avery).find(isNotice);
  if (!notice) throw new Error('no notice');
  expect(notice.channelId).toBe('ml-ops');
  const button = notice.reply.buttons.find((b) => b.kind === 'action' && b.action === 'fix_payment');
  if (button?.kind !== 'action') throw new Error('no Fix payment button');
  expect(button.value).toBe(String(id));

  const res = await send(stack, '/play/action', {
    as: 'web-avery',
    messageId: notice.id,
    action: 'fix_payment',
    value: button.value,
  });
  expect(res.status).toBe(202);
  await waitUntil('the notice edited', () =>
    messages(avery).some((m) => m.id === notice.id && m.reply.buttons.length === 0),
  );
  expect(sim.state.subscriptionStatus(id)).toBe('active');
  // One notice (its edit is the same message), now saying who fixed it.
  expect(
    new Set(
      messages(avery)
        .filter(isNotice)
        .map((m) => m.id),
    ),
  ).toEqual(new Set([notice.id]));
  const edited = messages(avery).findLast((m) => m.id === notice.id);
  expect(titleOf(edited as WebMessage)).toMatch(/^Subscription payment recovered/);
}, 30_000);

it('no alert channel: no subscription is checked, and the log says why once', async () => {
  const stack = await startStack({}, { logLevel: 'info' });
  cleanups.push(() => stack.stop());
  const sim = stack.app.simulator;
  if (!sim) throw new Error('the sandbox app has a simulator');
  await stack.app.tenants.engineFor(SINGLE_TENANT);
  expect(statusCalls(sim.state.calls())).toBe(0);
  const said = stack
    .logText()
    .split('\n')
    .filter((l) => l.includes('failed subscription payments are not watched'));
  expect(said).toHaveLength(1);
}, 30_000);
