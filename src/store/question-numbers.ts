import type { Store } from './redis.js';
import { globalKeys } from './keys.js';

/** Question numbers fit the two bytes per-user question state gives them. */
export const MAX_QUESTION_NUMBER = 65_535;

/**
 * Gives every question id a number once and keeps it in Redis for good (field `#next` holds the last number
 * given). Numbers never change and are never reused, so adding, removing or reordering questions never shifts
 * anyone's history. Every replica runs this at start for the ids of its bank; a race gives one of them the number
 * and the others read it.
 */
export const ASSIGN_NUMBERS = `
-- KEYS: 1 question numbers (hash id -> number); ARGV: question ids
local out = {}
for i, id in ipairs(ARGV) do
  local n = redis.call('HGET', KEYS[1], id)
  if not n then
    n = redis.call('HINCRBY', KEYS[1], '#next', 1)
    redis.call('HSET', KEYS[1], id, n)
  end
  out[i] = tonumber(n)
end
return out
`;

/** The stable numbers of a bank's questions, loaded (and assigned where new) once per process. */
export class QuestionNumbers {
  private readonly byId = new Map<string, number>();
  private readonly byNumber = new Map<number, string>();
  private loading: Promise<void> | undefined;

  constructor(private readonly redis: Store, private readonly ids: readonly string[]) {}

  /** Loads the numbers (assigning new ones); later calls return the same promise. */
  ready(): Promise<void> {
    this.loading ??= this.load().catch((err: unknown) => { this.loading = undefined; throw err; });
    return this.loading;
  }

  private async load(): Promise<void> {
    const BATCH = 2000;
    for (let i = 0; i < this.ids.length; i += BATCH) {
      const batch = this.ids.slice(i, i + BATCH);
      const numbers = (await this.redis.assignQuestionNumbers(globalKeys.questionNumbers, ...batch)) as number[];
      batch.forEach((id, j) => {
        const n = Number(numbers[j]);
        if (!Number.isInteger(n) || n < 1 || n > MAX_QUESTION_NUMBER) throw new Error(`question ${id} got the number ${n}, outside 1-${MAX_QUESTION_NUMBER}`);
        this.byId.set(id, n);
        this.byNumber.set(n, id);
      });
    }
  }

  /** The number of a question of this bank (after ready()). */
  of(id: string): number {
    const n = this.byId.get(id);
    if (n === undefined) throw new Error(`question ${id} has no number (not in the bank, or numbers not loaded)`);
    return n;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The question id of a number, if that question is in this bank. */
  idOf(n: number): string | undefined {
    return this.byNumber.get(n);
  }

  /** Numbers of the ids this bank knows (unknown ids are left out). */
  numbersOf(ids: Iterable<string>): number[] {
    const out: number[] = [];
    for (const id of ids) { const n = this.byId.get(id); if (n !== undefined) out.push(n); }
    return out;
  }
}
