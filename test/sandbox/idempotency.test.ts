import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startSim } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('Idempotency-Key', () => {
  it('replays the first payment-link with meta.idempotency_replay and creates no second session', async () => {
    h = await startSim();
    const first = await h.call('POST', '/billing/payment-link', { purpose: 'fund', amount: 40 }, { key: 'link-1' });
    const second = await h.call('POST', '/billing/payment-link', { purpose: 'fund', amount: 40 }, { key: 'link-1' });
    expect(first.body.meta.idempotency_replay).toBeUndefined();
    expect(second.status).toBe(first.status);
    expect(second.body.data).toEqual(first.body.data);
    expect(second.body.meta).toEqual({ request_id: first.body.meta.request_id, idempotency_replay: true });
    expect(h.sim.state.sessions()).toHaveLength(1);

    const other = await h.call('POST', '/billing/payment-link', { purpose: 'fund', amount: 40 }, { key: 'link-2' });
    expect(other.body.data.session_id).not.toBe(first.body.data.session_id);
    expect(h.sim.state.sessions()).toHaveLength(2);
  });

  it('a replayed fund with a card charges once', async () => {
    h = await startSim();
    const body = { amount: 25, payment_method_id: 'pm_1SeedVisa4242' };
    const a = await h.call('POST', '/wallet/fund', body, { key: 'fund-25' });
    const b = await h.call('POST', '/wallet/fund', body, { key: 'fund-25' });
    expect(a.body.data).toMatchObject({ balance: 67.5, amount: 25, status: 'succeeded' });
    expect(b.body.data).toEqual(a.body.data);
    expect(b.body.meta.idempotency_replay).toBe(true);
    expect(h.sim.state.balance()).toBe(67.5);
  });

  it('is keyed per token + method + path', async () => {
    h = await startSim({ tokens: ['t1', 't2'] });
    const body = { purpose: 'fund', amount: 10 };
    await h.call('POST', '/billing/payment-link', body, { key: 'k', token: 't1' });
    const otherToken = await h.call('POST', '/billing/payment-link', body, { key: 'k', token: 't2' });
    expect(otherToken.body.meta.idempotency_replay).toBeUndefined();
    const otherPath = await h.call('POST', '/wallet/fund', { amount: 10 }, { key: 'k', token: 't1' });
    expect(otherPath.body.meta.idempotency_replay).toBeUndefined();
    expect(h.sim.state.sessions()).toHaveLength(3);
  });

  it('does not keep errors: a confirm polled with one key gets 409, then the real answer once paid', async () => {
    h = await startSim();
    const link = await h.call('POST', '/billing/payment-link', { purpose: 'fund', amount: 10 });
    const id = link.body.data.session_id as string;
    const poll = () => h.call('POST', '/wallet/confirm-checkout', { session_id: id }, { key: `confirm-${id}` });
    expect((await poll()).status).toBe(409);
    h.sim.controls.markPaid(id);
    const paid = await poll();
    expect(paid.status).toBe(200);
    expect(paid.body.data.already_confirmed).toBe(false);
    const replay = await poll();
    expect(replay.body.meta.idempotency_replay).toBe(true);
    expect(replay.body.data).toEqual(paid.body.data);
    expect(h.sim.state.creditsFor(id)).toBe(1);
    expect(h.sim.state.balance()).toBe(52.5);
  });

  it('records the key in the call log', async () => {
    h = await startSim();
    await h.call('POST', '/billing/payment-link', { purpose: 'fund', amount: 10 }, { key: 'logged' });
    expect(h.sim.state.calls().at(-1)).toMatchObject({
      method: 'POST',
      path: '/billing/payment-link',
      status: 200,
      idempotencyKey: 'logged',
    });
  });
});
