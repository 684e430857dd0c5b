/**
 * The add-card link in workspaces mode, through the app as wired (src/wiring/routes.ts): Acme's
 * approver gets `/w/web:acme/cards/add/<token>`; it opens Acme's page and saves to Acme's account
 * only. The same token under Globex, an unknown tenant or a single-team path is the same 410.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import { type Stack, startStack } from '../e2e/harness.ts';
import { cleanups, messages, send as post, watch } from '../sandbox/app-helpers.ts';
import type { SseStream } from '../web/sse-client.ts';
import { addCardLink } from './add-card-support.ts';

const KEY = `k1:${randomBytes(32).toString('base64')}`;
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function until(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 30));
  }
}

async function connect(stack: Stack, workspace: string, token: string): Promise<SseStream> {
  const admin = await watch(stack, `${workspace}-avery`);
  await post(stack, '/play/command', { as: `${workspace}-avery`, text: '/ml connect' });
  const form = (await admin.next((e) => e.event === 'form')).data as { id: string };
  await post(stack, '/play/form', { as: `${workspace}-avery`, formId: form.id, values: { token } });
  await until(`${workspace} connected`, () => JSON.stringify(messages(admin)).includes('Connected. Balance'));
  return admin;
}

it('an add-card link reaches its own workspace’s engine and account, and no other', async () => {
  const stack = await startStack({ MLBOT_TENANCY: 'workspaces', SECRETS_KEY: KEY });
  cleanups.push(() => stack.stop());
  const acme = await connect(stack, 'acme', 'sandbox-acme');
  await connect(stack, 'globex', 'sandbox-globex');
  const link = await addCardLink(stack, acme, 'acme-avery');
  const token = link.split('/cards/add/')[1] ?? '';
  expect(link).toBe(`${stack.url}/w/${encodeURIComponent('web:acme')}/cards/add/${token}`);

  for (const path of [
    `/w/${encodeURIComponent('web:globex')}/cards/add/${token}`,
    `/w/${encodeURIComponent('web:nobody')}/cards/add/${token}`,
    `/w/%E0%A4%A/cards/add/${token}`,
    `/cards/add/${token}`,
  ]) {
    const res = await fetch(`${stack.url}${path}`);
    expect(res.status, path).toBe(410);
    expect(res.headers.get('cache-control')).toBe('no-store');
  }
  const page = await fetch(link);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('For the ModelsLab account of the playground workspace acme.');
  const secret = /"clientSecret":"([^"]+)"/.exec(html)?.[1] ?? '';
  const saved = await fetch(link, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      setupIntentId: secret.split('_secret_')[0],
      paymentMethodId: 'pm_1AcmeCard',
      makeDefault: true,
    }),
  });
  expect(saved.status).toBe(200);
  const attached = (stack.app.simulator?.state.calls() ?? []).filter(
    (c) => c.method === 'POST' && c.path === '/billing/payment-methods',
  );
  expect(attached.map((c) => c.account)).toEqual(['acme']);
  // The pay-link half of /w still answers as before.
  expect((await fetch(`${stack.url}/w/${encodeURIComponent('web:acme')}/pay/${token}`)).status).toBe(404);
}, 30_000);
