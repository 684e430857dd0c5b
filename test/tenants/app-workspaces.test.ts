/**
 * The app in workspaces mode (its own wiring, src/app.ts), sandbox, memory store: no account of
 * its own, so no billing check in /healthz and no single-team pay links; a tenant connected
 * through the directory gets its own engine from the hub.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../e2e/harness.ts';

const KEY = `k1:${randomBytes(32).toString('base64')}`;
let stack: Stack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

describe('the app in workspaces mode', () => {
  it('serves without an account of its own; a connected tenant gets its engine', async () => {
    stack = await startStack({ MLBOT_TENANCY: 'workspaces', SECRETS_KEY: KEY });
    const { app } = stack;
    const health = await fetch(`${stack.url}/healthz`);
    expect(health.status).toBe(200);
    expect(app.simulator?.state.calls()).toEqual([]);
    expect(() => app.engine).toThrow(/single-team mode only/);
    // A single-team link means nothing here, whatever its token.
    expect((await fetch(`${stack.url}/pay/tok_0123456789abcdefghij`, { redirect: 'manual' })).status).toBe(404);

    expect(await app.tenants.engineFor('web:acme')).toBeUndefined();
    await app.directory.connect('web:acme', 'sandbox-token', { platform: 'web', id: 'web-avery' });
    expect((await app.directory.status('web:acme')).connected).toBe(true);
    expect(await app.tenants.engineFor('web:acme')).toBeDefined();
    expect(app.tenants.running()).toEqual(['web:acme']);
    expect(stack.logText()).not.toContain('sandbox-token');
    expect(stack.problems).toEqual([]);
  });
});
