/**
 * The engine's forms through the app's own wiring (src/app.ts: router → hub → the tenant's
 * engine) in workspaces mode, over the playground: `/ml-fund` with no text gets the fund dialog,
 * a bad amount is refused per field by the tenant's engine before anything is sent, and a good
 * one opens that workspace's request.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import type { WebMessage } from '../../adapters/web/index.ts';
import { startStack } from '../e2e/harness.ts';
import { openStream, type SseStream } from '../web/sse-client.ts';

const KEY = `k1:${randomBytes(32).toString('base64')}`;
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const text = (s: SseStream) =>
  JSON.stringify(
    s.events.flatMap((e) =>
      e.event === 'snapshot' ? (e.data as WebMessage[]) : e.event === 'message' ? [e.data as WebMessage] : [],
    ),
  );

async function until(what: string, ok: () => boolean, ms = 15_000) {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 40));
  }
}

it('workspaces mode: the tenant’s engine shows the fund dialog and checks it inline', async () => {
  const stack = await startStack({ MLBOT_TENANCY: 'workspaces', SECRETS_KEY: KEY });
  cleanups.push(() => stack.stop());
  const post = (path: string, body: unknown) =>
    fetch(`${stack.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const page = async (as: string) => {
    const stream = await openStream(`${stack.url}/play/events?as=${as}`);
    cleanups.push(() => stream.close());
    await stream.next((e) => e.event === 'snapshot');
    return stream;
  };
  const avery = await page('acme-avery');
  await post('/play/command', { as: 'acme-avery', text: '/ml connect' });
  const connect = (await avery.next((e) => e.event === 'form')).data as { id: string };
  await post('/play/form', { as: 'acme-avery', formId: connect.id, values: { token: 'sandbox-acme' } });
  await until('acme connected', () => text(avery).includes('Connected. Balance'));

  const riley = await page('acme-riley');
  await post('/play/command', { as: 'acme-riley', text: '/ml-fund' });
  const form = (await riley.next((e) => e.event === 'form')).data as { id: string; title: string };
  expect(form.title).toBe('Fund ModelsLab');
  const bad = await post('/play/form', { as: 'acme-riley', formId: form.id, values: { amount: '1e3' } });
  expect(bad.status).toBe(422);
  expect(((await bad.json()) as { errors: Record<string, string> }).errors.amount).toMatch(/is not an amount/);
  const ok = await post('/play/form', {
    as: 'acme-riley',
    formId: form.id,
    values: { amount: '25', note: 'acme form' },
  });
  expect(ok.status).toBe(202);
  await until('the acme card', () => text(avery).includes('acme form'));
});
