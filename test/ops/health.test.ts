import { afterEach, describe, expect, it } from 'vitest';
import { createHealthMonitor, healthHandler } from '../../src/ops/health.ts';
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
    expect(body).toMatchObject({ status: 'ok', checks: { store: true, billing: true, slack: true } });
    expect(Date.parse(body.checkedAt)).not.toBeNaN();
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

describe('cached health (an unauthenticated hit costs no upstream call)', () => {
  it('many hits, sequential and concurrent, run the checks once per interval', async () => {
    let calls = 0;
    let now = 1_000_000;
    const handler = healthHandler(
      {
        billing: async () => {
          calls += 1;
          await new Promise((r) => setTimeout(r, 20));
          return true;
        },
      },
      { intervalMs: 15_000, now: () => now },
    );
    const server = await serve(handler);
    closers.push(server.close);
    const hit = async () => (await fetch(`${server.url}/healthz`)).status;
    // 130 hits at once share one run.
    const statuses = await Promise.all(Array.from({ length: 130 }, hit));
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(calls).toBe(1);
    for (let i = 0; i < 20; i++) expect(await hit()).toBe(200);
    now += 14_999;
    expect(await hit()).toBe(200);
    expect(calls).toBe(1);
    now += 2;
    expect(await hit()).toBe(200);
    expect(calls).toBe(2);
  });

  it('still turns 503 once a check fails, at the next check after the interval, and back to 200', async () => {
    let up = true;
    let now = 0;
    const monitor = createHealthMonitor({ billing: async () => up }, { intervalMs: 1_000, now: () => now });
    expect((await monitor.report()).status).toBe('ok');
    up = false;
    now = 500;
    expect((await monitor.report()).status).toBe('ok'); // cached
    now = 1_000;
    const failing = await monitor.report();
    expect(failing).toMatchObject({ status: 'failing', checks: { billing: false } });
    up = true;
    now = 1_500;
    expect((await monitor.report()).status).toBe('failing'); // cached failure
    now = 2_100;
    expect((await monitor.report()).status).toBe('ok');
  });

  it('answers the failing report as 503 over HTTP', async () => {
    const { status, body } = await get(healthHandler({ billing: async () => false }, { intervalMs: 60_000 }));
    expect(status).toBe(503);
    expect(body.checks).toEqual({ billing: false });
  });
});
