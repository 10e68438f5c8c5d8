/**
 * The FSRS review update as Lua, spliced into the answer and self-assessment scripts so a review costs no
 * extra round trip. It follows ts-fsrs 5's long-term scheduler (`enable_short_term: false`, no fuzz)
 * operation by operation, including its rounding to 8 decimals, so the stored stability and difficulty
 * equal the library's (test/store/fsrs-equivalence.test.ts proves it over random histories).
 *
 * Every constant JavaScript can compute (weights, decay factor, interval modifier, initial stability and
 * difficulty, exp(w8)) is computed there and written into the script as a literal that Lua reads back
 * exactly; only the terms that depend on the card go through Lua's own exp and pow.
 */
import { DAY_MS, DECAY, FACTOR, FSRS_W, INTERVAL_MODIFIER, MAXIMUM_INTERVAL, S_MAX, S_MIN, initDifficulty, roundTo8 } from '../domain/fsrs.js';

/** A JavaScript number as a Lua literal: the shortest round-trip form, read back to the same double. */
const lit = (x: number): string => {
  if (!Number.isFinite(x)) throw new Error(`not a finite constant: ${x}`);
  return String(x);
};
const w = (i: number) => FSRS_W[i]!;

/**
 * Lua that reviews the card in the Lua table `card` with rating `rating` (an expression: 1 Again, 2 Hard, 3 Good;
 * anything else changes nothing) at `now` (ms). The table holds the card as question-state.ts keeps it:
 * s (stability, 0 = no card yet), d (difficulty), due (ms), ivl (days from the last review to due), reps, lapses;
 * the day of the last review is the UTC day of due - ivl days. Sets `card.reviewed` when it reviewed, and
 * `card.firstAgain` when that was the card's first review and rated Again.
 */
export function fsrsReview(card: string, rating: string, now: string): string {
  return `do
  local g = tonumber(${rating})
  if g == 1 or g == 2 or g == 3 then
    local DAY = ${DAY_MS}
    local now = tonumber(${now})
    local today = math.floor(now / DAY)
    local function round8(x)
      local y = x * 100000000
      local f = math.floor(y)
      if y - f >= 0.5 then f = f + 1 end
      return f / 100000000
    end
    local function clamp(x, lo, hi) return math.min(math.max(x, lo), hi) end
    local function recall(d, s, r, grade)
      local hard = 1
      if grade == 2 then hard = ${lit(w(15))} end
      return round8(clamp(s * (1 + ${lit(Math.exp(w(8)))} * (11 - d) * math.pow(s, ${lit(-w(9))}) * (math.exp((1 - r) * ${lit(w(10))}) - 1) * hard * 1), ${lit(S_MIN)}, ${lit(S_MAX)}))
    end
    local function forget(d, s, r)
      return round8(clamp(${lit(w(11))} * math.pow(d, ${lit(-w(12))}) * (math.pow(s + 1, ${lit(w(13))}) - 1) * math.exp((1 - r) * ${lit(w(14))}), ${lit(S_MIN)}, ${lit(S_MAX)}))
    end
    local function interval(s)
      local x = s * ${lit(INTERVAL_MODIFIER)}
      local n = math.floor(x)
      if x - n >= 0.5 then n = n + 1 end
      return math.min(math.max(1, n), ${MAXIMUM_INTERVAL})
    end

    local c = ${card}
    local s, d, reps, lapses = c.s, c.d, c.reps, c.lapses
    local s1, s2, s3, nd
    if not s or s <= 0 or not d or d < 1 then
      s1, s2, s3 = ${lit(Math.max(w(0), 0.1))}, ${lit(Math.max(w(1), 0.1))}, ${lit(Math.max(w(2), 0.1))}
      nd = ({${[1, 2, 3].map((g) => lit(initDifficulty(g))).join(', ')}})[g]
      reps, lapses = 0, 0
      c.firstAgain = g == 1
    else
      local day = math.floor((c.due - c.ivl * DAY) / DAY)
      local t = math.max(0, today - day)
      local r = round8(math.pow(1 + (${lit(FACTOR)} * t) / s, ${lit(DECAY)}))
      s1 = clamp(round8(s), ${lit(S_MIN)}, forget(d, s, r))
      s2 = recall(d, s, r, 2)
      s3 = recall(d, s, r, 3)
      local moved = d + round8((${lit(-w(6))} * (g - 3) * (10 - d)) / 9)
      nd = clamp(round8(${lit(w(7))} * ${lit(roundTo8(w(4) - Math.exp(3 * w(5)) + 1))} + ${lit(1 - w(7))} * moved), 1, 10)
      if g == 1 then lapses = lapses + 1 end
    end
    local i1, i2, i3 = interval(s1), interval(s2), interval(s3)
    i1 = math.min(i1, i2)
    i2 = math.max(i2, i1 + 1)
    i3 = math.max(i3, i2 + 1)
    local ns, days = s3, i3
    if g == 1 then ns, days = s1, i1 elseif g == 2 then ns, days = s2, i2 end
    c.s, c.d, c.due, c.ivl, c.reps, c.lapses, c.reviewed = ns, nd, now + days * DAY, days, reps + 1, lapses, true
  end
end`;
}
