import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startSim } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('bearer auth', () => {
  it('401 unauthenticated in the error envelope for a missing or unknown token', async () => {
    h = await startSim();
    for (const token of [null, 'not-a-token']) {
      const res = await h.call('GET', '/wallet/balance', undefined, { token });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ data: null, error: { code: 'unauthenticated', details: {} } });
      expect(res.body.meta.request_id).toMatch(/^req_[0-9a-f]+$/);
      expect(res.headers.get('x-ratelimit-remaining')).not.toBeNull();
    }
  });

  it('accepts the configured tokens, as one account', async () => {
    h = await startSim({ tokens: ['team-a', 'team-b'] });
    expect(
      (await h.call('POST', '/wallet/coupons/redeem', { coupon_code: 'WELCOME10' }, { token: 'team-a' })).status,
    ).toBe(200);
    const b = await h.call('GET', '/wallet/balance', undefined, { token: 'team-b' });
    expect(b.body.data.balance).toBe(52.5);
    expect((await h.call('GET', '/wallet/balance', undefined, { token: 'team-c' })).status).toBe(401);
  });

  it("accounts: 'single' accepts only the configured tokens: a sandbox-<name> token is 401 too", async () => {
    h = await startSim({ tokens: ['team-a'], accounts: 'single' });
    expect((await h.call('GET', '/wallet/balance', undefined, { token: 'team-a' })).status).toBe(200);
    const other = await h.call('GET', '/wallet/balance');
    expect(other.status).toBe(401);
    expect(other.body.error.code).toBe('unauthenticated');
    expect(h.sim.state.accounts().map((a) => a.name)).toEqual(['default']);
  });

  it('login issues a token that then works; a wrong password is 401', async () => {
    h = await startSim();
    const bad = await h.call('POST', '/auth/login', { email: 'demo@example.com', password: 'nope' }, { token: null });
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('unauthenticated');

    const res = await h.call(
      'POST',
      '/auth/login',
      { email: 'demo@example.com', password: 'sandbox', device_name: 'ci' },
      { token: null },
    );
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ token_type: 'Bearer', user: { email: 'demo@example.com', verified: true } });
    const token = res.body.data.access_token as string;
    expect((await h.call('GET', '/wallet/balance', undefined, { token })).body.data).toEqual({
      balance: 42.5,
      currency: 'USD',
    });
  });

  it('login without credentials is 422 with the field named', async () => {
    h = await startSim();
    const res = await h.call('POST', '/auth/login', { email: 'demo@example.com' }, { token: null });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'validation_error', details: { password: 'is required' } });
  });

  it('refresh rotates the token: the new one works, the old one stops', async () => {
    h = await startSim();
    const res = await h.call('POST', '/auth/refresh', { token_expiry: 7 });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ token_type: 'Bearer', token_expiry: '7d' });
    const next = res.body.data.access_token as string;
    expect(next).not.toBe('sandbox-token');
    expect((await h.call('GET', '/wallet/balance', undefined, { token: next })).status).toBe(200);
    expect((await h.call('GET', '/wallet/balance')).status).toBe(401);
  });
});
