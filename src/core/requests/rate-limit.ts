/** New requests per user per window (default 5 a minute): a sliding window kept in the KV store. */
import type { Policy } from '../shared/policy.ts';
import type { Clock, KeyValueStore } from '../shared/ports.ts';
import type { UserRef } from '../shared/types.ts';

export type LimitVerdict = { readonly ok: true } | { readonly ok: false; readonly retryInMs: number };

export async function takeNewRequestSlot(
  kv: KeyValueStore,
  clock: Clock,
  policy: Policy,
  user: UserRef,
): Promise<LimitVerdict> {
  const { count, windowMs } = policy.newRequestLimit;
  const key = `ratelimit:new-request:${user.platform}:${user.id}`;
  const now = clock.now();
  const recent = ((await kv.get<number[]>(key)) ?? []).filter((t) => t > now - windowMs);
  if (recent.length >= count) {
    const oldest = Math.min(...recent);
    return { ok: false, retryInMs: oldest + windowMs - now };
  }
  recent.push(now);
  await kv.set(key, recent, windowMs);
  return { ok: true };
}
