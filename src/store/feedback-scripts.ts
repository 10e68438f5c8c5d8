/** Lua for hints and question reports. Keys are passed in (built in keys.ts), never built inside a script. */
import { STAT } from '../domain/question-stats.js';
import { PRACTICE_ID_LENGTH } from './practice.js';

/**
 * Records that a user took a post's hint, once, before answering it. The answer script reads the same hash, so the
 * halved points need no extra round trip. A hint seen after answering, on a closed post or a second time changes nothing.
 */
export const TAKE_HINT = `
-- KEYS: 1 post, 2 post answers, 3 post hints, 4 user
-- ARGV: 1 uid, 2 now (ms), 3 practice post id ('' for a post with a post hash)
if ARGV[3] ~= '' then
  -- A practice question (practice.ts): its hint is a field of the user hash, while it is their current question.
  local pq = redis.call('HGET', KEYS[4], 'pq')
  if not pq or string.sub(pq, 1, ${PRACTICE_ID_LENGTH}) ~= ARGV[3] then return 'missing' end
  if redis.call('HEXISTS', KEYS[4], 'pqr') == 1 then return 'answered' end
  if redis.call('HSETNX', KEYS[4], 'pqh', '1') == 0 then return 'again' end
  redis.call('HINCRBY', KEYS[4], 'hints', 1)
  return 'ok'
end
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return 'missing' end
local aud = redis.call('HGET', KEYS[1], 'aud')
if aud and aud ~= '' and aud ~= ARGV[1] then return 'notyours' end
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then return 'answered' end
if status ~= 'open' then return 'closed' end
local closes = tonumber(redis.call('HGET', KEYS[1], 'closes') or '0')
if closes > 0 and tonumber(ARGV[2]) >= closes then return 'closed' end
if redis.call('HSETNX', KEYS[3], ARGV[1], ARGV[2]) == 0 then return 'again' end
-- Hints live as long as their post.
local ttl = redis.call('TTL', KEYS[1])
if ttl > 0 then redis.call('EXPIRE', KEYS[3], ttl, 'NX') end
redis.call('HINCRBY', KEYS[4], 'hints', 1)
return 'ok'
`;

/** One report per user and question: the first one is kept, with its counts; a repeat returns the stored report. */
export const REPORT_QUESTION = `
-- KEYS: 1 question reports, 2 reported questions (zset), 3 question stats
-- ARGV: 1 uid, 2 report (json), 3 question id, 4 reason
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then
  return {'dup', redis.call('HGET', KEYS[1], ARGV[1])}
end
local n = redis.call('ZINCRBY', KEYS[2], 1, ARGV[3])
redis.call('HINCRBY', KEYS[3], '${STAT.reports}:' .. ARGV[3], 1)
redis.call('HINCRBY', KEYS[3], 'r-' .. ARGV[4] .. ':' .. ARGV[3], 1)
return {'ok', tostring(n)}
`;
