/** The 12-week activity heatmap as a standalone SVG: one cell per day, weeks as columns from Monday, like a contribution graph. */
import { formatLocalDate } from '../domain/calendar.js';
import { heatLevel, HEATMAP_WEEKS, type HeatCell } from '../domain/progress.js';
import { PALETTE } from './palette.js';
import { rect, svgDocument, text } from './svg.js';

export const HEATMAP = {
  cell: 22,
  gap: 5,
  /** Room for the weekday labels on the left and the month labels on top. */
  left: 36,
  top: 22,
  legend: 34,
} as const;

const STEP = HEATMAP.cell + HEATMAP.gap;
export const HEATMAP_WIDTH = HEATMAP.left + HEATMAP_WEEKS * STEP - HEATMAP.gap;
export const HEATMAP_HEIGHT = HEATMAP.top + 7 * STEP - HEATMAP.gap + HEATMAP.legend;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS: Record<number, string> = { 0: 'Mon', 2: 'Wed', 4: 'Fri', 6: 'Sun' };

/** Where a cell sits inside the heatmap SVG. */
export function cellBox(cell: Pick<HeatCell, 'week' | 'weekday'>): { x: number; y: number; size: number } {
  return { x: HEATMAP.left + cell.week * STEP, y: HEATMAP.top + cell.weekday * STEP, size: HEATMAP.cell };
}

export function heatColour(count: number): string {
  return PALETTE.heat[heatLevel(count)];
}

export function heatmapSvg(cells: readonly HeatCell[]): string {
  const parts: string[] = [];
  let lastMonth = -1;
  for (const c of cells) {
    if (c.weekday === 0 && c.date.month !== lastMonth) {
      // A month label over the first column that starts in it (not over a column too close to the right edge).
      if (c.week < HEATMAP_WEEKS - 1 || lastMonth === -1) parts.push(text(cellBox(c).x, 14, MONTHS[c.date.month - 1]!, { size: 12, fill: PALETTE.muted }));
      lastMonth = c.date.month;
    }
  }
  for (const [row, label] of Object.entries(WEEKDAYS)) {
    parts.push(text(0, HEATMAP.top + Number(row) * STEP + HEATMAP.cell - 6, label, { size: 12, fill: PALETTE.muted }));
  }
  for (const c of cells) {
    const { x, y, size } = cellBox(c);
    const data = { day: formatLocalDate(c.date), count: c.count };
    parts.push(c.future
      ? rect(x + 0.5, y + 0.5, size - 1, size - 1, PALETTE.panel, { rx: 4, stroke: PALETTE.border, data })
      : rect(x, y, size, size, heatColour(c.count), { rx: 4, data }));
  }
  // Legend, right-aligned: Less ■■■■■ More.
  const ly = HEATMAP.top + 7 * STEP + 10;
  const more = HEATMAP_WIDTH - 34;
  PALETTE.heat.forEach((colour, i) => parts.push(rect(more - 6 - (5 - i) * 18, ly, 14, 14, colour, { rx: 3 })));
  parts.push(text(more - 6 - 5 * 18 - 6, ly + 12, 'Less', { size: 12, fill: PALETTE.muted, anchor: 'end' }));
  parts.push(text(more, ly + 12, 'More', { size: 12, fill: PALETTE.muted }));
  return svgDocument(HEATMAP_WIDTH, HEATMAP_HEIGHT, parts.join(''), 'Answers per day over the last 12 weeks');
}
