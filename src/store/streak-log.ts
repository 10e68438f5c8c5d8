/**
 * A user's streak log, newest change first, at the end of their packed state (question-state.ts), after the
 * question records. Records of 8 bytes each, big-endian: kind (1 start, 2 extended, 3 freeze earned, 4 freeze used, 5 reset),
 *            day (3 bytes), a (2 bytes), b (2 bytes):
 *            start a = streak · extended a = streak, b = how many days in a row (a run: one record stands for the
 *            extensions of consecutive days ending at `day` with streak `a`) · earned a = freezes · used a = streak,
 *            b = freezes · reset a = the streak it ended
 *   or a restore (kind 6): day (3), previous (2), streak (2), text length (2), then "<admin id>\n<reason>" in UTF-8.
 *
 * The scripts keep at most STREAK_LOG_LIMIT records; a run counts once, so the log always holds the newest
 * STREAK_LOG_LIMIT changes (the reader stops there). Logs from before this format are Redis lists of JSON entries
 * (key `…:slog`), converted by the first script that writes the log.
 */
import { STREAK_LOG_LIMIT, type StreakEvent } from '../domain/streak.js';
import { logOffset } from './question-state.js';

const KIND = { start: 1, extend: 2, earn: 3, freeze: 4, reset: 5, restore: 6 } as const;

/** The changes the log in a packed state stands for, newest first, at most `limit`. */
export function decodeStreakLog(buf: Buffer | null | undefined, limit = STREAK_LOG_LIMIT): StreakEvent[] {
  const out: StreakEvent[] = [];
  if (!buf) return out;
  let p = logOffset(buf);
  while (p + 8 <= buf.length && out.length < limit) {
    const kind = buf[p]!;
    const d = buf.readUIntBE(p + 1, 3);
    const a = buf.readUInt16BE(p + 4);
    const b = buf.readUInt16BE(p + 6);
    if (kind === KIND.restore) {
      const len = buf.readUInt16BE(p + 8);
      const [by = '', ...reason] = buf.subarray(p + 10, p + 10 + len).toString('utf8').split('\n');
      out.push({ k: 'restore', d, p: a, s: b, by, r: reason.join('\n') });
      p += 10 + len;
      continue;
    }
    p += 8;
    if (kind === KIND.start) out.push({ k: 'start', d, s: a });
    else if (kind === KIND.extend) for (let i = 0; i < b && out.length < limit; i++) out.push({ k: 'extend', d: d - i, s: a - i });
    else if (kind === KIND.earn) out.push({ k: 'earn', d, f: a });
    else if (kind === KIND.freeze) out.push({ k: 'freeze', d, s: a, f: b });
    else if (kind === KIND.reset) out.push({ k: 'reset', d, p: a });
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
  local function record(e)
    local d = tonumber(e.d) or 0
    if e.k == 'start' then return struct.pack('>BI3HH', ${KIND.start}, d, num(e.s), 0) end
    if e.k == 'extend' then return struct.pack('>BI3HH', ${KIND.extend}, d, num(e.s), 1) end
    if e.k == 'earn' then return struct.pack('>BI3HH', ${KIND.earn}, d, num(e.f), 0) end
    if e.k == 'freeze' then return struct.pack('>BI3HH', ${KIND.freeze}, d, num(e.s), num(e.f)) end
    if e.k == 'reset' then return struct.pack('>BI3HH', ${KIND.reset}, d, num(e.p), 0) end
    local text = tostring(e.by or '') .. '\\n' .. tostring(e.r or '')
    return struct.pack('>BI3HHH', ${KIND.restore}, d, num(e.p), num(e.s), #text) .. text
  end
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
  while pos + 7 <= #raw and n < ${STREAK_LOG_LIMIT} do
    if string.byte(raw, pos) == ${KIND.restore} then pos = pos + 10 + struct.unpack('>H', raw, pos + 8) else pos = pos + 8 end
    n = n + 1
  end
  stSetLog(string.sub(raw, 1, pos - 1))
end`;
}
