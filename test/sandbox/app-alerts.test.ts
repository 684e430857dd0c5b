/**
 * Low-balance alerts in the app as wired (createBot builds the monitor for the app as for the
 * harnesses): LOW_BALANCE_USD above the sandbox's seeded balance posts one alert in the channel
 * ALERT_CHANNEL names once the bot starts; a channel on a platform that is not running is
 * refused with a warning naming it, and the bot runs on.
 */
import { afterEach, expect, it } from 'vitest';
import { startStack } from '../e2e/harness.ts';
import { cleanups, messages, titleOf, waitUntil, watch } from './app-helpers.ts';

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

it('posts the low-balance alert in the playground channel ALERT_CHANNEL names', async () => {
  const stack = await startStack({ LOW_BALANCE_USD: '100', ALERT_CHANNEL: 'web:ml-billing' });
  cleanups.push(() => stack.stop());
  const avery = await watch(stack, 'web-avery');
  await waitUntil('the low-balance alert', () => messages(avery).some((m) => titleOf(m).startsWith('Low balance')));
  expect(messages(avery).filter((m) => titleOf(m).startsWith('Low balance'))).toHaveLength(1);
}, 30_000);

it('warns once, naming the channel, when ALERT_CHANNEL is on a platform that is not running', async () => {
  const stack = await startStack({ LOW_BALANCE_USD: '100', ALERT_CHANNEL: 'discord:123456789012345678' });
  cleanups.push(() => stack.stop());
  expect(stack.app.url).toMatch(/^http:/);
  expect(stack.problems.filter((p) => /low-balance alerts are off/.test(p.msg))).toEqual([
    expect.objectContaining({ level: 'warn', msg: expect.stringContaining('ALERT_CHANNEL names discord') }),
  ]);
}, 30_000);
