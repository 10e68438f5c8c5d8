import type { StreakState } from '../domain/streak.js';

/**
 * A user's streak in their hash: one field, `sk` = "streak,best,lastDay,freezes,calDay,answered,frozen" (the
 * answered and frozen day sets are below 2^32, so every value is a whole number). Users from before have the seven
 * fields OLD_STREAK_FIELDS; the next script that saves the streak replaces them.
 */
export const STREAK_FIELD = 'sk';
export const OLD_STREAK_FIELDS = ['streak', 'best', 'lastDay', 'frz', 'calDay', 'calA', 'calF'] as const;
/** Every field a streak may be stored in: read them all and pass them to streakFromHash. */
export const STREAK_FIELDS = [STREAK_FIELD, ...OLD_STREAK_FIELDS] as const;

/** The streak of a user hash (either layout). */
export function streakFromHash(h: Partial<Record<string, string | null>>): StreakState {
  const packed = h[STREAK_FIELD];
  const v = packed ? packed.split(',').map(Number) : OLD_STREAK_FIELDS.map((f) => Number(h[f] ?? 0));
  const n = (i: number) => (Number.isFinite(v[i]) ? v[i]! : 0);
  return { current: n(0), best: n(1), lastDay: n(2), freezes: n(3), calDay: n(4), answered: n(5), frozen: n(6) };
}

/** The streak as the packed field holds it (tests and tools that write a streak directly). */
export function streakField(s: StreakState): string {
  return [s.current, s.best, s.lastDay, s.freezes, s.calDay, s.answered, s.frozen].join(',');
}
