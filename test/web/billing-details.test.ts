/**
 * Billing details in the playground, over HTTP with the whole bot behind it: `/ml billing` shows
 * an approver the details with Edit buttons; Edit address sends the dialog to that person's page,
 * prefilled; a postal code of the wrong shape comes back as a 422 with the rule under its field
 * and nothing is sent to ModelsLab; the corrected one updates ModelsLab. A non-approver is refused.
 */
import { afterEach, expect, it } from 'vitest';
import type { WebForm, WebMessage } from '../../adapters/web/index.ts';
import { type Cleanups, startLivePlayground } from './live-playground.ts';
import { openStream } from './sse-client.ts';

const RILEY = 'web-riley';
const AVERY = 'web-avery'; // an approver

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const withEdit = (messages: WebMessage[]) =>
  messages.filter((m) => m.reply.buttons.some((b) => b.kind === 'action' && b.action === 'billing_edit'));

it('/ml billing → Edit address: the dialog prefilled; a bad US ZIP is refused per field; the fix updates ModelsLab', async () => {
  const { server, post, seen, playground, live } = await startLivePlayground(cleanups);
  const page = await openStream(`${server.url}/play/events?as=${AVERY}`);
  cleanups.push(() => page.close());
  await page.next((e) => e.event === 'snapshot');
  await post('/play/command', { as: AVERY, text: '/ml billing' });
  const [shown] = withEdit(await seen(AVERY));
  if (!shown) throw new Error('no billing details');
  expect(JSON.stringify(shown.reply)).toContain('billing@example.com');

  await post('/play/action', { as: AVERY, messageId: shown.id, action: 'billing_edit', value: 'address' });
  const form = (await page.next((e) => e.event === 'form')).data as WebForm;
  expect(form.title).toBe('Billing address');
  expect(form.fields.map((f) => [f.id, f.optional])).toEqual([
    ['line1', false],
    ['city', false],
    ['state', true],
    ['postal_code', false],
    ['country', false],
  ]);
  expect(JSON.stringify(form.fields)).toContain('1 Test Street');

  const submit = (values: Record<string, unknown>) =>
    fetch(`${server.url}/play/form`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ as: AVERY, formId: form.id, values }),
    });
  const address = { line1: '350 Fifth Avenue, Floor 21', city: 'New York', state: 'NY', country: 'US' };
  const bad = await submit({ ...address, postal_code: '1011' });
  expect(bad.status).toBe(422);
  expect(((await bad.json()) as { errors: Record<string, string> }).errors).toEqual({
    postal_code: 'A US ZIP code is 5 digits, or 5 digits, a dash and 4 digits (12345-6789).',
  });
  await playground.idle();
  const puts = () => live.sim.state.calls().filter((c) => c.method === 'PUT' && c.path === '/billing/info');
  expect(puts()).toEqual([]);

  const ok = await submit({ ...address, postal_code: '10118' });
  expect(ok.status).toBe(202);
  await playground.idle();
  expect(puts()).toHaveLength(1);
  expect((await live.billing.getBillingDetails()).address).toEqual({
    line1: '350 Fifth Avenue',
    line2: 'Floor 21',
    city: 'New York',
    state: 'NY',
    postalCode: '10118',
    country: 'US',
  });
  const answers = (await seen(AVERY)).map((m) => JSON.stringify(m.reply));
  expect(answers.some((a) => a.includes('Billing details updated') && a.includes('Floor 21'))).toBe(true);
});

it('a non-approver is refused /ml billing with the rule, and sees no details', async () => {
  const { post, seen } = await startLivePlayground(cleanups);
  await post('/play/command', { as: RILEY, text: '/ml billing' });
  const seenByRiley = await seen(RILEY);
  expect(withEdit(seenByRiley)).toHaveLength(0);
  expect(JSON.stringify(seenByRiley)).toContain('Only approvers can see and change the billing details');
  expect(JSON.stringify(seenByRiley)).not.toContain('billing@example.com');
});
