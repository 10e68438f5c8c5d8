/**
 * Lua scripts. Keys are always passed in (built in keys.ts), never built inside a script.
 */
import { fsrsReview } from './fsrs-script.js';
import { PRACTICE_ID_LENGTH } from './practice.js';
import { FLAG } from './question-state.js';
import { migrateGuard, questionState } from './question-state-script.js';
import { moveOldActivity, recordActivity } from './activity-script.js';
import { answerStreak, loadStreak, saveStreak } from './streak-script.js';
import { HINT_POINTS_DIVISOR } from '../domain/hints.js';
import { STAT } from '../domain/question-stats.js';
import { BUMP_TRACK } from './track-stats.js';

/** A finished period's board keeps its top entries only (what the weekly recap and a "last week" view show). */
export const FINISHED_BOARD_SIZE = 100;

/**
 * Lua that adds `amount` points to the user (KEYS[user]) and to the six boards that start at KEYS[firstBoard]:
 * all, week, month for people, then all, week, month for the user's team. Period boards expire (NX) at the given
 * ARGV expressions. The first points of a new week or month (the board gets its expiry) cut the previous period's
 * people board (KEYS[previous], KEYS[previous + 1]) down to its top FINISHED_BOARD_SIZE: nobody adds to it any more,
 * and the whole board is freed in the background (UNLINK) instead of being kept until it expires.
 */
function award(amount: string, user: number, firstBoard: number, weekExpire: string, monthExpire: string, previous: number): string {
  const [all, week, month, tAll, tWeek, tMonth] = [0, 1, 2, 3, 4, 5].map((i) => `KEYS[${firstBoard + i}]`);
  return `if ${amount} > 0 then
  local function trimFinished(key)
    if redis.call('ZCARD', key) <= ${FINISHED_BOARD_SIZE} then return end
    local top = redis.call('ZREVRANGE', key, 0, ${FINISHED_BOARD_SIZE - 1}, 'WITHSCORES')
    local ttl = redis.call('PTTL', key)
    redis.call('UNLINK', key)
    local args = {}
    for i = 1, #top, 2 do args[#args + 1] = top[i + 1]; args[#args + 1] = top[i] end
    redis.call('ZADD', key, unpack(args))
    if ttl > 0 then redis.call('PEXPIRE', key, ttl) end
  end
  redis.call('HINCRBY', KEYS[${user}], 'points', ${amount})
  redis.call('ZINCRBY', ${all}, ${amount}, uid)
  redis.call('ZINCRBY', ${week}, ${amount}, uid)
  if redis.call('EXPIREAT', ${week}, ${weekExpire}, 'NX') == 1 then trimFinished(KEYS[${previous}]) end
  redis.call('ZINCRBY', ${month}, ${amount}, uid)
  if redis.call('EXPIREAT', ${month}, ${monthExpire}, 'NX') == 1 then trimFinished(KEYS[${previous + 1}]) end
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
 * A user who took the post's hint (KEYS[18] has them) gets the points divided by HINT_POINTS_DIVISOR, `h` in front
 * of the stored record and a Hard instead of a Good review; the script returns whether they did, so answering stays
 * one round trip.
 *
 * Two kinds of post: a practice question (ARGV[15] its id) lives in the user hash (practice.ts): it must be the
 * user's current one, and its answer and hint are fields there. Any other post (channel, mock, and practice
 * questions from before) has its post hash, answer hash and hint hash.
 * Per question, the scored, seen and awaiting-assessment flags and the FSRS card are one record of the user's packed
 * state (KEYS[20], which also holds the streak log); a user who still has the state of the layout before it gets
 * {'migrate'} back first.
 * It also counts the answer in the user's activity record (in the packed state; topic tallies come from its records).
 */
export const RECORD_ANSWER = `
-- KEYS: 1 post, 2 post answers, 3 user, 4 scored (old), 5 lb all, 6 lb week, 7 lb month,
--       8 team lb all, 9 team lb week, 10 team lb month, 11 streaks, 12 names, 13 seen (old), 14 Leitner boxes (old),
--       15 review due (old), 16 review cards (old), 17 streak log (old list), 18 post hints, 19 question stats,
--       20 packed state (questions and streak log), 21 mastery (old), 22 lb previous week, 23 lb previous month,
--       24 activity (old key), 25 topic tallies (old key)
-- ARGV: 1 uid, 2 question id, 3 track, 4 answer record (answer-record.ts), 5 correct (1|0|-1 open), 6 points if correct
--       (before a hint), 7 today (day number in the user's zone), 8 week expire-at, 9 month expire-at, 10 now (ms),
--       11 display name, 12 review rating (1 Again, 2 Hard, 3 Good, 0 none), 13 freeze cap, 14 question number,
--       15 practice post id ('' for a post with a post hash)
${questionState(20)}
${BUMP_TRACK}
local uid = ARGV[1]
local practice = ARGV[15] ~= ''
if practice then
  local pq = redis.call('HGET', KEYS[3], 'pq')
  if not pq or string.sub(pq, 1, ${PRACTICE_ID_LENGTH}) ~= ARGV[15] then return {'missing'} end
  local prev = redis.call('HGET', KEYS[3], 'pqr')
  if prev then return {'dup', prev} end
else
  local status = redis.call('HGET', KEYS[1], 'status')
  if not status then return {'missing'} end
  local prev = redis.call('HGET', KEYS[2], uid)
  if prev then return {'dup', prev} end
  if status ~= 'open' then return {'closed'} end
  local closes = tonumber(redis.call('HGET', KEYS[1], 'closes') or '0')
  if closes > 0 and tonumber(ARGV[10]) >= closes then return {'closed'} end
  local aud = redis.call('HGET', KEYS[1], 'aud')
  if aud and aud ~= '' and aud ~= uid then return {'notyours'} end
end
${migrateGuard([4, 13, 14, 15, 16, 21])}
-- Took the hint before answering: half the points and "h" in the record; a correct answer then rates Hard, not Good.
local hinted
if practice then hinted = redis.call('HEXISTS', KEYS[3], 'pqh') == 1 else hinted = redis.call('HEXISTS', KEYS[18], uid) == 1 end
local record = ARGV[4]
if hinted then record = 'h' .. record end
-- A mock interview's question: the answer feeds stats, streak and review, but scores nothing and leaves the
-- boards and the question's points alone.
local mock = false
if practice then
  redis.call('HSET', KEYS[3], 'pqr', record)
else
  if redis.call('HSETNX', KEYS[2], uid, record) == 0 then
    return {'dup', redis.call('HGET', KEYS[2], uid)}
  end
  -- The answers live as long as their post (a channel post's until its reveal).
  local postTtl = redis.call('TTL', KEYS[1])
  if postTtl > 0 then redis.call('EXPIRE', KEYS[2], postTtl, 'NX') end
  mock = redis.call('HEXISTS', KEYS[1], 'mock') == 1
  redis.call('HINCRBY', KEYS[1], 'n', 1)
end

local track = ARGV[3]
local points = 0
local rec = qsLoad(tonumber(ARGV[14]))
qsSet(rec, ${FLAG.seen})
redis.call('HINCRBY', KEYS[3], 'answered', 1)
bumpTrack(KEYS[3], 'ta', track)
if ARGV[5] == '-1' then redis.call('HINCRBY', KEYS[19], '${STAT.open}:' .. ARGV[2], 1) else redis.call('HINCRBY', KEYS[19], '${STAT.graded}:' .. ARGV[2], 1) end
if hinted then
  redis.call('HINCRBY', KEYS[3], 'hinted', 1)
  redis.call('HINCRBY', KEYS[19], '${STAT.hinted}:' .. ARGV[2], 1)
end
if ARGV[5] == '1' then
  if not practice then
    redis.call('HINCRBY', KEYS[1], 'ok', 1)
    redis.call('HSETNX', KEYS[1], 'first', uid)
  end
  redis.call('HINCRBY', KEYS[3], 'correct', 1)
  bumpTrack(KEYS[3], 'tc', track)
  redis.call('HINCRBY', KEYS[19], '${STAT.correct}:' .. ARGV[2], 1)
  if hinted then redis.call('HINCRBY', KEYS[3], 'hintedOk', 1) end
  if not mock and not qsHas(rec, ${FLAG.scored}) then
    qsSet(rec, ${FLAG.scored})
    points = tonumber(ARGV[6])
    if hinted then points = math.floor(points / ${HINT_POINTS_DIVISOR}) end
  end
elseif ARGV[5] == '-1' then
  redis.call('HINCRBY', KEYS[3], 'open', 1)
  qsSet(rec, ${FLAG.awaiting})
end

local today = tonumber(ARGV[7])
${loadStreak('KEYS[3]')}
local earned = 0
if last == 0 or today > last then
  ${answerStreak('today', 'tonumber(ARGV[13])')}
  ${saveStreak('KEYS[3]', 'KEYS[11]', 'KEYS[17]', 'uid')}
end

${moveOldActivity(24, 25)}
${recordActivity('today')}
${award('points', 3, 5, 'ARGV[8]', 'ARGV[9]', 22)}
-- The names hash is written only when a name changes.
if redis.call('HGET', KEYS[12], uid) ~= ARGV[11] then redis.call('HSET', KEYS[12], uid, ARGV[11]) end
local rating = ARGV[12]
if hinted and rating == '3' then rating = '2' end
${fsrsReview('rec', 'rating', 'ARGV[10]')}
if rec.reviewed then qsSet(rec, ${FLAG.queued}) end
if rec.firstAgain then qsSet(rec, ${FLAG.firstWrong}) end
qsSave(rec)
stCommit()
return {'ok', tostring(points), tostring(cur), tostring(best), tostring(frz), tostring(used), tostring(earned), hinted and '1' or '0'}
`;

/**
 * Records a self-assessment of an open answer once; grants the participation credit once per question.
 * Whether the user may assess is a flag of the question's record (set by an open answer, cleared by the assessment,
 * which keeps the level); answers from before the packed state are checked against their post's own hashes.
 */
export const SELF_ASSESS = `
-- KEYS: 1 post assessments (old), 2 post answers, 3 user, 4 scored (old), 5 mastery (old), 6 lb all, 7 lb week, 8 lb month,
--       9 team lb all, 10 team lb week, 11 team lb month, 12 Leitner boxes (old), 13 review due (old), 14 review cards (old),
--       15 packed state, 16 seen (old), 17 lb previous week, 18 lb previous month
-- ARGV: 1 uid, 2 level, 3 question id, 4 credit, 5 week expire-at, 6 month expire-at, 7 require answer (1|0), 8 now (ms),
--       9 question number
${questionState(15)}
${migrateGuard([4, 16, 12, 13, 14, 5])}
local uid = ARGV[1]
local LEVEL = {got = 1, partly = 2, missed = 3}
local NAME = {'got', 'partly', 'missed'}
local rec = qsLoad(tonumber(ARGV[9]))
if ARGV[7] == '1' and not qsHas(rec, ${FLAG.awaiting}) then
  local prev = redis.call('HGET', KEYS[2], uid)
  if prev and string.sub(prev, 1, 1) == '{' then
    -- An answer recorded before the packed state: its post keeps its own assessments.
    if redis.call('HSETNX', KEYS[1], uid, ARGV[2]) == 0 then return {'dup', redis.call('HGET', KEYS[1], uid)} end
    local answersTtl = redis.call('TTL', KEYS[2])
    if answersTtl > 0 then redis.call('EXPIRE', KEYS[1], answersTtl, 'NX') end
  elseif qsLevel(rec) > 0 then
    return {'dup', NAME[qsLevel(rec)]}
  else
    return {'noanswer'}
  end
end
qsClear(rec, ${FLAG.awaiting})
if LEVEL[ARGV[2]] then qsSetLevel(rec, LEVEL[ARGV[2]]) end
redis.call('HINCRBY', KEYS[3], 'sa:' .. ARGV[2], 1)
-- got / partly / missed rate the review Good / Hard / Again.
local rating = ({got = 3, partly = 2, missed = 1})[ARGV[2]] or 0
${fsrsReview('rec', 'rating', 'ARGV[8]')}
if rec.reviewed then qsSet(rec, ${FLAG.queued}) end
local credit = 0
-- A zero credit (a mock interview) does not use up the question's credit.
if tonumber(ARGV[4]) > 0 and not qsHas(rec, ${FLAG.credited}) then
  qsSet(rec, ${FLAG.credited})
  credit = tonumber(ARGV[4])
end
if rec.firstAgain then qsSet(rec, ${FLAG.firstWrong}) end
qsSave(rec)
stCommit()
${award('credit', 3, 6, 'ARGV[5]', 'ARGV[6]', 17)}
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

/**
 * The reveal was posted: link its message (self-assessment reactions), mark the post revealed and drop the answers
 * and hints of each user, unless the post keeps them (field `keep`, see PostRepository.saveTally).
 */
export const REVEAL_POST = `
-- KEYS: 1 post, 2 post answers, 3 post hints, 4 message -> post; ARGV: 1 post id, 2 message id, 3 message link ttl (s)
redis.call('SET', KEYS[4], ARGV[1], 'EX', ARGV[3])
redis.call('HSET', KEYS[1], 'rmsg', ARGV[2])
if redis.call('HEXISTS', KEYS[1], 'keep') == 0 then redis.call('DEL', KEYS[2], KEYS[3]) end
return 1
`;

/** Closes an open post once; returns 1 for the caller that closed it, 0 if it was closed already. */
export const CLOSE_POST = `
-- KEYS: 1 post, 2 channel open posts; ARGV: 1 post id, 2 now (ms)
if redis.call('HGET', KEYS[1], 'status') ~= 'open' then return 0 end
redis.call('HSET', KEYS[1], 'status', 'closed', 'closedAt', ARGV[2])
redis.call('ZREM', KEYS[2], ARGV[1])
return 1
`;
