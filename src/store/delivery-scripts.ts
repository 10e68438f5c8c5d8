/**
 * Lua scripts of scheduled delivery: post activation, schedule rules and the shared request budget.
 * Keys are always passed in (built in keys.ts), never built inside a script.
 */
import { FLAG } from './question-state.js';
import { migrateGuard, questionState } from './question-state-script.js';

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
 * A reminder's direct message was accepted: its question (created pending, so a refused message leaves nothing behind)
 * opens for its one user and joins their seen questions, and the user's hash records the day and question sent, all
 * at once. Repeats change nothing. Returns the post's status before ('pending', 'open', ...) or 'missing'.
 */
export const REMINDER_SENT = `
-- KEYS: 1 post, 2 user's packed state, 3 user, 4-9 the packed state's old keys (question-state-repo.ts legacyStateKeys)
-- ARGV: 1 question id, 2 local day number, 3 question number
local status = redis.call('HGET', KEYS[1], 'status')
if status == 'pending' then
  ${questionState(2)}
  ${migrateGuard([4, 5, 6, 7, 8, 9])}
  redis.call('HSET', KEYS[1], 'status', 'open')
  local rec = qsLoad(tonumber(ARGV[3]))
  qsSet(rec, ${FLAG.seen})
  qsSave(rec)
  stCommit()
end
redis.call('HSET', KEYS[3], 'rmsent', ARGV[2], 'rmq', ARGV[1])
return status or 'missing'
`;

/** Removes a post that never became visible (its message was refused for good); any other post stays. */
export const DISCARD_PENDING = `
-- KEYS: 1 post
if redis.call('HGET', KEYS[1], 'status') == 'pending' then return redis.call('DEL', KEYS[1]) end
return 0
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
 * Request budgets shared by every replica (a generic cell rate algorithm on the Redis clock that books turns
 * ahead). Finds the earliest moment every budget in KEYS allows a request; when it is within the hold, books it
 * (each budget's next turn moves one interval past it) and returns {1, ms until the turn, budget that set it, the
 * turn on the Redis clock};
 * otherwise books nothing and returns {0, ms until a turn would be within the hold, budget that holds it up}.
 * Checking all budgets at once (the bot's and a channel's) means a turn is never given by one and then held up by
 * the other. The caller sends at its turn.
 */
export const TAKE_BUDGET = `
-- KEYS: budgets; ARGV[1]: hold (ms); ARGV[1 + i]: interval (ms) of budget i
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local at, by = now, 1
local tats = {}
for i, key in ipairs(KEYS) do
  tats[i] = tonumber(redis.call('GET', key) or '0')
  if tats[i] > at then at, by = tats[i], i end
end
local hold = tonumber(ARGV[1])
if at - now > hold then return {0, math.ceil(at - now - hold), by - 1} end
for i, key in ipairs(KEYS) do
  local nextAt = math.max(tats[i], at) + tonumber(ARGV[i + 1])
  redis.call('SET', key, tostring(nextAt), 'PX', math.ceil(nextAt - now) + 1000)
end
return {1, math.floor(at - now), by - 1, at}
`;
