/**
 * How the app builds its simulator from the config: in memory with STORE_URL=memory://, and
 * with the billing rate limit the bot is told (MODELSLAB_BILLING_PER_MIN), so the simulated
 * account never refuses calls the bot's own budget allows.
 */
import { afterEach, expect, it } from 'vitest';
import { type Stack, startStack } from '../e2e/harness.ts';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

it('memory:// keeps the simulator in memory; its billing limit is MODELSLAB_BILLING_PER_MIN', async () => {
  stack = await startStack({ MODELSLAB_BILLING_PER_MIN: '40' });
  expect(stack.app.simulator?.state.stateFile).toBeUndefined();
  const res = await fetch(`${stack.url}/sandbox/api/agents/v1/wallet/coupons/validate`, {
    method: 'POST',
    headers: { authorization: 'Bearer sandbox-token', 'content-type': 'application/json' },
    body: JSON.stringify({ coupon_code: 'WELCOME10' }),
  });
  expect(res.headers.get('x-ratelimit-limit')).toBe('40');
});
