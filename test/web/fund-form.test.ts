/**
 * The fund form as a playground dialog, over HTTP with the whole bot behind it: `/ml-fund` with
 * no text sends the dialog to that person's page (who pays is an id field there); a bad amount
 * comes back as a 422 with the rule under its field and nothing is opened; a good submission
 * opens the request with the chosen member as the payer, and only the payer's DM gets the link.
 */
import { afterEach, expect, it } from 'vitest';
import type { WebForm, WebMessage } from '../../adapters/web/index.ts';
import { type Cleanups, startLivePlayground } from './live-playground.ts';
import { openStream } from './sse-client.ts';

const RILEY = 'web-riley';
const AVERY = 'web-avery'; // an approver
const MORGAN = 'web-morgan';

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

it('/ml-fund opens the fund dialog; a bad amount is refused per field; a good one opens a request Morgan pays', async () => {
  const { server, post, seen, playground } = await startLivePlayground(cleanups);
  const page = await openStream(`${server.url}/play/events?as=${RILEY}`);
  cleanups.push(() => page.close());
  await page.next((e) => e.event === 'snapshot');
  await post('/play/command', { as: RILEY, text: '/ml-fund' });
  const form = (await page.next((e) => e.event === 'form')).data as WebForm;
  expect(form.title).toBe('Fund ModelsLab');
  expect(form.fields.map((f) => [f.id, f.kind, f.optional])).toEqual([
    ['amount', 'number', false],
    ['note', 'text', true],
    ['payer', 'users', true],
  ]);
  expect(form.fields[0]?.hint).toMatch(/^From \$10\.00 to /);

  const submit = (values: Record<string, unknown>) =>
    fetch(`${server.url}/play/form`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ as: RILEY, formId: form.id, values }),
    });
  const bad = await submit({ amount: '0', note: '', payer: '' });
  expect(bad.status).toBe(422);
  expect(((await bad.json()) as { errors: Record<string, string> }).errors).toEqual({
    amount: 'Amounts must be positive.',
  });
  await playground.idle();
  const cards = (messages: WebMessage[]) =>
    messages.filter((m) => m.reply.buttons.some((b) => b.kind === 'action' && b.action === 'approve'));
  expect(cards(await seen(AVERY))).toHaveLength(0);

  const ok = await submit({ amount: '60', note: 'GPU hours', payer: MORGAN });
  expect(ok.status).toBe(202);
  await playground.idle();
  const [card] = cards(await seen(AVERY));
  if (!card) throw new Error('no request card');
  expect(JSON.stringify(card.reply)).toContain('{"m":"@Morgan"},{"t":" pays."}');
  const approve = card.reply.buttons.find((b) => b.kind === 'action' && b.action === 'approve');
  if (approve?.kind !== 'action') throw new Error('no Approve');
  await post('/play/action', { as: AVERY, messageId: card.id, action: 'approve', value: approve.value });
  const links = (messages: WebMessage[]) => messages.filter((m) => JSON.stringify(m.reply).includes('/checkout/'));
  expect(links(await seen(MORGAN)).length).toBeGreaterThan(0);
  expect(links(await seen(RILEY))).toHaveLength(0);
});
