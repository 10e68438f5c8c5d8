import { DIFFICULTIES, POINTS_BY_DIFFICULTY, type Difficulty } from './question.js';

/** The per-community game rules an admin may change with /settings. */
export interface GameSettings {
  /** Points for a correct auto-graded answer, by difficulty. */
  points: Record<Difficulty, number>;
  /** Whether channel questions offer a hint (personal questions always do when the question has one). */
  channelHints: boolean;
  /** How many streak freezes a user may hold at once. */
  freezeCap: number;
}

/** The defaults: the rules as they were before they became configurable. */
export const DEFAULT_GAME_SETTINGS: Readonly<GameSettings> = Object.freeze({
  points: Object.freeze({ ...POINTS_BY_DIFFICULTY }),
  channelHints: true,
  freezeCap: 2,
});

export const POINTS_LIMITS = { min: 0, max: 1000 } as const;
export const FREEZE_LIMITS = { min: 0, max: 10 } as const;

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

const whole = (n: number) => Number.isFinite(n) && Number.isInteger(n);

export function checkPoints(difficulty: Difficulty, value: number): Checked<number> {
  if (!whole(value) || value < POINTS_LIMITS.min || value > POINTS_LIMITS.max) {
    return { ok: false, message: `Points for ${difficulty} questions must be a whole number from ${POINTS_LIMITS.min} to ${POINTS_LIMITS.max}, not ${String(value).slice(0, 20)}.` };
  }
  return { ok: true, value };
}

export function checkFreezeCap(value: number): Checked<number> {
  if (!whole(value) || value < FREEZE_LIMITS.min || value > FREEZE_LIMITS.max) {
    return { ok: false, message: `The streak-freeze allowance must be a whole number from ${FREEZE_LIMITS.min} to ${FREEZE_LIMITS.max}, not ${String(value).slice(0, 20)}.` };
  }
  return { ok: true, value };
}

/** Validates a points change given per difficulty; every given value must pass, and at least one must be given. */
export function checkPointsPatch(patch: Partial<Record<Difficulty, number>>): Checked<Partial<Record<Difficulty, number>>> {
  const given = DIFFICULTIES.filter((d) => patch[d] !== undefined);
  if (given.length === 0) return { ok: false, message: 'Give at least one of easy, medium or hard, e.g. `/settings points easy:5 hard:40`.' };
  const out: Partial<Record<Difficulty, number>> = {};
  for (const d of given) {
    const c = checkPoints(d, patch[d]!);
    if (!c.ok) return c;
    out[d] = c.value;
  }
  return { ok: true, value: out };
}

/** Reads game settings from stored strings; anything missing or unreadable falls back to the default. */
export function gameSettingsFrom(h: Record<string, string | undefined>): GameSettings {
  const int = (raw: string | undefined, ok: (n: number) => boolean, fallback: number) => {
    const n = raw === undefined || raw === '' ? NaN : Number(raw);
    return ok(n) ? n : fallback;
  };
  const points = {} as Record<Difficulty, number>;
  for (const d of DIFFICULTIES) points[d] = int(h[`points:${d}`], (n) => checkPoints(d, n).ok, DEFAULT_GAME_SETTINGS.points[d]);
  return {
    points,
    channelHints: h.channelHints === undefined ? DEFAULT_GAME_SETTINGS.channelHints : h.channelHints === '1',
    freezeCap: int(h.freezeCap, (n) => checkFreezeCap(n).ok, DEFAULT_GAME_SETTINGS.freezeCap),
  };
}

export interface GameSettingsPatch {
  points?: Partial<Record<Difficulty, number>>;
  channelHints?: boolean;
  freezeCap?: number;
}

/** The stored form (settings hash fields) of a game settings change. */
export function gameSettingsFields(patch: GameSettingsPatch): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of DIFFICULTIES) if (patch.points?.[d] !== undefined) out[`points:${d}`] = String(patch.points[d]);
  if (patch.channelHints !== undefined) out.channelHints = patch.channelHints ? '1' : '0';
  if (patch.freezeCap !== undefined) out.freezeCap = String(patch.freezeCap);
  return out;
}
