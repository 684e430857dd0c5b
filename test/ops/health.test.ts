import { afterEach, describe, expect, it } from 'vitest';
import { healthHandler } from '../../src/ops/health.ts';
import { serve } from './serve.ts';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function get(handler: Parameters<typeof serve>[0]) {
  const server = await serve(handler);
  closers.push(server.close);
  const res = await fetch(`${server.url}/healthz`);
  return { status: res.status, body: await res.json() };
}

describe('healthHandler', () => {
  it('answers 200 with every check true', async () => {
    const { status, body } = await get(
      healthHandler({ store: async () => true, billing: async () => true, slack: async () => true }),
    );
    expect(status).toBe(200);
    expect(body).toEqual({ status: 'ok', checks: { store: true, billing: true, slack: true } });
  });

  it('answers 503 and names the failing check (false, throwing or hanging)', async () => {
    const started = Date.now();
    const { status, body } = await get(
      healthHandler(
        {
          store: async () => true,
          billing: async () => {
            throw new Error('down');
          },
          slack: () => new Promise<boolean>(() => {}),
          discord: async () => false,
        },
        { timeoutMs: 100 },
      ),
    );
    expect(status).toBe(503);
    expect(body.checks).toEqual({ store: true, billing: false, slack: false, discord: false });
    expect(body.status).not.toBe('ok');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('is healthy with no checks', async () => {
    const { status } = await get(healthHandler({}));
    expect(status).toBe(200);
  });
});
