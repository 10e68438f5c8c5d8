/**
 * Lua scripts. Keys are always passed in (built in keys.ts), never built inside a script.
 */
import { fsrsReview } from './fsrs-script.js';
import { recordActivity } from './activity-script.js';
import { answerStreak, loadStreak, saveStreak } from './streak-script.js';
import { HINT_POINTS_DIVISOR } from '../domain/hints.js';
import { STAT } from '../domain/question-stats.js';

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

/**
 * Records one answer atomically; the first answer per user and post counts, repeats return the stored one.
 * A user who took the post's hint (KEYS[18] has them) gets the points divided by HINT_POINTS_DIVISOR, `"h":1` in the
 * stored record and a Hard instead of a Good review; the script returns whether they did, so answering stays one round trip.
 * It also counts the answer in the user's activity record and, for an auto-graded answer, in their topic tallies.
 */
export const RECORD_ANSWER = `
-- KEYS: 1 post, 2 post answers, 3 user, 4 user scored, 5 lb all, 6 lb week, 7 lb month,
--       8 team lb all, 9 team lb week, 10 team lb month, 11 streaks, 12 names, 13 user seen, 14 Leitner boxes (legacy),
--       15 review due, 16 review cards (FSRS), 17 streak log, 18 post hints, 19 question stats,
--       20 user activity (answers per day), 21 user topic tallies
-- ARGV: 1 uid, 2 question id, 3 track, 4 answer record (json object), 5 correct (1|0|-1 open), 6 points if correct (before a hint),
--       7 today (day number in the user's zone), 8 week expire-at, 9 month expire-at, 10 now (ms), 11 display name,
--       12 review rating (1 Again, 2 Hard, 3 Good, 0 none), 13 freeze cap, 14 topic ('' counts no topic tally)
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return {'missing'} end
local prev = redis.call('HGET', KEYS[2], ARGV[1])
if prev then return {'dup', prev} end
if status ~= 'open' then return {'closed'} end
local closes = tonumber(redis.call('HGET', KEYS[1], 'closes') or '0')
if closes > 0 and tonumber(ARGV[10]) >= closes then return {'closed'} end
local aud = redis.call('HGET', KEYS[1], 'aud')
if aud and aud ~= '' and aud ~= ARGV[1] then return {'notyours'} end
-- Took the hint before answering: half the points and "h":1 in the record; a correct answer then rates Hard, not Good.
local hinted = redis.call('HEXISTS', KEYS[18], ARGV[1]) == 1
local record = ARGV[4]
if hinted then record = (record == '{}' and '{' or string.sub(record, 1, -2) .. ',') .. '"h":1}' end
if redis.call('HSETNX', KEYS[2], ARGV[1], record) == 0 then
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
if ARGV[5] == '-1' then redis.call('HINCRBY', KEYS[19], '${STAT.open}:' .. ARGV[2], 1) else redis.call('HINCRBY', KEYS[19], '${STAT.graded}:' .. ARGV[2], 1) end
if hinted then
  redis.call('HINCRBY', KEYS[3], 'hinted', 1)
  redis.call('HINCRBY', KEYS[19], '${STAT.hinted}:' .. ARGV[2], 1)
end
if ARGV[5] == '1' then
  redis.call('HINCRBY', KEYS[1], 'ok', 1)
  redis.call('HSETNX', KEYS[1], 'first', uid)
  redis.call('HINCRBY', KEYS[3], 'correct', 1)
  redis.call('HINCRBY', KEYS[3], 't:' .. track .. ':c', 1)
  redis.call('HINCRBY', KEYS[19], '${STAT.correct}:' .. ARGV[2], 1)
  if hinted then redis.call('HINCRBY', KEYS[3], 'hintedOk', 1) end
  if not mock and redis.call('SADD', KEYS[4], ARGV[2]) == 1 then
    points = tonumber(ARGV[6])
    if hinted then points = math.floor(points / ${HINT_POINTS_DIVISOR}) end
  end
elseif ARGV[5] == '-1' then
  redis.call('HINCRBY', KEYS[3], 'open', 1)
end

local today = tonumber(ARGV[7])
${loadStreak('KEYS[3]')}
local earned = 0
if last == 0 or today > last then
  ${answerStreak('today', 'tonumber(ARGV[13])')}
  ${saveStreak('KEYS[3]', 'KEYS[11]', 'KEYS[17]', 'uid')}
end

${recordActivity(20, 21, 'today', 'ARGV[14]', 'ARGV[5]')}
${award('points', 3, 5, 'ARGV[8]', 'ARGV[9]')}
redis.call('HSET', KEYS[12], uid, ARGV[11])
redis.call('SADD', KEYS[13], ARGV[2])
local rating = ARGV[12]
if hinted and rating == '3' then rating = '2' end
${fsrsReview(16, 14, 15, 'ARGV[2]', 'rating', 'ARGV[10]')}
return {'ok', tostring(points), tostring(cur), tostring(best), tostring(frz), tostring(used), tostring(earned), hinted and '1' or '0'}
`;

/** Records a self-assessment of an open answer once; grants the participation credit once per question. */
export const SELF_ASSESS = `
-- KEYS: 1 post assessments, 2 post answers, 3 user, 4 user scored, 5 user mastery, 6 lb all, 7 lb week, 8 lb month,
--       9 team lb all, 10 team lb week, 11 team lb month, 12 Leitner boxes (legacy), 13 review due, 14 review cards (FSRS)
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
-- got / partly / missed rate the review Good / Hard / Again.
local rating = ({got = 3, partly = 2, missed = 1})[ARGV[2]] or 0
${fsrsReview(14, 12, 13, 'ARGV[3]', 'rating', 'ARGV[8]')}
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
