import type { Question } from './question.js';

export interface Selection {
  question: Question;
  /** True when every question in the pool had been seen, so the seen-history for this pool starts over. */
  cycled: boolean;
}

/**
 * Picks a random question from `pool`, preferring ones not in `seen`. When all are seen, the
 * pool starts over (avoiding `avoid`, e.g. the last question shown, when there is a choice).
 */
export function selectQuestion(pool: readonly Question[], seen: ReadonlySet<string>, random: () => number = Math.random, avoid?: string): Selection | undefined {
  if (pool.length === 0) return undefined;
  const fresh = pool.filter((q) => !seen.has(q.id));
  if (fresh.length > 0) return { question: fresh[Math.floor(random() * fresh.length)]!, cycled: false };
  const again = pool.length > 1 && avoid ? pool.filter((q) => q.id !== avoid) : pool;
  return { question: again[Math.floor(random() * again.length)]!, cycled: true };
}
