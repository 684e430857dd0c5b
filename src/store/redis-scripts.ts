/**
 * Lua scripts: each runs atomically on the Redis server, which is what makes leases and the
 * shared budget safe across processes.
 */

/** Free, expired (Redis dropped it) or already ours: take it for ttl. */
export const LEASE_ACQUIRE = `
local v = redis.call('GET', KEYS[1])
if v == false or v == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0`;

export const LEASE_RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`;

export const LEASE_RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/** Members are `<seq>|<json>` so entries with the same `at` keep their append order. */
export const AUDIT_APPEND = `
local seq = redis.call('INCR', KEYS[2])
redis.call('ZADD', KEYS[1], ARGV[1], string.format('%015d', seq) .. '|' .. ARGV[2])
return seq`;

/**
 * Token bucket shared by every process: KEYS[1] hash {tokens, last, blocked}.
 * ARGV: now ms, capacity, tokens per ms, keep (tokens that must remain after the take, already
 * clamped to capacity − 1). Returns {granted 0|1, wait ms}.
 */
export const BUDGET_TAKE = `
local now = tonumber(ARGV[1])
local cap = tonumber(ARGV[2])
local rate = tonumber(ARGV[3])
local needed = 1 + (tonumber(ARGV[4]) or 0)
local h = redis.call('HMGET', KEYS[1], 'tokens', 'last', 'blocked')
local tokens = tonumber(h[1]) or cap
local last = tonumber(h[2]) or now
local blocked = tonumber(h[3]) or 0
if now < blocked then return {0, blocked - now} end
if now > last then
  tokens = math.min(cap, tokens + (now - last) * rate)
  last = now
end
local granted = 0
local wait = 0
if tokens >= needed then
  tokens = tokens - 1
  granted = 1
else
  wait = math.max(1, math.ceil((needed - tokens) / rate))
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'last', tostring(last), 'blocked', tostring(blocked))
redis.call('PEXPIRE', KEYS[1], 3600000)
return {granted, wait}`;

/** ARGV: until ms. One call allowed at `until`, not a saved-up burst. */
export const BUDGET_BLOCK = `
local untilMs = tonumber(ARGV[1])
local blocked = tonumber(redis.call('HGET', KEYS[1], 'blocked')) or 0
if untilMs > blocked then
  redis.call('HSET', KEYS[1], 'blocked', tostring(untilMs), 'tokens', '1', 'last', tostring(untilMs))
  redis.call('PEXPIRE', KEYS[1], 3600000)
end
return 0`;
