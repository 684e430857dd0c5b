/**
 * The playground over HTTP with the whole bot behind it (the real playground adapter, engine,
 * watcher, billing client and the ModelsLab simulator), for tests that act as people do: post
 * commands and clicks, and read what one person's page would show on connecting.
 */
import { expect } from 'vitest';
import { createPlayground, type PlaygroundOptions, type WebMessage } from '../../adapters/web/index.ts';
import type { Policy } from '../../src/core/shared/policy.ts';
import { silentLogger } from '../../src/core/shared/ports.ts';
import { createStores } from '../../src/store/index.ts';
import { serve } from '../ops/serve.ts';
import { createTestBot, type LiveBilling, startLiveBilling } from '../support/live-billing.ts';
import { openStream } from './sse-client.ts';

export type Cleanups = Array<() => Promise<unknown> | unknown>;

/** What a test changes in the rig: the playground's people (approvers, fallbacks) and the policy. */
export interface LivePlaygroundOptions {
  readonly playground?: Partial<Omit<PlaygroundOptions, 'sandbox' | 'logger'>>;
  readonly policy?: Partial<Policy>;
}

export async function startLivePlayground(cleanups: Cleanups, live?: LiveBilling, options: LivePlaygroundOptions = {}) {
  const billing = live ?? (await startLiveBilling());
  const stores = await createStores('memory://');
  const playground = createPlayground({ sandbox: true, logger: silentLogger, ...options.playground });
  const bot = createTestBot({
    billing: billing.billing,
    stores,
    platform: 'web',
    messenger: playground.messenger,
    ...(options.policy ? { policy: options.policy } : {}),
  });
  playground.attach(bot.engine);
  await bot.start();
  const server = await serve(playground.handler);
  cleanups.push(
    () => billing.sim.stop(),
    () => stores.close(),
    () => bot.stop(),
    () => playground.close(),
    server.close,
  );
  /** A command or click as the page sends it; settled once the playground's work is done. */
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(202);
    await playground.idle();
  };
  /** What `as` sees now: the snapshot a page gets when it connects. */
  const seen = async (as: string): Promise<WebMessage[]> => {
    const stream = await openStream(`${server.url}/play/events?as=${as}`);
    const snapshot = await stream.next((e) => e.event === 'snapshot');
    stream.close();
    return snapshot.data as WebMessage[];
  };
  return { live: billing, stores, playground, bot, server, post, seen };
}
