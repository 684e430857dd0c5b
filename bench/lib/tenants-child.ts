/**
 * One bot process of bench/tenants.ts: the hub on Redis against the parent's simulator. It tells
 * the parent (IPC) when `hub.start()` has returned, each receipt it posts, and on request its heap
 * after gc; on `stop` it stops the hub (leases handed back, as a graceful deploy does) and exits.
 *
 *   node --expose-gc bench/lib/tenants-child.ts <redisUrl> <namespace> <apiUrl> <ownerId>
 */
import { openHub } from './tenants-world.ts';

export type ChildMessage =
  | {
      readonly type: 'started';
      /** hub.start(): every tenant with work started, its requests read, its watcher running. */
      readonly startMs: number;
      /** From this process's start (performance.timeOrigin) to hub.start() resolved. */
      readonly sinceProcessStartMs: number;
      readonly running: number;
      readonly watched: number;
    }
  | { readonly type: 'receipt'; readonly tenant: string; readonly card: string; readonly at: number }
  | {
      readonly type: 'memory';
      readonly heapBefore: number;
      readonly heapAfter: number;
      readonly heapTotalBefore: number;
      readonly heapTotalAfter: number;
      readonly rssBefore: number;
      readonly rssAfter: number;
      readonly running: number;
      readonly watched: number;
    }
  | { readonly type: 'stopped' };

export type ParentMessage = { readonly type: 'measure' } | { readonly type: 'stop' };

function settled(): NodeJS.MemoryUsage {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  for (let i = 0; i < 4; i++) gc();
  return process.memoryUsage();
}

const send = (m: ChildMessage) => process.send?.(m);
const [redisUrl, namespace, apiUrl, ownerId] = process.argv.slice(2) as [string, string, string, string];
const { hub, stores } = await openHub({
  redisUrl,
  namespace,
  apiUrl,
  ownerId,
  onReceipt: (tenant, card, at) => send({ type: 'receipt', tenant, card, at }),
});
const watched = () => hub.running().reduce((sum, t) => sum + (hub.botOf(t)?.watcher.size() ?? 0), 0);
// Everything loaded and connected, no tenant started: the zero the per-tenant figure counts from.
const before = settled();
const began = performance.now();
await hub.start();
const startMs = performance.now() - began;
send({
  type: 'started',
  startMs,
  sinceProcessStartMs: performance.now(),
  running: hub.running().length,
  watched: watched(),
});

process.on('message', (m: ParentMessage) => {
  if (m.type === 'measure') {
    const after = settled();
    send({
      type: 'memory',
      heapBefore: before.heapUsed,
      heapAfter: after.heapUsed,
      heapTotalBefore: before.heapTotal,
      heapTotalAfter: after.heapTotal,
      rssBefore: before.rss,
      rssAfter: after.rss,
      running: hub.running().length,
      watched: watched(),
    });
  } else if (m.type === 'stop') {
    void (async () => {
      await hub.stop();
      await stores.close();
      send({ type: 'stopped' });
      process.disconnect();
    })();
  }
});
