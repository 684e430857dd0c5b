/**
 * The tracked pay link, in the sandbox app as wired for real (the sandbox's PUBLIC_URL is the
 * bot's own address): the DM's Pay button is `/pay/<token>`, which redirects to the checkout
 * with no-referrer / no-store, records the open and, once paid, shows the receipt's figures. An
 * unknown token is a plain 404. No log line holds the checkout URL or the token.
 */
import { afterAll, expect, it } from 'vitest';
import { randomToken } from '../../src/core/shared/ids.ts';
import { startStack } from '../e2e/harness.ts';
import { cleanups, fundAndApprove, isReceipt, messages, waitUntil, watch } from './app-helpers.ts';
import { submitCheckoutForm } from './helpers.ts';

afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

it('the Pay button is a tracked link: 303 to checkout, private headers, every open recorded, then the paid page', async () => {
  const stack = await startStack({}, { logLevel: 'debug' });
  cleanups.push(() => stack.stop());
  const avery = await watch(stack, 'web-avery');
  const riley = await watch(stack, 'web-riley');
  const { payLink, paymentUrl, sessionId } = await fundAndApprove(stack, avery, riley, 25);

  const token = payLink.split('/pay/')[1] ?? '';
  expect(payLink).toBe(`${stack.url}/pay/${token}`);
  // 32 characters of a 31-letter alphabet: about 158 bits, never guessed.
  expect(token).toMatch(/^[2-9a-z]{32}$/);

  const hop = await fetch(payLink, { redirect: 'manual' });
  expect(hop.status).toBe(303);
  expect(hop.headers.get('location')).toBe(paymentUrl);
  expect(hop.headers.get('referrer-policy')).toBe('no-referrer');
  expect(hop.headers.get('cache-control')).toBe('no-store');

  // Two opens (the helper's and this one), persisted on the attempt.
  const [request] = (await stack.app.stores.requests.listOpen()).filter((r) =>
    r.attempts.some((a) => a.sessionId === sessionId),
  );
  const attempt = request?.attempts.find((a) => a.sessionId === sessionId);
  expect(attempt?.linkOpens).toHaveLength(2);
  expect(attempt?.payToken).toBe(token);
  // The store's index holds the token's hash, never the token.
  expect(await stack.app.stores.kv.get(`paylink:${token}`)).toBeUndefined();

  await submitCheckoutForm(paymentUrl, 'pay');
  await waitUntil('the receipt', () => messages(avery).some(isReceipt));
  const paid = await fetch(payLink, { redirect: 'manual' });
  expect(paid.status).toBe(200);
  expect(paid.headers.get('referrer-policy')).toBe('no-referrer');
  expect(paid.headers.get('cache-control')).toBe('no-store');
  const html = await paid.text();
  expect(html).toContain('data-page="paid"');
  expect(html).toContain('$25.00');
  expect(html).not.toContain(paymentUrl);

  const logs = stack.logText();
  expect(logs).toContain('pay link opened');
  expect(logs).not.toContain(paymentUrl);
  expect(logs).not.toContain(token);
}, 30_000);

it('an unknown token is a plain 404 that says nothing, whatever its shape', async () => {
  const stack = await startStack();
  cleanups.push(() => stack.stop());
  // A HEAD (link checkers) is not an open.
  const head = await fetch(`${stack.url}/pay/${randomToken(32)}`, { method: 'HEAD' });
  expect(head.status).toBe(405);
  for (const token of [randomToken(32), 'not-a-token', `${randomToken(32)}/x`]) {
    const res = await fetch(`${stack.url}/pay/${token}`, { redirect: 'manual' });
    expect(res.status, token).toBe(404);
    expect(await res.text()).toBe('not found');
  }
});
