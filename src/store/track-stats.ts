/**
 * Answers and correct answers per track, kept in the user hash as two short fields instead of two per track:
 * `ta` and `tc` hold comma-separated counts in the order of TRACK_SLOTS (e.g. `ta` "3,0,12"). Users from before
 * have fields `t:<track>:a` and `t:<track>:c`; the answer script folds them in the first time it counts.
 */
import { TRACKS } from '../domain/question.js';

/** The position of each track in `ta` and `tc`. Append only: a position never changes its track. */
export const TRACK_SLOTS = ['math', 'cs', 'workflow', 'classical', 'deep', 'applications', 'systems', 'behavioral'] as const;

for (const t of TRACKS) if (!(TRACK_SLOTS as readonly string[]).includes(t)) throw new Error(`track ${t} has no slot in TRACK_SLOTS`);

/** Answers and correct answers per track, from a user hash (both layouts). */
export function trackCounts(h: Record<string, string>): Record<string, { answered: number; correct: number }> {
  const out: Record<string, { answered: number; correct: number }> = {};
  const add = (track: string, which: 'answered' | 'correct', n: number) => {
    if (!Number.isFinite(n) || n <= 0) return;
    (out[track] ??= { answered: 0, correct: 0 })[which] += n;
  };
  for (const [field, which] of [['ta', 'answered'], ['tc', 'correct']] as const) {
    (h[field] ?? '').split(',').forEach((v, i) => { if (TRACK_SLOTS[i]) add(TRACK_SLOTS[i], which, Number(v)); });
  }
  for (const [field, value] of Object.entries(h)) {
    const m = /^t:([a-z]+):([ac])$/.exec(field);
    if (m) add(m[1]!, m[2] === 'a' ? 'answered' : 'correct', Number(value));
  }
  return out;
}

/** Lua: `bumpTrack(user, field, track)` adds one to the track's count in `ta` or `tc` (folding in the old fields). */
export const BUMP_TRACK = `local TRACK_SLOT = {${TRACK_SLOTS.map((t, i) => `['${t}'] = ${i + 1}`).join(', ')}}
local TRACK_NAMES = {${TRACK_SLOTS.map((t) => `'${t}'`).join(', ')}}
local function bumpTrack(user, field, track)
  local slot = TRACK_SLOT[track]
  if not slot then
    redis.call('HINCRBY', user, 't:' .. track .. ':' .. string.sub(field, 2), 1)
    return
  end
  local counts = {}
  for i = 1, #TRACK_NAMES do counts[i] = 0 end
  local raw = redis.call('HGET', user, field)
  if raw then
    local i = 1
    for v in string.gmatch(raw .. ',', '([^,]*),') do counts[i] = tonumber(v) or 0; i = i + 1 end
  else
    local suffix = string.sub(field, 2)
    for i, name in ipairs(TRACK_NAMES) do
      local old = redis.call('HGET', user, 't:' .. name .. ':' .. suffix)
      if old then
        counts[i] = tonumber(old) or 0
        redis.call('HDEL', user, 't:' .. name .. ':' .. suffix)
      end
    end
  end
  counts[slot] = counts[slot] + 1
  local last = 1
  for i = 1, #counts do if counts[i] > 0 then last = i end end
  local parts = {}
  for i = 1, last do parts[i] = string.format('%d', counts[i]) end
  redis.call('HSET', user, field, table.concat(parts, ','))
end`;
