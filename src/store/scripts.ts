/**
 * Lua scripts. Keys are always passed in (built in keys.ts), never built inside a script.
 */

/**
 * Lua that adds `amount` points to the user (KEYS[user]) and to the six boards that start at KEYS[firstBoard]:
 * all, week, month for people, then all, week, month for the user's team. Period boards expire (NX) at the given
 * ARGV expressions.
 */
function award(amount: string, user: number, firstBoard: number, weekExpire: string, monthExpire: string): string {
  const [all, week, month, tAll, tWeek, tMonth] = [0, 1, 2, 3, 4, 5].map((i) => `KEYS[${firstBoard + i}]`);
  return `if ${amount} > 0 then
  redis.call('HINCRBY', KEYS[${user}], 'points', ${amount})
  redis.call('ZINCRBY', ${all}, ${amount}, uid)
  redis.call('ZINCRBY', ${week}, ${amount}, uid)
  redis.call('EXPIREAT', ${week}, ${weekExpire}, 'NX')
  redis.call('ZINCRBY', ${month}, ${amount}, uid)
  redis.call('EXPIREAT', ${month}, ${monthExpire}, 'NX')
  local team = redis.call('HGET', KEYS[${user}], 'team')
  if team then
    redis.call('ZINCRBY', ${tAll}, ${amount}, team)
    redis.call('ZINCRBY', ${tWeek}, ${amount}, team)
    redis.call('EXPIREAT', ${tWeek}, ${weekExpire}, 'NX')
    redis.call('ZINCRBY', ${tMonth}, ${amount}, team)
    redis.call('EXPIREAT', ${tMonth}, ${monthExpire}, 'NX')
  end
end`;
}

/** Days until a question comes back for review, by Leitner box (1-based). */
export const REVIEW_INTERVAL_DAYS = [1, 3, 7, 14, 30, 60];

/**
 * Lua that moves question ARGV[qid] between review boxes: up one box when remembered, back to box 1 when not,
 * same box when partly; then schedules it in the review set (KEYS[due]) after that box's interval.
 */
function review(boxes: number, due: number, qid: string, outcome: string, now: string): string {
  return `local intervals = {${REVIEW_INTERVAL_DAYS.join(', ')}}
local box = tonumber(redis.call('HGET', KEYS[${boxes}], ${qid}) or '0')
if ${outcome} == 'up' then box = math.min(box + 1, #intervals) elseif ${outcome} == 'reset' then box = 1 elseif box == 0 then box = 1 end
redis.call('HSET', KEYS[${boxes}], ${qid}, box)
redis.call('ZADD', KEYS[${due}], tonumber(${now}) + intervals[box] * 86400000, ${qid})`;
}

/** Records one answer atomically; the first answer per user and post counts, repeats return the stored one. */
export const RECORD_ANSWER = `
-- KEYS: 1 post, 2 post answers, 3 user, 4 user scored, 5 lb all, 6 lb week, 7 lb month,
--       8 team lb all, 9 team lb week, 10 team lb month, 11 streaks, 12 names, 13 user seen, 14 review boxes, 15 review due
-- ARGV: 1 uid, 2 question id, 3 track, 4 answer record (json), 5 correct (1|0|-1 open), 6 points if correct,
--       7 today (day number), 8 week expire-at, 9 month expire-at, 10 now (ms), 11 display name
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return {'missing'} end
local prev = redis.call('HGET', KEYS[2], ARGV[1])
if prev then return {'dup', prev} end
if status ~= 'open' then return {'closed'} end
local closes = tonumber(redis.call('HGET', KEYS[1], 'closes') or '0')
if closes > 0 and tonumber(ARGV[10]) >= closes then return {'closed'} end
local aud = redis.call('HGET', KEYS[1], 'aud')
if aud and aud ~= '' and aud ~= ARGV[1] then return {'notyours'} end
if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[4]) == 0 then
  return {'dup', redis.call('HGET', KEYS[2], ARGV[1])}
end
-- The answers live as long as their post.
local postTtl = redis.call('TTL', KEYS[1])
if postTtl > 0 then redis.call('EXPIRE', KEYS[2], postTtl, 'NX') end

local uid = ARGV[1]
local track = ARGV[3]
local points = 0
-- A mock interview's question: the answer feeds stats, streak and review, but scores nothing and leaves the
-- boards and the question's points (KEYS[4]) alone.
local mock = redis.call('HEXISTS', KEYS[1], 'mock') == 1
redis.call('HINCRBY', KEYS[1], 'n', 1)
redis.call('HINCRBY', KEYS[3], 'answered', 1)
redis.call('HINCRBY', KEYS[3], 't:' .. track .. ':a', 1)
if ARGV[5] == '1' then
  redis.call('HINCRBY', KEYS[1], 'ok', 1)
  redis.call('HSETNX', KEYS[1], 'first', uid)
  redis.call('HINCRBY', KEYS[3], 'correct', 1)
  redis.call('HINCRBY', KEYS[3], 't:' .. track .. ':c', 1)
  if not mock and redis.call('SADD', KEYS[4], ARGV[2]) == 1 then points = tonumber(ARGV[6]) end
elseif ARGV[5] == '-1' then
  redis.call('HINCRBY', KEYS[3], 'open', 1)
end

local today = tonumber(ARGV[7])
local last = tonumber(redis.call('HGET', KEYS[3], 'lastDay') or '0')
local cur = tonumber(redis.call('HGET', KEYS[3], 'streak') or '0')
local best = tonumber(redis.call('HGET', KEYS[3], 'best') or '0')
if last == 0 or today > last then
  if last ~= 0 and today == last + 1 then cur = cur + 1 else cur = 1 end
  if cur > best then best = cur end
  redis.call('HSET', KEYS[3], 'lastDay', today, 'streak', cur, 'best', best)
  redis.call('ZADD', KEYS[11], cur, uid)
end

${award('points', 3, 5, 'ARGV[8]', 'ARGV[9]')}
redis.call('HSET', KEYS[12], uid, ARGV[11])
redis.call('SADD', KEYS[13], ARGV[2])
if ARGV[5] ~= '-1' then
  local outcome = 'reset'
  if ARGV[5] == '1' then outcome = 'up' end
  ${review(14, 15, 'ARGV[2]', 'outcome', 'ARGV[10]')}
end
return {'ok', tostring(points), tostring(cur), tostring(best)}
`;

/** Records a self-assessment of an open answer once; grants the participation credit once per question. */
export const SELF_ASSESS = `
-- KEYS: 1 post assessments, 2 post answers, 3 user, 4 user scored, 5 user mastery, 6 lb all, 7 lb week, 8 lb month,
--       9 team lb all, 10 team lb week, 11 team lb month, 12 review boxes, 13 review due
-- ARGV: 1 uid, 2 level, 3 question id, 4 credit, 5 week expire-at, 6 month expire-at, 7 require answer (1|0), 8 now (ms)
if ARGV[7] == '1' and redis.call('HEXISTS', KEYS[2], ARGV[1]) == 0 then return {'noanswer'} end
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then
  return {'dup', redis.call('HGET', KEYS[1], ARGV[1])}
end
-- Assessments live as long as the post's answers.
local answersTtl = redis.call('TTL', KEYS[2])
if answersTtl > 0 then redis.call('EXPIRE', KEYS[1], answersTtl, 'NX') end
local uid = ARGV[1]
redis.call('HSET', KEYS[5], ARGV[3], ARGV[2])
redis.call('HINCRBY', KEYS[3], 'sa:' .. ARGV[2], 1)
local outcome = 'same'
if ARGV[2] == 'got' then outcome = 'up' elseif ARGV[2] == 'missed' then outcome = 'reset' end
${review(12, 13, 'ARGV[3]', 'outcome', 'ARGV[8]')}
local credit = 0
-- A zero credit (a mock interview) does not use up the question's credit.
if tonumber(ARGV[4]) > 0 and redis.call('SADD', KEYS[4], 'open:' .. ARGV[3]) == 1 then credit = tonumber(ARGV[4]) end
${award('credit', 3, 6, 'ARGV[5]', 'ARGV[6]')}
return {'ok', tostring(credit)}
`;

/** Joins a team unless the user is already in another one. */
export const JOIN_TEAM = `
-- KEYS: 1 user, 2 team members, 3 teams (name -> member count)
-- ARGV: 1 uid, 2 team name, 3 max teams
local current = redis.call('HGET', KEYS[1], 'team')
if current == ARGV[2] then return {'already', current} end
if current then return {'other', current} end
if redis.call('HEXISTS', KEYS[3], ARGV[2]) == 0 and redis.call('HLEN', KEYS[3]) >= tonumber(ARGV[3]) then return {'full'} end
redis.call('HSET', KEYS[1], 'team', ARGV[2])
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('HINCRBY', KEYS[3], ARGV[2], 1)
return {'ok', ARGV[2]}
`;

/** Leaves the team the caller read a moment ago (compare-and-delete, so a racing join is not undone). */
export const LEAVE_TEAM = `
-- KEYS: 1 user, 2 team members, 3 teams (name -> member count)
-- ARGV: 1 uid, 2 expected team name
if redis.call('HGET', KEYS[1], 'team') ~= ARGV[2] then return {'changed'} end
redis.call('HDEL', KEYS[1], 'team')
redis.call('SREM', KEYS[2], ARGV[1])
if redis.call('HINCRBY', KEYS[3], ARGV[2], -1) <= 0 then redis.call('HDEL', KEYS[3], ARGV[2]) end
return {'ok'}
`;

/** Closes an open post once; returns 1 for the caller that closed it, 0 if it was closed already. */
export const CLOSE_POST = `
-- KEYS: 1 post, 2 channel open posts; ARGV: 1 post id, 2 now (ms)
if redis.call('HGET', KEYS[1], 'status') ~= 'open' then return 0 end
redis.call('HSET', KEYS[1], 'status', 'closed', 'closedAt', ARGV[2])
redis.call('ZREM', KEYS[2], ARGV[1])
return 1
`;
