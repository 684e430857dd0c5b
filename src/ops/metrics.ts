/**
 * Prometheus metrics behind the core `Metrics` port. A registry of our own (not prom-client's
 * global one), so two apps in one test process never share or double-register counters.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Metrics } from '../core/shared/ports.ts';
import type { Platform } from '../core/shared/types.ts';
import type { HttpHandler } from '../http/router.ts';

export interface AppMetrics extends Metrics {
  readonly registry: Registry;
  /** `GET /metrics` in the Prometheus text format. */
  readonly handler: HttpHandler;
}

export interface MetricsOptions {
  /** Process metrics (CPU, memory, event-loop lag, GC). Default true; tests may turn them off. */
  readonly defaultMetrics?: boolean;
  readonly prefix?: string;
}

// Slack and Discord give 3 s to ack; the buckets sit densely below that line.
const ACK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5];

export function createMetrics(options: MetricsOptions = {}): AppMetrics {
  const prefix = options.prefix ?? 'mlbot_';
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix });

  const transitions = new Counter({
    name: `${prefix}request_transitions_total`,
    help: 'Payment request state transitions, by purpose and new state.',
    labelNames: ['purpose', 'to'] as const,
    registers: [registry],
  });
  const billingCalls = new Counter({
    name: `${prefix}billing_calls_total`,
    help: 'ModelsLab billing API calls, by endpoint and outcome (ok, error, rate_limited).',
    labelNames: ['endpoint', 'outcome'] as const,
    registers: [registry],
  });
  const ackLatency = new Histogram({
    name: `${prefix}ack_latency_seconds`,
    help: 'Time from receiving a platform event to acknowledging it, by platform.',
    labelNames: ['platform'] as const,
    buckets: ACK_BUCKETS,
    registers: [registry],
  });
  const watcherDepth = new Gauge({
    name: `${prefix}watcher_queue_depth`,
    help: 'Checkouts the watcher is currently polling.',
    registers: [registry],
  });

  const handler: HttpHandler = async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed');
      return;
    }
    const body = await registry.metrics();
    res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  return {
    registry,
    handler,
    requestTransition: (purpose, to) => transitions.inc({ purpose, to }),
    billingCall: (endpoint, outcome) => billingCalls.inc({ endpoint, outcome }),
    ackLatency: (platform: Platform, seconds) => ackLatency.observe({ platform }, seconds),
    watcherDepth: (depth) => watcherDepth.set(depth),
  };
}
