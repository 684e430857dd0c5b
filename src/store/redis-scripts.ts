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
 * The billing budget, shared by every process (rate-budget.ts has the shape): KEYS[1] a sorted
 * set of grant times, KEYS[2] the "blocked until" time (after a 429), KEYS[3] a sequence for
 * unique members, KEYS[4] the pacing bucket {tokens, last}.
 * ARGV: now ms, window ms, grants the window may hold before this take (limit − keep), bucket
 * capacity, tokens per ms, tokens the take needs (1 + keep). Returns {granted 0|1, wait ms,
 * 1 when a block (not the budget) is the reason}.
 */
export const BUDGET_TAKE = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local allowed = tonumber(ARGV[3])
local cap = tonumber(ARGV[4])
local rate = tonumber(ARGV[5])
local needed = tonumber(ARGV[6])
local blocked = tonumber(redis.call('GET', KEYS[2]) or '0') or 0
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - 2 * window)
local since = '(' .. tostring(now - window)
local count = redis.call('ZCOUNT', KEYS[1], since, '+inf')
local h = redis.call('HMGET', KEYS[4], 'tokens', 'last')
local tokens = cap
local last = now
if h[1] and h[2] then
  tokens = tonumber(h[1])
  last = tonumber(h[2])
  if now > last then tokens = math.min(cap, tokens + (now - last) * rate) end
end
local room = count < allowed and tokens >= needed
if room and now >= blocked then
  local seq = redis.call('INCR', KEYS[3])
  redis.call('ZADD', KEYS[1], now, tostring(now) .. ':' .. tostring(seq))
  redis.call('HSET', KEYS[4], 'tokens', tostring(tokens - 1), 'last', tostring(math.max(last, now)))
  for i = 1, 4 do if i ~= 2 then redis.call('PEXPIRE', KEYS[i], 3 * window) end end
  return {1, 0}
end
local wait = 0
if count >= allowed then
  local leaving = redis.call('ZRANGEBYSCORE', KEYS[1], since, '+inf', 'WITHSCORES', 'LIMIT', count - allowed, 1)
  if leaving[2] then wait = math.max(wait, tonumber(leaving[2]) + window - now) end
end
if tokens < needed then wait = math.max(wait, (needed - tokens) / rate) end
if blocked - now > wait then return {0, math.ceil(blocked - now), 1} end
return {0, math.max(1, math.ceil(wait))}`;

/** KEYS[1] the "blocked until" key. ARGV: until ms, ttl ms. Only ever moves later. */
export const BUDGET_BLOCK = `
local untilMs = tonumber(ARGV[1])
local blocked = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if untilMs > blocked then
  redis.call('SET', KEYS[1], tostring(untilMs), 'PX', ARGV[2])
end
return 0`;
