import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startSim } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('concurrent calls', () => {
  it('ten parallel confirms of one paid session credit it exactly once', async () => {
    h = await startSim({ billingPerMin: 100 });
    h.sim.controls.setLatency(20);
    const link = await h.call('POST', '/billing/payment-link', { purpose: 'fund', amount: 33 });
    const id = link.body.data.session_id as string;
    h.sim.controls.markPaid(id);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => h.call('POST', '/wallet/confirm-checkout', { session_id: id })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(answers.filter((a) => a.body.data.already_confirmed === false)).toHaveLength(1);
    expect(h.sim.state.creditsFor(id)).toBe(1);
    expect(h.sim.state.balance()).toBe(75.5);
  });

  it('parallel payment-links with one Idempotency-Key make one session', async () => {
    h = await startSim();
    h.sim.controls.setLatency(20);
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        h.call('POST', '/billing/payment-link', { purpose: 'fund', amount: 10 }, { key: 'same' }),
      ),
    );
    expect(new Set(answers.map((a) => a.body.data.session_id)).size).toBe(1);
    expect(answers.filter((a) => a.body.meta.idempotency_replay === true)).toHaveLength(4);
    expect(h.sim.state.sessions()).toHaveLength(1);
  });
});
