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
 * The billing budget's sliding log, shared by every process: KEYS[1] a sorted set of grant times,
 * KEYS[2] the "blocked until" time (after a 429), KEYS[3] a sequence for unique members.
 * ARGV: now ms, window ms, grants allowed in the window after this take (limit − keep).
 * Returns {granted 0|1, wait ms}.
 */
export const BUDGET_TAKE = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local allowed = tonumber(ARGV[3])
local blocked = tonumber(redis.call('GET', KEYS[2]) or '0') or 0
if now < blocked then return {0, blocked - now} end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - 2 * window)
local since = '(' .. tostring(now - window)
local count = redis.call('ZCOUNT', KEYS[1], since, '+inf')
if count < allowed then
  local seq = redis.call('INCR', KEYS[3])
  redis.call('ZADD', KEYS[1], now, tostring(now) .. ':' .. tostring(seq))
  redis.call('PEXPIRE', KEYS[1], 3 * window)
  redis.call('PEXPIRE', KEYS[3], 3 * window)
  return {1, 0}
end
local leaving = redis.call('ZRANGEBYSCORE', KEYS[1], since, '+inf', 'WITHSCORES', 'LIMIT', count - allowed, 1)
local wait = 1
if leaving[2] then wait = math.max(1, tonumber(leaving[2]) + window - now) end
return {0, wait}`;

/** KEYS[1] the "blocked until" key. ARGV: until ms, ttl ms. Only ever moves later. */
export const BUDGET_BLOCK = `
local untilMs = tonumber(ARGV[1])
local blocked = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if untilMs > blocked then
  redis.call('SET', KEYS[1], tostring(untilMs), 'PX', ARGV[2])
end
return 0`;
