/**
 * Lua scripts of scheduled delivery: post activation, schedule rules and the shared request budget.
 * Keys are always passed in (built in keys.ts), never built inside a script.
 */

/** A pending post becomes answerable once the platform accepted its message; repeats change nothing. */
export const ACTIVATE_POST = `
-- KEYS: 1 post, 2 channel open posts, 3 channel seen questions, 4 message -> post
-- ARGV: 1 post id, 2 message id, 3 activated at (ms, the open-posts score), 4 question id, 5 message link ttl (s)
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return 'missing' end
if status ~= 'pending' then return status end
redis.call('HSET', KEYS[1], 'status', 'open', 'msg', ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
redis.call('SADD', KEYS[3], ARGV[4])
redis.call('SET', KEYS[4], ARGV[1], 'EX', ARGV[5])
return 'activated'
`;

/**
 * Adds a schedule under the community's rules, atomically (concurrent /schedule set calls cannot overshoot):
 * at most ARGV[5] per channel, ARGV[6] per community, and no identical schedule (same fingerprint) in the channel.
 * Updating an existing id skips the checks.
 */
export const ADD_SCHEDULE = `
-- KEYS: 1 schedules hash; ARGV: 1 id, 2 schedule json, 3 channel id, 4 fingerprint, 5 per-channel max, 6 per-community max
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  return {'ok'}
end
local all = redis.call('HVALS', KEYS[1])
local inChannel = 0
for _, raw in ipairs(all) do
  local s = cjson.decode(raw)
  if s.channelId == ARGV[3] then
    inChannel = inChannel + 1
    if s.fingerprint == ARGV[4] then return {'duplicate', s.id} end
  end
end
if inChannel >= tonumber(ARGV[5]) then return {'channel', tostring(inChannel)} end
if #all >= tonumber(ARGV[6]) then return {'community', tostring(#all)} end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return {'ok'}
`;

/**
 * Request budgets shared by every replica (generic cell rate algorithm on the Redis clock): grants one request now
 * if every budget in KEYS allows it and returns 0, or returns how many ms until they all would. Grants of a budget
 * are spaced its interval apart on average (fractional allowed); one may come up to its tolerance early, which
 * makes up for callers that asked a little late. Checking all budgets at once (the bot's and a channel's) means a
 * request is never granted by one and then held up by the other. The caller sends right after a grant.
 */
export const TAKE_BUDGET = `
-- KEYS: budgets; ARGV: per budget its interval (ms) then its tolerance (ms)
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local wait = 0
local tats = {}
for i, key in ipairs(KEYS) do
  tats[i] = tonumber(redis.call('GET', key) or '0')
  local early = tats[i] - now - tonumber(ARGV[2 * i])
  if early > wait then wait = early end
end
if wait > 0 then return math.ceil(wait) end
for i, key in ipairs(KEYS) do
  local nextAt = math.max(tats[i], now) + tonumber(ARGV[2 * i - 1])
  redis.call('SET', key, tostring(nextAt), 'PX', math.ceil(nextAt - now) + 1000)
end
return 0
`;
