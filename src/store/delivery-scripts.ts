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
 * A request budget shared by every replica (generic cell rate algorithm on the Redis clock): grants one request
 * now if the budget allows and returns 0, or returns how many ms until it would. Grants are spaced ARGV[1] ms
 * apart on average (fractional allowed); one may come up to ARGV[2] ms early, which makes up for callers that
 * asked a little late without letting any second hold more than one extra request. The caller sends right after
 * a grant, so how late a sleeping caller wakes up never bunches requests together.
 */
export const TAKE_BUDGET = `
-- KEYS: 1 budget; ARGV: 1 interval (ms), 2 tolerance (ms)
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
local early = tat - now - tonumber(ARGV[2])
if early > 0 then return math.ceil(early) end
local nextAt = math.max(tat, now) + tonumber(ARGV[1])
redis.call('SET', KEYS[1], tostring(nextAt), 'PX', math.ceil(nextAt - now) + 1000)
return 0
`;
