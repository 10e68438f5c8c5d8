/**
 * The streak rules of src/domain/streak.ts in Lua, for the answer script and the restore script.
 * The Lua mirrors the TypeScript line by line (a property test compares them on real Redis); numbers are
 * doubles on both sides and the day bit sets stay below 2^32 so Redis keeps them exact.
 */
import { DAY_BITS, DAYS_PER_FREEZE } from '../domain/streak.js';
import { appendStreakLog } from './streak-log.js';
import { OLD_STREAK_FIELDS, STREAK_FIELD } from './streak-fields.js';
import { migrateGuard, questionState } from './question-state-script.js';

/**
 * Lua that reads the streak of the user hash `user` into locals: the field `sk` (streaks.ts STREAK_FIELD), or the
 * seven fields it replaced (`oldStreak` is then true, and saveStreak removes them).
 */
export function loadStreak(user: string): string {
  return `local sf = redis.call('HMGET', ${user}, '${STREAK_FIELD}', ${OLD_STREAK_FIELDS.map((f) => `'${f}'`).join(', ')})
local oldStreak = not sf[1] and sf[2] ~= false
if sf[1] then
  local i = 2
  for v in string.gmatch(sf[1], '[^,]+') do sf[i] = v; i = i + 1 end
end
local cur, best, last = tonumber(sf[2] or '0'), tonumber(sf[3] or '0'), tonumber(sf[4] or '0')
local frz, calDay, calA, calF = tonumber(sf[5] or '0'), tonumber(sf[6] or '0'), tonumber(sf[7] or '0'), tonumber(sf[8] or '0')
local events, used = {}, 0
local function setBit(bits, b)
  if b < 0 or b >= ${DAY_BITS} or math.floor(bits / 2 ^ b) % 2 == 1 then return bits end
  return bits + 2 ^ b
end
local function shift(bits, by)
  if by >= ${DAY_BITS} then return 0 end
  return (bits * 2 ^ by) % 2 ^ ${DAY_BITS}
end`;
}

/** Lua for settle(): calendar moved to `today`, a freeze per missed day, a reset on the first uncovered one. */
export function settleStreak(today: string): string {
  return `if calDay == 0 and last > 0 then
  calDay = last
  calA = 2 ^ math.min(cur, ${DAY_BITS}) - 1
end
if ${today} > calDay then
  calA = shift(calA, ${today} - calDay)
  calF = shift(calF, ${today} - calDay)
  calDay = ${today}
end
if cur > 0 and last > 0 and ${today} - last >= 2 then
  local missed = ${today} - last - 1
  used = math.min(missed, frz)
  for i = 1, used do
    frz = frz - 1
    calF = setBit(calF, calDay - (last + i))
    events[#events + 1] = {k = 'freeze', d = last + i, s = cur, f = frz}
  end
  if missed > used then
    events[#events + 1] = {k = 'reset', d = last + used + 1, p = cur}
    cur = 0
  end
  last = ${today} - 1
end`;
}

/** Lua for answerDay() after the caller checked that `today` is a new day; sets `earned`. */
export function answerStreak(today: string, freezeCap: string): string {
  return `${settleStreak(today)}
cur = cur + 1
if cur == 1 then events[#events + 1] = {k = 'start', d = ${today}, s = cur} else events[#events + 1] = {k = 'extend', d = ${today}, s = cur} end
if cur > best then best = cur end
last = ${today}
calA = setBit(calA, calDay - ${today})
if cur % ${DAYS_PER_FREEZE} == 0 and frz < ${freezeCap} then
  frz = frz + 1
  earned = 1
  events[#events + 1] = {k = 'earn', d = ${today}, f = frz}
end`;
}

/**
 * How many users the streaks sorted set ranks: the highest stored streaks, where the streak leaders of a reveal
 * are looked for (the top 3 live streaks among the top 50 stored). A user's own streak is in their hash.
 */
export const STREAKS_RANKED = 1000;

/**
 * Lua that stores the streak locals, ranks the user by streak and adds the events to the capped log (streak-log.ts)
 * in the user's packed state, which the script must have loaded (question-state-script.ts questionState).
 */
export function saveStreak(user: string, streaks: string, legacyLog: string, uid: string): string {
  return `redis.call('HSET', ${user}, '${STREAK_FIELD}', string.format('%d,%d,%d,%d,%d,%d,%d', cur, best, last, frz, calDay, calA, calF))
if oldStreak then redis.call('HDEL', ${user}, ${OLD_STREAK_FIELDS.map((f) => `'${f}'`).join(', ')}) end
redis.call('ZADD', ${streaks}, cur, ${uid})
if redis.call('ZCARD', ${streaks}) > ${STREAKS_RANKED} then redis.call('ZREMRANGEBYRANK', ${streaks}, 0, -${STREAKS_RANKED + 1}) end
${appendStreakLog(legacyLog)}`;
}

/** An admin restores a streak: settle, set, log; refuses users who never answered here. */
export const RESTORE_STREAK = `
-- KEYS: 1 user, 2 streaks, 3 packed state (with the streak log), 4 names, 5 streak log (old list),
--       6-11 the question state's old keys (question-state-repo.ts legacyStateKeys)
-- ARGV: 1 uid, 2 today (day number), 3 days, 4 admin uid, 5 reason, 6 admin display name
${loadStreak('KEYS[1]')}
if last == 0 then return {'none'} end
${questionState(3)}
${migrateGuard([6, 7, 8, 9, 10, 11])}
-- The log names the admin by id; keep their current name where the views look names up.
redis.call('HSET', KEYS[4], ARGV[4], ARGV[6])
${settleStreak('tonumber(ARGV[2])')}
local previous = cur
cur = tonumber(ARGV[3])
if cur > best then best = cur end
if last < tonumber(ARGV[2]) - 1 then last = tonumber(ARGV[2]) - 1 end
events[#events + 1] = {k = 'restore', d = tonumber(ARGV[2]), p = previous, s = cur, by = ARGV[4], r = ARGV[5]}
${saveStreak('KEYS[1]', 'KEYS[2]', 'KEYS[5]', 'ARGV[1]')}
stCommit()
return {'ok', tostring(previous), tostring(cur)}
`;
