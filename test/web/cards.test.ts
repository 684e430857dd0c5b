/** `/ml cards` in the playground (the real adapter and bot on the simulator): list, Make default → Confirm, members. */
import { afterEach, expect, it } from 'vitest';
import type { WebMessage } from '../../adapters/web/index.ts';
import { type Cleanups, startLivePlayground } from './live-playground.ts';

const AVERY = 'web-avery'; // an approver
const RILEY = 'web-riley'; // a member

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const textOf = (m: WebMessage | undefined) => (m?.reply.text ?? []).map((s) => ('t' in s ? s.t : s.m)).join('');
const labelsOf = (m: WebMessage | undefined) => (m?.reply.buttons ?? []).map((b) => b.label);

it('an approver makes mastercard ••4444 the default after confirming; the step becomes the list', async () => {
  const { live, post, seen } = await startLivePlayground(cleanups);
  await post('/play/command', { as: AVERY, text: '/ml cards' });
  const list = (await seen(AVERY)).findLast((m) => textOf(m).includes('••4242'));
  expect(list?.kind).toBe('ephemeral');
  // The seeded cards expire in 2027 and 2028: after that the lines also say "expired".
  expect(textOf(list)).toMatch(
    /^visa ••4242 · expires 12\/2028 · default(?: · expired)?\nmastercard ••4444 · expires 06\/2027(?: · expired)?$/,
  );
  expect(labelsOf(list)).toEqual([
    'Remove visa ••4242',
    'Make default mastercard ••4444',
    'Remove mastercard ••4444',
    'Add a card',
  ]);
  const click = (m: WebMessage, label: string) => {
    const b = m.reply.buttons.find((x) => x.label === label);
    if (b?.kind !== 'action') throw new Error(`no ${label}`);
    return post('/play/action', { as: AVERY, messageId: m.id, action: b.action, value: b.value });
  };
  await click(list as WebMessage, 'Make default mastercard ••4444');
  const step = (await seen(AVERY)).find((m) => m.id === list?.id);
  expect(textOf(step)).toBe('Make mastercard ••4444 the default card? Charges on file will use it.');
  expect(labelsOf(step)).toEqual(['Confirm', 'Never mind']);
  await click(step as WebMessage, 'Confirm');
  const after = (await seen(AVERY)).find((m) => m.id === list?.id);
  expect(textOf(after)).toMatch(
    /^Done: mastercard ••4444 is the default card now\.\nvisa ••4242 · expires 12\/2028(?: · expired)?\nmastercard ••4444 · expires 06\/2027 · default(?: · expired)?$/,
  );
  expect((await live.billing.listCards()).find((c) => c.isDefault)?.id).toBe('pm_1SeedMc4444');
  // Nobody else saw any of it.
  expect((await seen(RILEY)).filter((m) => textOf(m).includes('••4444'))).toEqual([]);
});

it('shows a member the list only; without a public address Add a card says so', async () => {
  const { post, seen } = await startLivePlayground(cleanups);
  await post('/play/command', { as: RILEY, text: '/ml cards' });
  const own = (await seen(RILEY)).findLast((m) => textOf(m).includes('••4242'));
  expect(own?.reply.buttons).toEqual([]);
  await post('/play/command', { as: AVERY, text: '/ml cards' });
  const list = (await seen(AVERY)).findLast((m) => textOf(m).includes('••4242'));
  const add = list?.reply.buttons.find((b) => b.label === 'Add a card');
  if (add?.kind !== 'action') throw new Error('no Add a card');
  await post('/play/action', { as: AVERY, messageId: list?.id, action: add.action, value: add.value });
  const answer = (await seen(AVERY)).findLast((m) => textOf(m).includes('PUBLIC_URL'));
  expect(textOf(answer)).toMatch(/^Adding a card needs the bot’s public address/);
  expect((await seen(AVERY)).filter((m) => m.kind === 'dm')).toEqual([]);
});
