/**
 * Lua for the packed per-user state (layout in question-state.ts), spliced into the scripts that change it: the
 * answer, self-assessment, practice and streak restore scripts. A question's record is found with a binary search
 * over the sorted records and written back in place (SETRANGE), or inserted in order; the streak log after the
 * records is read and replaced whole.
 */
import { FLAG, RECORD_BYTES, STATE_HEADER, STATE_VERSION } from './question-state.js';

const FORMAT = "'>HBI6I4I6HBB'";

/**
 * Declares the locals and functions of the state in KEYS[`key`]:
 * - qsLoad(qnum) returns the question's record as a table (flags, s, d, due, ivl, reps, lapses; zeros if new);
 * - qsSave(rec) writes it back; qsHas(rec, flag), qsSet(rec, flag), qsClear(rec, flag), qsLevel(rec), qsSetLevel(rec, n);
 * - stLog() returns the streak log, stSetLog(log) replaces it;
 * - qsNew is true when the user has no state yet (see migrateGuard).
 * A record saved in place is written with SETRANGE without copying the whole state again, so a script that also
 * writes the streak log writes it first.
 */
export function questionState(key: number): string {
  return `local ST_KEY = KEYS[${key}]
local stRaw = redis.call('GET', ST_KEY)
local qsNew = not stRaw
if not stRaw or #stRaw < ${STATE_HEADER} or string.byte(stRaw, 1) ~= ${STATE_VERSION} then stRaw = string.char(${STATE_VERSION}, 0, 0) end
local qsCount = struct.unpack('>H', stRaw, 2)
local stStale = false
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
    local _, flags, s, d, due, ivl, reps, lapses = struct.unpack(${FORMAT}, stRaw, p)
    r.flags, r.s, r.d, r.due, r.ivl, r.reps, r.lapses = flags, s / 100000000, d / 100000000, due, ivl, reps, lapses
  end
  return r
end
local function qsSave(r)
  local bytes = struct.pack(${FORMAT}, r.q, r.flags, math.floor(r.s * 100000000 + 0.5), math.floor(r.d * 100000000 + 0.5),
    r.due, math.min(r.ivl, 65535), math.min(r.reps, 255), math.min(r.lapses, 255))
  if stStale then error('the packed state changed in place before this write') end
  if r.found then
    redis.call('SETRANGE', ST_KEY, r.pos - 1, bytes)
    stStale = true
  else
    qsCount = qsCount + 1
    stRaw = string.char(${STATE_VERSION}) .. struct.pack('>H', qsCount) .. string.sub(stRaw, ${STATE_HEADER + 1}, r.pos - 1) .. bytes .. string.sub(stRaw, r.pos)
    redis.call('SET', ST_KEY, stRaw)
    r.found = true
  end
  qsNew = false
end
local function stLog() return string.sub(stRaw, ${STATE_HEADER + 1} + qsCount * ${RECORD_BYTES}) end
local function stSetLog(log)
  if stStale then error('the packed state changed in place before this write') end
  stRaw = string.sub(stRaw, 1, ${STATE_HEADER} + qsCount * ${RECORD_BYTES}) .. log
  redis.call('SET', ST_KEY, stRaw)
  qsNew = false
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
local count = struct.unpack('>H', raw, 2)
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
    if flags == 0 and string.sub(rec, 4, 9) == string.rep(string.char(0), 6) then rec = '' end
  end
  if rec ~= '' then kept = kept + 1 end
  out[#out + 1] = rec
end
if changed > 0 then
  redis.call('SET', KEYS[1], string.char(${STATE_VERSION}) .. struct.pack('>H', kept) .. table.concat(out) .. string.sub(raw, ${STATE_HEADER + 1} + count * ${RECORD_BYTES}))
end
return changed
`;

/** Marks a question seen (a reminder's question). KEYS: 1 the state, 2-7 its old keys; ARGV: 1 question number. */
export const MARK_SEEN = `
${questionState(1)}
${migrateGuard([2, 3, 4, 5, 6, 7])}
local rec = qsLoad(tonumber(ARGV[1]))
if qsHas(rec, ${FLAG.seen}) then return {'ok'} end
qsSet(rec, ${FLAG.seen})
qsSave(rec)
return {'ok'}
`;
