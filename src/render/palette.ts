/**
 * The one colour palette of every rendered image. Images are opaque cards on a dark slate background, so they
 * read the same in light and dark clients; text contrast against the card is at least 4.5:1 (WCAG AA).
 */
export const PALETTE = {
  /** The card itself, edge to edge (no transparency anywhere). */
  background: '#0f172a',
  panel: '#1e293b',
  border: '#334155',
  text: '#f8fafc',
  muted: '#94a3b8',
  accent: '#38bdf8',
  good: '#34d399',
  warn: '#fbbf24',
  bad: '#f87171',
  /** An empty bar or heatmap cell. */
  empty: '#334155',
  /** Heatmap steps 1-4 (domain/progress.ts heatLevel), as in a contribution graph. */
  heat: ['#334155', '#0e4429', '#006d32', '#26a641', '#39d353'] as const,
  /** Topic mastery steps: none, under 20%, under 40%, under 60%, covered. */
  topic: ['#334155', '#0c4a6e', '#0369a1', '#0ea5e9', '#34d399'] as const,
  medals: ['#fbbf24', '#cbd5e1', '#d97706'] as const,
} as const;

/** Colour step for a topic's retained share (covered at `covered`). */
export function topicColour(share: number, covered: boolean): string {
  if (covered) return PALETTE.topic[4];
  if (share <= 0) return PALETTE.topic[0];
  return share < 0.2 ? PALETTE.topic[1] : share < 0.4 ? PALETTE.topic[2] : PALETTE.topic[3];
}
