/**
 * Lua for the packed per-user state (layout in question-state.ts), spliced into the scripts that change it: the
 * answer, self-assessment, practice and streak restore scripts. The state is read once, a question's record found
 * with a binary search over the sorted records, and the changed state written back with one SET.
 */
import { FLAG, RECORD_BYTES, STATE_HEADER, STATE_VERSION } from './question-state.js';

const FORMAT = "'>HBI4I5I6HBB'";

/**
 * Declares the locals and functions of the state in KEYS[`key`], read once and changed in memory:
 * - qsLoad(qnum) returns the question's record as a table (flags, s, d, due, ivl, reps, lapses; zeros if new),
 *   qsSave(rec) puts it back; qsHas(rec, flag), qsSet(rec, flag), qsClear(rec, flag), qsLevel(rec), qsSetLevel(rec, n);
 * - stActivity() / stSetActivity(bytes): the activity record; stLog() / stSetLog(log): the streak log;
 * - stCommit() writes the state back (one SET) if anything changed: call it before the script returns;
 * - qsNew is true when the user has no state yet (see migrateGuard).
 */
export function questionState(key: number): string {
  return `local ST_KEY = KEYS[${key}]
local stRaw = redis.call('GET', ST_KEY)
local qsNew = not stRaw
if not stRaw or #stRaw < ${STATE_HEADER} or string.byte(stRaw, 1) ~= ${STATE_VERSION} then stRaw = string.char(${STATE_VERSION}, 0, 0, 0) end
local qsCount = struct.unpack('>H', stRaw, 2)
local stActLen = string.byte(stRaw, 4)
local stDirty = false
local function stActStart() return ${STATE_HEADER + 1} + qsCount * ${RECORD_BYTES} end
local function stHeader() return string.char(${STATE_VERSION}) .. struct.pack('>HB', qsCount, stActLen) end
local function qsFind(q)
  local lo, hi = 0, qsCount - 1
  while lo <= hi do
    local mid = math.floor((lo + hi) / 2)
    local p = ${STATE_HEADER + 1} + mid * ${RECORD_BYTES}
    local m = struct.unpack('>H', stRaw, p)
    if m == q then return p, true elseif m < q then lo = mid + 1 else hi = mid - 1 end
  end
  return ${STATE_HEADER + 1} + lo * ${RECORD_BYTES}, false
end
local function qsLoad(q)
  local p, found = qsFind(q)
  local r = {q = q, pos = p, found = found, flags = 0, s = 0, d = 0, due = 0, ivl = 0, reps = 0, lapses = 0}
  if found then
    -- Stability and difficulty share 72 bits: 42 and 30.
    local _, flags, hi, lo, due, ivl, reps, lapses = struct.unpack(${FORMAT}, stRaw, p)
    local sInt, dInt = hi * 1024 + math.floor(lo / 1073741824), lo % 1073741824
    r.flags, r.s, r.d, r.due, r.ivl, r.reps, r.lapses = flags, sInt / 100000000, dInt / 100000000, due, ivl, reps, lapses
  end
  return r
end
local function qsSave(r)
  local sInt, dInt = math.floor(r.s * 100000000 + 0.5), math.floor(r.d * 100000000 + 0.5)
  local bytes = struct.pack(${FORMAT}, r.q, r.flags, math.floor(sInt / 1024), (sInt % 1024) * 1073741824 + dInt,
    r.due, math.min(r.ivl, 65535), math.min(r.reps, 255), math.min(r.lapses, 255))
  if r.found then
    stRaw = string.sub(stRaw, 1, r.pos - 1) .. bytes .. string.sub(stRaw, r.pos + ${RECORD_BYTES})
  else
    qsCount = qsCount + 1
    stRaw = stHeader() .. string.sub(stRaw, ${STATE_HEADER + 1}, r.pos - 1) .. bytes .. string.sub(stRaw, r.pos)
    r.found = true
  end
  stDirty = true
end
local function stActivity() return string.sub(stRaw, stActStart(), stActStart() + stActLen - 1) end
local function stSetActivity(bytes)
  local rest = string.sub(stRaw, stActStart() + stActLen)
  stActLen = #bytes
  stRaw = stHeader() .. string.sub(stRaw, ${STATE_HEADER + 1}, stActStart() - 1) .. bytes .. rest
  stDirty = true
end
local function stLog() return string.sub(stRaw, stActStart() + stActLen) end
local function stSetLog(log)
  stRaw = string.sub(stRaw, 1, stActStart() + stActLen - 1) .. log
  stDirty = true
end
local function stCommit()
  if stDirty then redis.call('SET', ST_KEY, stRaw) end
  stDirty = false
end
local function qsHas(r, f) return bit.band(r.flags, f) ~= 0 end
local function qsSet(r, f) r.flags = bit.bor(r.flags, f) end
local function qsClear(r, f) r.flags = bit.band(r.flags, bit.bnot(f)) end
local function qsLevel(r) return bit.rshift(bit.band(r.flags, ${FLAG.levelMask}), ${FLAG.levelShift}) end
local function qsSetLevel(r, n) r.flags = bit.bor(bit.band(r.flags, bit.bnot(${FLAG.levelMask})), bit.lshift(n, ${FLAG.levelShift})) end`;
}

/**
 * Lua that stops the script with {'migrate'} before it writes anything, when the user has no packed state yet but
 * still has state in the layout before it (the KEYS at `indexes`). The caller converts that state once
 * (QuestionStateRepository.migrate) and runs the script again.
 */
export function migrateGuard(indexes: readonly number[]): string {
  return `if qsNew and redis.call('EXISTS', ${indexes.map((i) => `KEYS[${i}]`).join(', ')}) > 0 then return {'migrate'} end`;
}

/** Writes a migrated state once: KEYS[1] the state, KEYS[2..] the old keys it replaces; ARGV[1] the packed state. */
export const MIGRATE_STATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
for i = 2, #KEYS do redis.call('DEL', KEYS[i]) end
return 1
`;

/**
 * Changes records of many questions at once: KEYS[1] the state; ARGV[1] the flags to clear, ARGV[2] '1' to also
 * forget the review card (drop it from the queue), ARGV[3..] question numbers. Records left with nothing in them
 * are removed; the streak log stays as it is. Used when /quiz starts a pool over (clear seen) and when retired
 * questions leave the review queue.
 */
export const CLEAR_STATES = `
local raw = redis.call('GET', KEYS[1])
if not raw or #raw < ${STATE_HEADER} or string.byte(raw, 1) ~= ${STATE_VERSION} then return 0 end
local count, actLen = struct.unpack('>HB', raw, 2)
local clear = {}
for i = 3, #ARGV do clear[tonumber(ARGV[i])] = true end
local mask = bit.bnot(tonumber(ARGV[1]))
local out = {}
local changed, kept = 0, 0
for i = 0, count - 1 do
  local p = ${STATE_HEADER + 1} + i * ${RECORD_BYTES}
  local rec = string.sub(raw, p, p + ${RECORD_BYTES - 1})
  local q, flags = struct.unpack('>HB', rec)
  if clear[q] then
    changed = changed + 1
    flags = bit.band(flags, mask)
    if ARGV[2] == '1' then
      flags = bit.band(flags, bit.bnot(${FLAG.queued}))
      rec = struct.pack('>HB', q, flags) .. string.rep(string.char(0), ${RECORD_BYTES - 3})
    else
      rec = struct.pack('>HB', q, flags) .. string.sub(rec, 4)
    end
    if flags == 0 and string.sub(rec, 4, 12) == string.rep(string.char(0), 9) then rec = '' end
  end
  if rec ~= '' then kept = kept + 1 end
  out[#out + 1] = rec
end
if changed > 0 then
  redis.call('SET', KEYS[1], string.char(${STATE_VERSION}) .. struct.pack('>HB', kept, actLen) .. table.concat(out) .. string.sub(raw, ${STATE_HEADER + 1} + count * ${RECORD_BYTES}))
end
return changed
`;

