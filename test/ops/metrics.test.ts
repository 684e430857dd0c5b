import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/ops/metrics.ts';
import { serve } from './serve.ts';

/** Parse Prometheus text into `name{labels} -> value`. */
function parse(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(\S+?)(\{.*\})?\s+(\S+)$/.exec(line);
    if (m) out.set(`${m[1]}${m[2] ?? ''}`, Number(m[3]));
  }
  return out;
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

describe('createMetrics', () => {
  it('serves the counters, gauge and histogram in Prometheus text format on GET /metrics', async () => {
    const metrics = createMetrics();
    metrics.requestTransition('fund', 'awaiting_approval');
    metrics.requestTransition('fund', 'paid');
    metrics.requestTransition('fund', 'paid');
    metrics.billingCall('confirm-checkout', 'ok');
    metrics.billingCall('confirm-checkout', 'rate_limited');
    metrics.billingCall('payment-link', 'ok');
    metrics.ackLatency('slack', 0.02);
    metrics.ackLatency('slack', 1.5);
    metrics.watcherDepth(3);

    const server = await serve(metrics.handler);
    closers.push(server.close);
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const values = parse(await res.text());

    expect(values.get('mlbot_request_transitions_total{purpose="fund",to="paid"}')).toBe(2);
    expect(values.get('mlbot_request_transitions_total{purpose="fund",to="awaiting_approval"}')).toBe(1);
    expect(values.get('mlbot_billing_calls_total{endpoint="confirm-checkout",outcome="rate_limited"}')).toBe(1);
    expect(values.get('mlbot_billing_calls_total{endpoint="payment-link",outcome="ok"}')).toBe(1);
    expect(values.get('mlbot_watcher_queue_depth')).toBe(3);
    expect(values.get('mlbot_ack_latency_seconds_count{platform="slack"}')).toBe(2);
    expect(values.get('mlbot_ack_latency_seconds_bucket{le="0.025",platform="slack"}')).toBe(1);
    expect(values.get('mlbot_ack_latency_seconds_bucket{le="3",platform="slack"}')).toBe(2);
    // Default process metrics come along.
    expect([...values.keys()].some((k) => k.startsWith('mlbot_process_resident_memory_bytes'))).toBe(true);
  });

  it('keeps two instances apart (own registry, not the global one)', async () => {
    const a = createMetrics({ defaultMetrics: false });
    const b = createMetrics({ defaultMetrics: false });
    a.requestTransition('subscribe', 'paid');
    const bValues = parse(await b.registry.metrics());
    expect(bValues.get('mlbot_request_transitions_total{purpose="subscribe",to="paid"}')).toBeUndefined();
    const aValues = parse(await a.registry.metrics());
    expect(aValues.get('mlbot_request_transitions_total{purpose="subscribe",to="paid"}')).toBe(1);
  });

  it('refuses other methods', async () => {
    const server = await serve(createMetrics({ defaultMetrics: false }).handler);
    closers.push(server.close);
    const res = await fetch(`${server.url}/metrics`, { method: 'POST' });
    expect(res.status).toBe(405);
  });
});
