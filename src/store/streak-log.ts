/**
 * A user's streak log, newest change first, at the end of their packed state (question-state.ts), after the
 * question records and the activity record. Records, big-endian, each starting with its kind and day (3 bytes):
 *
 *   1 start           streak (2)                                   6 bytes
 *   2 extended        streak (2), days (2)                         8 bytes: a run, the extensions of consecutive
 *                                                                  days ending at `day` with that streak
 *   3 freeze earned   freezes (1)                                  5 bytes
 *   4 freeze used     streak (2), freezes (1)                      7 bytes
 *   5 reset           the streak it ended (2)                      6 bytes
 *   6 restore         previous (2), streak (2), text length (2),   10 bytes and "<admin id>\n<reason>" in UTF-8
 *
 * The scripts keep at most STREAK_LOG_LIMIT records; a run counts once, so the log always holds the newest
 * STREAK_LOG_LIMIT changes (the reader stops there). Logs from before this format are Redis lists of JSON entries
 * (key `…:slog`), converted by the first script that writes the log.
 */
import { STREAK_LOG_LIMIT, type StreakEvent } from '../domain/streak.js';
import { logOffset } from './question-state.js';

const KIND = { start: 1, extend: 2, earn: 3, freeze: 4, reset: 5, restore: 6 } as const;
/** Bytes of each kind of record (a restore: 10 and its text). */
const SIZE: Record<number, number> = { [KIND.start]: 6, [KIND.extend]: 8, [KIND.earn]: 5, [KIND.freeze]: 7, [KIND.reset]: 6 };

/** The changes the log in a packed state stands for, newest first, at most `limit`. */
export function decodeStreakLog(buf: Buffer | null | undefined, limit = STREAK_LOG_LIMIT): StreakEvent[] {
  const out: StreakEvent[] = [];
  if (!buf) return out;
  let p = logOffset(buf);
  while (p + 5 <= buf.length && out.length < limit) {
    const kind = buf[p]!;
    const d = buf.readUIntBE(p + 1, 3);
    const size = kind === KIND.restore ? (p + 10 <= buf.length ? 10 + buf.readUInt16BE(p + 8) : undefined) : SIZE[kind];
    if (size === undefined || p + size > buf.length) break;
    if (kind === KIND.start) out.push({ k: 'start', d, s: buf.readUInt16BE(p + 4) });
    else if (kind === KIND.extend) {
      const s = buf.readUInt16BE(p + 4);
      const n = buf.readUInt16BE(p + 6);
      for (let i = 0; i < n && out.length < limit; i++) out.push({ k: 'extend', d: d - i, s: s - i });
    } else if (kind === KIND.earn) out.push({ k: 'earn', d, f: buf.readUInt8(p + 4) });
    else if (kind === KIND.freeze) out.push({ k: 'freeze', d, s: buf.readUInt16BE(p + 4), f: buf.readUInt8(p + 6) });
    else if (kind === KIND.reset) out.push({ k: 'reset', d, p: buf.readUInt16BE(p + 4) });
    else if (kind === KIND.restore) {
      const [by = '', ...reason] = buf.subarray(p + 10, p + size).toString('utf8').split('\n');
      out.push({ k: 'restore', d, p: buf.readUInt16BE(p + 4), s: buf.readUInt16BE(p + 6), by, r: reason.join('\n') });
    }
    p += size;
  }
  return out;
}

/** An entry of a log from before the packed format (JSON), or nothing if it does not parse. */
export function decodeLegacyEntry(raw: string): StreakEvent[] {
  try { return [JSON.parse(raw) as StreakEvent]; } catch { return []; }
}

/**
 * Lua that prepends the Lua table `events` (oldest first, as the streak rules append them) to the log of the state
 * loaded by questionState (stLog, stSetLog), converting a log in the list format from before (`legacy`) first, and
 * keeps the newest STREAK_LOG_LIMIT records.
 */
export function appendStreakLog(legacy: string): string {
  return `if #events > 0 then
  local function num(x) return math.max(0, math.min(65535, tonumber(x) or 0)) end
  local function small(x) return math.max(0, math.min(255, tonumber(x) or 0)) end
  local function record(e)
    local d = tonumber(e.d) or 0
    if e.k == 'start' then return struct.pack('>BI3H', ${KIND.start}, d, num(e.s)) end
    if e.k == 'extend' then return struct.pack('>BI3HH', ${KIND.extend}, d, num(e.s), 1) end
    if e.k == 'earn' then return struct.pack('>BI3B', ${KIND.earn}, d, small(e.f)) end
    if e.k == 'freeze' then return struct.pack('>BI3HB', ${KIND.freeze}, d, num(e.s), small(e.f)) end
    if e.k == 'reset' then return struct.pack('>BI3H', ${KIND.reset}, d, num(e.p)) end
    local text = tostring(e.by or '') .. '\\n' .. tostring(e.r or '')
    return struct.pack('>BI3HHH', ${KIND.restore}, d, num(e.p), num(e.s), #text) .. text
  end
  local SIZE = {${[1, 2, 3, 4, 5].map((k) => SIZE[k]).join(', ')}}
  local raw = stLog()
  if raw == '' and redis.call('EXISTS', ${legacy}) == 1 then
    local parts = {}
    -- A log from before the packed format: its JSON entries (newest first) become records, once.
    for _, entry in ipairs(redis.call('LRANGE', ${legacy}, 0, ${STREAK_LOG_LIMIT - 1})) do
      local ok, e = pcall(cjson.decode, entry)
      if ok and type(e) == 'table' and e.k then parts[#parts + 1] = record(e) end
    end
    raw = table.concat(parts)
    redis.call('DEL', ${legacy})
  end
  for _, e in ipairs(events) do
    local done = false
    if e.k == 'extend' and #raw >= 8 and string.byte(raw, 1) == ${KIND.extend} then
      local _, hd, hs, hn = struct.unpack('>BI3HH', raw, 1)
      if hd == e.d - 1 and hs == e.s - 1 and hn < 65535 then
        raw = struct.pack('>BI3HH', ${KIND.extend}, e.d, num(e.s), hn + 1) .. string.sub(raw, 9)
        done = true
      end
    end
    if not done then raw = record(e) .. raw end
  end
  local pos, n = 1, 0
  while pos <= #raw and n < ${STREAK_LOG_LIMIT} do
    local kind = string.byte(raw, pos)
    if kind == ${KIND.restore} then pos = pos + 10 + struct.unpack('>H', raw, pos + 8) else pos = pos + (SIZE[kind] or #raw) end
    n = n + 1
  end
  stSetLog(string.sub(raw, 1, pos - 1))
end`;
}
