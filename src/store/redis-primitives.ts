/**
 * Redis backend: the node-redis client that @keyv/redis connects with, used directly for what
 * keyv cannot do atomically (SET NX PX, Lua compare-owner scripts, sets and sorted sets).
 * Every key starts with `<namespace>:` so one Redis can host several bots.
 */
import { createClient } from '@keyv/redis';
import type { RateBudget } from '../core/shared/ports.ts';
import type { StorePrimitives } from './primitives.ts';
import type { BudgetLimits } from './rate-budget.ts';
import { RedisRateBudget } from './redis-budget.ts';
import { AUDIT_APPEND, LEASE_ACQUIRE, LEASE_RELEASE, LEASE_RENEW } from './redis-scripts.ts';
import { addContents, EMPTY_SCOPE, globEscape, type ScopeContents } from './scope-contents.ts';

/**
 * Before the first connection a refused connect fails at once (a wrong STORE_URL should stop
 * start-up); once connected, node-redis keeps reconnecting with a capped back-off.
 */
export function createRedisClient(url: string) {
  let everConnected = false;
  const client = createClient({
    url,
    socket: {
      reconnectStrategy: (retries: number, cause: Error) =>
        everConnected ? Math.min(100 * 2 ** retries, 3_000) : cause,
    },
  });
  client.on('ready', () => {
    everConnected = true;
  });
  return client;
}

export type RedisClient = ReturnType<typeof createRedisClient>;

const AUDIT_SEQ_WIDTH = 16; // 15 digits and the `|`

export class RedisPrimitives implements StorePrimitives {
  readonly #client: RedisClient;
  readonly #ns: string;
  /** A tenant's view shares the root's client, which only the root closes. */
  readonly #ownsClient: boolean;

  constructor(client: RedisClient, ns: string, ownsClient = true) {
    this.#client = client;
    this.#ns = ns;
    this.#ownsClient = ownsClient;
  }

  #key(...parts: string[]): string {
    return [this.#ns, ...parts].join(':');
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    const reply = await this.#client.set(this.#key('once', key), '1', { NX: true, PX: Math.max(1, Math.ceil(ttlMs)) });
    return reply === 'OK';
  }

  async acquire(key: string, owner: string, ttlMs: number): Promise<boolean> {
    return (await this.#eval(LEASE_ACQUIRE, [this.#key('lease', key)], [owner, ms(ttlMs)])) === 1;
  }

  async renew(key: string, owner: string, ttlMs: number): Promise<boolean> {
    return (await this.#eval(LEASE_RENEW, [this.#key('lease', key)], [owner, ms(ttlMs)])) === 1;
  }

  async timeLeft(key: string): Promise<number> {
    // PTTL: -2 when the key is gone, -1 when it has no expiry (never for a lease).
    return Math.max(0, Number(await this.#client.pTTL(this.#key('lease', key))));
  }

  async release(key: string, owner: string): Promise<void> {
    await this.#eval(LEASE_RELEASE, [this.#key('lease', key)], [owner]);
  }

  async openAdd(id: string): Promise<void> {
    await this.#client.sAdd(this.#key('open'), id);
  }

  async openRemove(id: string): Promise<void> {
    await this.#client.sRem(this.#key('open'), id);
  }

  async openIds(): Promise<string[]> {
    return (await this.#client.sMembers(this.#key('open'))).map(String);
  }

  async *openIdBatches(batchSize: number): AsyncIterable<string[]> {
    for await (const members of this.#client.sScanIterator(this.#key('open'), { COUNT: batchSize })) {
      if (members.length > 0) yield members.map(String);
    }
  }

  async createdAdd(id: string, createdAt: number): Promise<void> {
    await this.#client.zAdd(this.#key('created'), { score: createdAt, value: id });
  }

  async createdSince(sinceMs: number): Promise<string[]> {
    return (await this.#client.zRangeByScore(this.#key('created'), sinceMs, '+inf')).map(String);
  }

  async auditAppend(at: number, json: string): Promise<void> {
    await this.#eval(AUDIT_APPEND, [this.#key('audit'), this.#key('audit', 'seq')], [String(at), json]);
  }

  async auditSince(sinceMs: number): Promise<string[]> {
    const members = await this.#client.zRangeByScore(this.#key('audit'), sinceMs, '+inf');
    return members.map((m) => String(m).slice(AUDIT_SEQ_WIDTH));
  }

  budget(perMinute: number, limits: BudgetLimits = {}, account?: string): RateBudget {
    const key = account === undefined ? this.#key('budget', 'billing') : this.#key('budget', 'account', account);
    return new RedisRateBudget(this.#client, key, perMinute, limits);
  }

  /** Keys under `<ns>:t:<tenant>:…` (root keys never start with `t:`). */
  scoped(prefix: string): StorePrimitives {
    return new RedisPrimitives(this.#client, `${this.#ns}:${prefix}`, false);
  }

  /**
   * SCAN + UNLINK in batches over both layouts of the scope: our keys `<ns>:t:<tenant>:…` and
   * keyv's `<ns>::t:<tenant>:…` (@keyv/redis joins its namespace with `::`). Not atomic (Redis
   * has no prefix delete): run it again if it was cut short; it picks up what is left. UNLINK
   * frees the memory off the main thread, so a tenant with a large audit set does not stall Redis.
   */
  async dropScope(prefix: string, dryRun: boolean): Promise<ScopeContents> {
    const ours = `${this.#ns}:${prefix}`;
    const [open, created, audit] = await Promise.all([
      this.#client.sCard(`${ours}:open`),
      this.#client.zCard(`${ours}:created`),
      this.#client.zCard(`${ours}:audit`),
    ]);
    let contents = addContents(EMPTY_SCOPE, {
      indexEntries: Number(open) + Number(created),
      auditEntries: Number(audit),
    });
    for (const pattern of [`${globEscape(ours)}:*`, `${globEscape(`${this.#ns}::${prefix}`)}:*`]) {
      const keyv = pattern.startsWith(`${globEscape(this.#ns)}::`);
      for await (const batch of this.#client.scanIterator({ MATCH: pattern, COUNT: SCAN_BATCH })) {
        const keys = batch.map(String);
        if (keys.length === 0) continue;
        for (const key of keys)
          contents = addContents(contents, kindOf(key, keyv, keyv ? `${this.#ns}::${prefix}:` : `${ours}:`));
        if (!dryRun) await this.#client.unlink(keys);
      }
    }
    return contents;
  }

  async ping(): Promise<boolean> {
    return (await this.#client.ping()) === 'PONG';
  }

  async close(): Promise<void> {
    if (this.#ownsClient && this.#client.isOpen) await this.#client.close();
  }

  async #eval(script: string, keys: string[], args: string[]): Promise<unknown> {
    return this.#client.eval(script, { keys, arguments: args });
  }
}

const SCAN_BATCH = 500;

/** What one key of a scope counts as (the sets' members are counted by SCARD/ZCARD). */
function kindOf(key: string, keyv: boolean, head: string): Partial<ScopeContents> {
  const rest = key.slice(head.length);
  if (keyv) return rest.startsWith('req:') ? { requests: 1 } : { values: 1 };
  if (rest.startsWith('once:')) return { claims: 1 };
  if (rest.startsWith('lease:')) return { leases: 1 };
  return {};
}

function ms(value: number): string {
  return String(Math.max(1, Math.ceil(value)));
}
