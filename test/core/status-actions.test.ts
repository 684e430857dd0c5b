/**
 * `/ml status` lists open (and recently failed) requests with the buttons the viewer may use, so
 * a request whose card is gone can still be approved, denied, cancelled or tried again.
 */
import { describe, expect, it } from 'vitest';
import { ageInWords } from '../../src/core/fund/request-list.ts';
import { BillingHttpError } from '../../src/core/shared/errors.ts';
import type { Reply } from '../../src/core/shared/reply.ts';
import { en } from '../support/texts.ts';
import { alice, bob, carol, harness, mallory } from './harness.ts';

const requestButtons = (reply: Reply | undefined) =>
  (reply?.buttons ?? []).filter((b) => b.kind === 'action' && b.action !== 'sub_manage').map((b) => b.label);

describe('/ml status with request actions', () => {
  it('names each request: id, amount, state, requester, note and age in words', async () => {
    const h = harness();
    await h.command(alice, 'fund', '50 eval run');
    await h.clock.advance(5 * 60_000);
    await h.command(carol, 'fund', '1,000');
    await h.clock.advance(3 * 3600_000);
    const [status] = await h.command(mallory, 'ml', 'status');
    const [first, second] = (status?.text ?? '').split('\n');
    expect(first).toBe(`req1 · fund $50.00 · Awaiting approval · ⟦user:${alice.id}⟧ · "eval run" · 3 hours ago`);
    expect(second).toBe(`req2 · fund $1,000.00 · Awaiting approval · ⟦user:${carol.id}⟧ · 3 hours ago`);
    // Someone who may do nothing sees the list without buttons.
    expect(requestButtons(status)).toEqual([]);
  });

  it('approvers get Approve / Deny (not on their own request), the requester Cancel', async () => {
    const h = harness();
    await h.command(alice, 'fund', '50');
    await h.command(bob, 'fund', '60');
    const [forBob] = await h.command(bob, 'ml', 'status');
    expect(requestButtons(forBob)).toEqual(['Approve req1', 'Deny req1', 'Cancel req2']);
    const [forAlice] = await h.command(alice, 'ml', 'status');
    expect(requestButtons(forAlice)).toEqual(['Cancel req1']);
    const [forCarol] = await h.command(carol, 'ml', 'status');
    expect(requestButtons(forCarol)).toEqual(['Approve req1', 'Deny req1', 'Approve req2', 'Deny req2']);
  });

  it('the buttons in the list act on the request, exactly as on its card', async () => {
    const h = harness();
    await h.command(alice, 'fund', '50');
    await h.command(alice, 'fund', '70');
    const [status] = await h.command(carol, 'ml', 'status');
    const approve = status?.buttons?.find((b) => b.label === 'Approve req1');
    const deny = status?.buttons?.find((b) => b.label === 'Deny req2');
    if (approve?.kind !== 'action' || deny?.kind !== 'action') throw new Error('buttons missing');
    await h.click(carol, approve.action, approve.value);
    await h.click(carol, deny.action, deny.value);
    expect((await h.request('req1')).state).toBe('awaiting_payment');
    expect((await h.request('req2')).state).toBe('denied');
  });

  it('lists a failed request with Try again for its requester and approvers only', async () => {
    const h = harness();
    await h.command(alice, 'fund', '50');
    h.billing.createPaymentLink = async () => {
      throw new BillingHttpError({ status: 422, apiCode: 'nope', message: 'no', endpoint: '/billing/payment-link' });
    };
    await h.click(bob, 'approve', 'req1');
    const [forAlice] = await h.command(alice, 'ml', 'status');
    expect(forAlice?.title).toBe('Open requests (0)');
    expect(forAlice?.fields?.find((f) => f.label === 'Failed in the last 7 days')?.value).toContain(
      'req1 · fund $50.00 · Failed',
    );
    expect(requestButtons(forAlice)).toEqual(['Try again req1']);
    const [forCarol] = await h.command(carol, 'ml', 'status');
    expect(requestButtons(forCarol)).toEqual(['Try again req1']);
    const [forMallory] = await h.command(mallory, 'ml', 'status');
    expect(requestButtons(forMallory)).toEqual([]);
  });

  it('keeps within 25 buttons (Discord) however many requests are open', async () => {
    const h = harness({ newRequestLimit: { count: 100, windowMs: 60_000 } });
    for (let i = 0; i < 30; i++) await h.command(alice, 'fund', '20');
    const [status] = await h.command(bob, 'ml', 'status');
    expect(status?.buttons?.length).toBeLessThanOrEqual(25);
    expect(status?.text).toContain('…and 10 more.');
  });
});

describe('ages in words', () => {
  it.each([
    [10_000, 'just now'],
    [60_000, '1 minute ago'],
    [59 * 60_000, '59 minutes ago'],
    [3600_000, '1 hour ago'],
    [47 * 3600_000, '47 hours ago'],
    [50 * 3600_000, '2 days ago'],
  ])('%i ms reads "%s"', (ms, words) => {
    expect(ageInWords(en, ms)).toBe(words);
  });
});
