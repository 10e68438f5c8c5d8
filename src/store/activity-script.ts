/**
 * Lua for the per-user activity record and topic tallies (layout in domain/activity.ts), spliced into the answer
 * script so recording them costs no extra round trip.
 */
import { ACTIVITY_DAYS, ACTIVITY_HEADER_SLOTS, ACTIVITY_MAX, TALLY_SCALE } from '../domain/activity.js';

/**
 * Counts one answer on day `today` (a Lua expression) in KEYS[activity], and, when `topic` is not empty and the
 * answer is auto-graded (`correct` is '1' or '0'), one answered (and maybe correct) in KEYS[topics].
 * A day older than the ring is not counted; an earlier day still in the ring is (the user changed zone).
 */
export function recordActivity(activity: number, topics: number, today: string, topic: string, correct: string): string {
  if (ACTIVITY_MAX !== 15) throw new Error('the activity counters are u4');
  return `do
  local act = KEYS[${activity}]
  local ring = ${ACTIVITY_DAYS}
  local day = ${today}
  local newest = redis.call('BITFIELD', act, 'GET', 'u32', 0)[1]
  local ops = {}
  if day > newest then
    if newest > 0 and day - newest < ring then
      -- Clear the slots of the days since the newest one, today's included: they still hold days a ring ago.
      for d = newest + 1, day do
        ops[#ops + 1] = 'SET'; ops[#ops + 1] = 'u4'; ops[#ops + 1] = '#' .. (${ACTIVITY_HEADER_SLOTS} + d % ring); ops[#ops + 1] = '0'
      end
    elseif newest > 0 then
      redis.call('DEL', act)
    end
    ops[#ops + 1] = 'SET'; ops[#ops + 1] = 'u32'; ops[#ops + 1] = '0'; ops[#ops + 1] = tostring(day)
    newest = day
  end
  if day > newest - ring then
    ops[#ops + 1] = 'OVERFLOW'; ops[#ops + 1] = 'SAT'
    ops[#ops + 1] = 'INCRBY'; ops[#ops + 1] = 'u4'; ops[#ops + 1] = '#' .. (${ACTIVITY_HEADER_SLOTS} + day % ring); ops[#ops + 1] = '1'
  end
  if #ops > 0 then
    redis.call('BITFIELD', act, unpack(ops))
    redis.call('EXPIRE', act, ${(ACTIVITY_DAYS + 1) * 86_400})
  end
  if ${topic} ~= '' and (${correct} == '1' or ${correct} == '0') then
    redis.call('HINCRBY', KEYS[${topics}], ${topic}, ${TALLY_SCALE} + tonumber(${correct}))
  end
end`;
}
