/** What taking a hint before answering costs. */

/** The points a correct answer earns are divided by this (rounded down); the answer script applies it. */
export const HINT_POINTS_DIVISOR = 2;

export const hintedPoints = (points: number): number => Math.floor(points / HINT_POINTS_DIVISOR);

/** FSRS review ratings as the answer script takes them: 0 none yet (open questions wait for self-assessment). */
export type ReviewRating = 0 | 1 | 2 | 3;

/**
 * The review rating of an answer: wrong -> Again (1), correct -> Good (3), correct after a hint -> Hard (2),
 * open -> none (0). Inside the answer script the same rule reads
 * `if hinted and rating == '3' then rating = '2' end`, since only the script knows `hinted` in the same round trip.
 */
export function reviewRating(correct: boolean | undefined, hinted: boolean): ReviewRating {
  if (correct === undefined) return 0;
  if (!correct) return 1;
  return hinted ? 2 : 3;
}
