/**
 * Redis for scale-out tests: `REDIS_URL` (e.g. redis://127.0.0.1:6379). Unset: the tests are
 * skipped with a line that says so; with `REQUIRE_REDIS=1` (CI) a missing Redis fails instead.
 * Each test works in its own logical database (`/<db>`) and deletes only the `mlbot*` keys it
 * made (STORE_NAMESPACE would also separate them; a database of its own keeps a failed run's
 * leftovers away from everything else).
 */
import { createClient } from '@keyv/redis';

export const REDIS_URL = process.env.REDIS_URL;
export const REQUIRE_REDIS = process.env.REQUIRE_REDIS === '1';

export function redisSkipReason(): string | undefined {
  if (REDIS_URL) return undefined;
  const line =
    'scale-out: REDIS_URL is not set, so the Redis scale-out tests are skipped (set REDIS_URL=redis://127.0.0.1:6379)';
  if (REQUIRE_REDIS) throw new Error(`${line}; REQUIRE_REDIS=1 makes this a failure`);
  console.warn(line);
  return line;
}

/** `REDIS_URL` pointed at logical database `db`. */
export function redisDbUrl(db: number): string {
  const base = (REDIS_URL ?? '').replace(/\/\d+\/?$/, '').replace(/\/$/, '');
  return `${base}/${db}`;
}

/** Delete the bot's keys (`mlbot*`) in one logical database; returns how many. */
export async function deleteBotKeys(url: string): Promise<number> {
  const client = createClient({ url });
  await client.connect();
  try {
    let deleted = 0;
    for await (const batch of client.scanIterator({ MATCH: 'mlbot*', COUNT: 500 })) {
      const keys = (Array.isArray(batch) ? batch : [batch]).map(String);
      if (keys.length > 0) deleted += await client.del(keys);
    }
    return deleted;
  } finally {
    client.destroy();
  }
}
