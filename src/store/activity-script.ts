/**
 * Lua for the activity record (answers per day, layout in domain/activity.ts), kept in the user's packed state
 * (question-state.ts) and spliced into the answer script so recording it costs no extra round trip.
 */
import { ACTIVITY_BYTES, ACTIVITY_DAYS, ACTIVITY_HEADER_SLOTS, ACTIVITY_MAX } from '../domain/activity.js';

/**
 * Counts one answer on day `today` (a Lua expression) in the activity record of the state loaded by questionState.
 * A day older than the ring is not counted; an earlier day still in the ring is (the user changed zone).
 */
export function recordActivity(today: string): string {
  return `do
  local ring = ${ACTIVITY_DAYS}
  local day = ${today}
  local act = stActivity()
  if #act ~= ${ACTIVITY_BYTES} then act = string.rep(string.char(0), ${ACTIVITY_BYTES}) end
  local b = {string.byte(act, 1, ${ACTIVITY_BYTES})}
  -- 4-bit slots counted from the record's start: slot n is the high half of byte n / 2 when n is even.
  local function getSlot(n)
    local v = b[math.floor(n / 2) + 1]
    if n % 2 == 0 then return math.floor(v / 16) end
    return v % 16
  end
  local function setSlot(n, x)
    local i = math.floor(n / 2) + 1
    if n % 2 == 0 then b[i] = (b[i] % 16) + x * 16 else b[i] = b[i] - (b[i] % 16) + x end
  end
  local newest = ((b[1] * 256 + b[2]) * 256 + b[3]) * 256 + b[4]
  if day > newest then
    if newest > 0 and day - newest < ring then
      -- Clear the slots of the days since the newest one, today's included: they still hold days a ring ago.
      for d = newest + 1, day do setSlot(${ACTIVITY_HEADER_SLOTS} + d % ring, 0) end
    elseif newest > 0 then
      for i = 5, ${ACTIVITY_BYTES} do b[i] = 0 end
    end
    newest = day
    b[1], b[2], b[3], b[4] = math.floor(day / 16777216) % 256, math.floor(day / 65536) % 256, math.floor(day / 256) % 256, day % 256
  end
  if day > newest - ring then
    local slot = ${ACTIVITY_HEADER_SLOTS} + day % ring
    local v = getSlot(slot)
    if v < ${ACTIVITY_MAX} then setSlot(slot, v + 1) end
  end
  stSetActivity(string.char(unpack(b)))
end`;
}

/** The ring of the activity keys from before the packed state (a BITFIELD string of their own). */
const OLD_RING = 128;

/**
 * Lua that moves the activity key from before the packed state (KEYS[old]: the newest day, then 4-bit counters of a
 * 128-day ring) into the state once, keeping the days the new ring holds, and drops the topic tallies from before
 * (KEYS[oldTopics]: they now come from the question records).
 */
export function moveOldActivity(old: number, oldTopics: number): string {
  return `if stActivity() == '' then
  local raw = redis.call('GET', KEYS[${old}])
  if raw and #raw >= 4 then
    local function nibble(s, n)
      local v = string.byte(s, math.floor(n / 2) + 1) or 0
      if n % 2 == 0 then return math.floor(v / 16) end
      return v % 16
    end
    local b = {}
    for i = 1, ${ACTIVITY_BYTES} do b[i] = 0 end
    for i = 1, 4 do b[i] = string.byte(raw, i) end
    local newest = ((b[1] * 256 + b[2]) * 256 + b[3]) * 256 + b[4]
    for d = math.max(1, newest - ${ACTIVITY_DAYS} + 1), newest do
      local v = nibble(raw, ${ACTIVITY_HEADER_SLOTS} + d % ${OLD_RING})
      local n = ${ACTIVITY_HEADER_SLOTS} + d % ${ACTIVITY_DAYS}
      local i = math.floor(n / 2) + 1
      if n % 2 == 0 then b[i] = (b[i] % 16) + v * 16 else b[i] = b[i] - (b[i] % 16) + v end
    end
    stSetActivity(string.char(unpack(b)))
  end
  redis.call('DEL', KEYS[${old}], KEYS[${oldTopics}])
end`;
}
