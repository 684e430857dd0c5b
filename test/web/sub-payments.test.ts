/**
 * Failed subscription payments in the playground (issue 18, part 4): the monitor built by the
 * bot's own wiring posts the notice through the playground messenger; people click Fix payment
 * over HTTP as the page does, and each person's page shows what they may see.
 */
import { afterEach, expect, it } from 'vitest';
import type { WebMessage } from '../../adapters/web/index.ts';
import { createPaymentMonitor } from '../../src/channel-jobs.ts';
import { silentLogger, systemClock } from '../../src/core/shared/ports.ts';
import { type Cleanups, startLivePlayground } from './live-playground.ts';

const AVERY = 'web-avery'; // an approver
const MORGAN = 'web-morgan'; // a member

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const textOf = (m: WebMessage | undefined) => (m?.reply.text ?? []).map((s) => ('t' in s ? s.t : s.m)).join('');
const fixButton = (m: WebMessage) => m.reply.buttons.find((b) => b.kind === 'action' && b.action === 'fix_payment');

it('the notice for everyone; a member is refused; 3-D Secure goes to the approver only; then fixed', async () => {
  const { live, stores, playground, bot, post, seen } = await startLivePlayground(cleanups);
  const monitor = createPaymentMonitor(
    {
      billing: bot.billing,
      stores,
      messengers: new Map([['web', playground.messenger]]),
      clock: systemClock,
      logger: silentLogger,
    },
    { channel: { platform: 'web', channelId: 'ml-alerts' }, intervalMs: 60_000, sandbox: true },
  );
  if (!monitor) throw new Error('no playground messenger');
  const id = live.sim.controls.pastDue();
  expect(await monitor.checkOnce()).toMatchObject({ posted: 1 });
  await playground.idle();

  const notices = (messages: WebMessage[]) => messages.filter((m) => m.channelId === 'ml-alerts' && m.kind === 'bot');
  const [notice] = notices(await seen(MORGAN));
  if (!notice) throw new Error('no notice');
  expect(textOf(notice)).toMatch(new RegExp(`The payment for the .+ subscription \\(#${id}\\) failed; it is past due`));
  const click = (as: string) => {
    const button = fixButton(notice);
    if (button?.kind !== 'action') throw new Error('no Fix payment button');
    return post('/play/action', { as, messageId: notice.id, action: 'fix_payment', value: button.value });
  };

  await click(MORGAN);
  const morganSees = await seen(MORGAN);
  expect(morganSees.filter((m) => m.kind === 'ephemeral').map(textOf)).toContain(
    'Only approvers can fix a subscription payment.',
  );
  expect(live.sim.state.subscriptionStatus(id)).toBe('past_due');

  live.sim.controls.addCard('requires_action', { makeDefault: true });
  await click(AVERY);
  const averySees = await seen(AVERY);
  expect(
    averySees
      .filter((m) => m.kind === 'ephemeral')
      .map(textOf)
      .join(' '),
  ).toMatch(/Check your DMs/);
  const dm = averySees.filter((m) => m.kind === 'dm' && m.visibleTo === AVERY).at(-1);
  const link = dm?.reply.buttons.find((b) => b.kind === 'link');
  const url = link?.kind === 'link' ? link.url : '';
  expect(url).toMatch(new RegExp(`/checkout/fix/${id}$`));
  // Only Avery's DM holds it: nothing another person's page gets, nothing else on Avery's.
  expect(JSON.stringify(await seen(MORGAN))).not.toContain(url);
  expect(JSON.stringify(averySees.filter((m) => m.id !== dm?.id))).not.toContain(url);

  live.sim.controls.addCard('succeeds', { makeDefault: true });
  await click(AVERY);
  expect(live.sim.state.subscriptionStatus(id)).toBe('active');
  const [edited] = notices(await seen(MORGAN));
  expect(textOf(edited)).toContain('Fixed by @Avery');
  expect(edited?.reply.buttons).toEqual([]);
});
