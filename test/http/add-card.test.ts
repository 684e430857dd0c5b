/**
 * The add-card page as the sandbox app serves it (startStack: the app's own wiring, pino logs
 * captured): private headers and a nonce CSP, the form with Stripe.js, one save per link, a 410
 * for every unusable link alike, and no token or client secret in any log line.
 */
import { afterAll, expect, it } from 'vitest';
import { randomToken } from '../../src/core/shared/ids.ts';
import { startStack } from '../e2e/harness.ts';
import { cleanups, watch } from '../sandbox/app-helpers.ts';
import { APPROVER, addCardLink } from './add-card-support.ts';

afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const save = (url: string, body: unknown, contentType = 'application/json') =>
  fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body: JSON.stringify(body) });

function expectPrivate(res: Response): string {
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("frame-ancestors 'none'");
  return csp;
}

it('serves the form under a nonce CSP, saves the card once, then answers 410', async () => {
  const stack = await startStack({}, { logLevel: 'debug' });
  cleanups.push(() => stack.stop());
  const avery = await watch(stack, APPROVER);
  const link = await addCardLink(stack, avery);
  const token = link.split('/cards/add/')[1] ?? '';
  expect(link).toBe(`${stack.url}/cards/add/${token}`);

  const page = await fetch(link);
  expect(page.status).toBe(200);
  const csp = expectPrivate(page);
  const html = await page.text();
  const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1] ?? '';
  expect(nonce.length).toBeGreaterThan(16);
  // Scripts only under the nonce or from Stripe.js's origin (the sandbox stand-in: this server).
  expect(csp).toContain(`script-src 'nonce-${nonce}' 'self'`);
  expect(csp).toContain("connect-src 'self'");
  expect(csp).toContain("frame-src 'self'");
  const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1] ?? '');
  for (const attrs of scripts)
    expect(attrs.includes(`nonce="${nonce}"`) || attrs.includes('application/json')).toBe(true);
  expect(html).toContain('<script src="/sandbox/stripe/v3.js"');
  expect(html).toContain('<div id="card-element"></div>');
  expect(html).toMatch(/<input type="checkbox" name="makeDefault" checked>\s*Make it the default card/);
  expect(html).toContain('Save card');
  const secret = /"clientSecret":"([^"]+)"/.exec(html)?.[1] ?? '';
  expect(secret).toMatch(/^seti_\w+_secret_\w+$/);
  // A second load has a new nonce.
  const again = await fetch(link);
  expect(again.headers.get('content-security-policy')).not.toBe(csp);

  const saved = await save(link, {
    setupIntentId: secret.split('_secret_')[0],
    paymentMethodId: 'pm_1HttpVisa',
    makeDefault: true,
  });
  expect(saved.status).toBe(200);
  expectPrivate(saved);
  expect(await saved.json()).toEqual({ kind: 'saved', message: 'Card saved. You can close this page.' });

  const twice = await save(link, { setupIntentId: 'seti_1', paymentMethodId: 'pm_1Twice', makeDefault: true });
  expect(twice.status).toBe(410);
  const used = await fetch(link);
  expect(used.status).toBe(410);
  expectPrivate(used);
  expect(await used.text()).toContain('run /ml cards and click Add a card');

  const logs = stack.logText();
  expect(logs).toContain('add-card page opened');
  expect(logs).not.toContain(token);
  expect(logs).not.toContain(secret);
  expect(logs).not.toContain('_secret_');
}, 30_000);

it('answers any unusable link with the same 410, and refuses what is not the page’s JSON', async () => {
  const stack = await startStack();
  cleanups.push(() => stack.stop());
  const bodyOf = async (path: string) => {
    const res = await fetch(`${stack.url}${path}`);
    expect(res.status, path).toBe(410);
    expectPrivate(res);
    return (await res.text()).replace(/nonce="[^"]+"/g, '');
  };
  const unknown = await bodyOf(`/cards/add/${randomToken(32)}`);
  expect(await bodyOf('/cards/add/not-a-token')).toBe(unknown);
  expect(await bodyOf(`/cards/add/${randomToken(32)}/x`)).toBe(unknown);
  expect(unknown).toContain('This link has expired');

  const avery = await watch(stack, APPROVER);
  const link = await addCardLink(stack, avery);
  const notJson = await fetch(link, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'pm_1' });
  expect(notJson.status).toBe(400);
  const notPm = await save(link, { setupIntentId: 'seti_1', paymentMethodId: '4242424242424242', makeDefault: true });
  expect(notPm.status).toBe(400);
  const put = await fetch(link, { method: 'PUT' });
  expect(put.status).toBe(405);
  // None of these spent the link.
  expect((await fetch(link)).status).toBe(200);
}, 30_000);
