/** The `/leaderboard image:yes` card: the top ten with score bars, medals for the podium, the caller's rank and the period. */
import { PALETTE } from './palette.js';
import { clipText, rect, svgDocument, text } from './svg.js';

export interface LeaderboardCardData {
  title: string;
  period: string;
  rows: { rank: number; name: string; score: number; tag?: string; highlight?: boolean }[];
  /** The caller's own line ("You: #14 with 40 points"), shown under the table. */
  you?: string;
  footer: string;
}

const W = 800;
const PAD = 36;
const ROW = 46;
const TOP = 118;
const NAME_W = 300;

export const LEADERBOARD_LAYOUT = { width: W, top: TOP, row: ROW, barX: PAD + 56 + NAME_W, barW: W - 2 * PAD - 56 - NAME_W - 90 } as const;

export function leaderboardCardSvg(d: LeaderboardCardData): string {
  const L = LEADERBOARD_LAYOUT;
  const rows = Math.max(1, d.rows.length);
  const height = TOP + rows * ROW + (d.you ? 56 : 16) + 48;
  const parts: string[] = [rect(0, 0, W, height, PALETTE.background)];
  parts.push(text(PAD, 62, clipText(d.title, 40), { size: 30, weight: 700, fill: PALETTE.text }));
  parts.push(text(PAD, 90, clipText(d.period, 70), { size: 15, fill: PALETTE.muted }));
  const max = Math.max(1, ...d.rows.map((r) => r.score));
  if (d.rows.length === 0) parts.push(text(PAD, TOP + 28, 'Nobody has scored yet.', { size: 16, fill: PALETTE.muted }));
  d.rows.forEach((r, i) => {
    const y = TOP + i * ROW;
    parts.push(rect(PAD - 12, y, W - 2 * PAD + 24, ROW - 6, r.highlight ? PALETTE.border : PALETTE.panel, { rx: 8 }));
    const medal = r.rank <= 3 ? PALETTE.medals[r.rank - 1]! : undefined;
    if (medal) parts.push(`<circle cx="${PAD + 14}" cy="${y + 20}" r="14" fill="${medal}"/>`);
    parts.push(text(PAD + 14, y + 25, String(r.rank), { size: 15, weight: 700, fill: medal ? PALETTE.background : PALETTE.muted, anchor: 'middle' }));
    parts.push(text(PAD + 44, y + 25, clipText(r.name, r.tag ? 16 : 28), { size: 16, weight: 600, fill: PALETTE.text }));
    if (r.tag) parts.push(text(PAD + 44 + NAME_W, y + 25, clipText(r.tag, 20), { size: 13, fill: PALETTE.muted, anchor: 'end' }));
    const w = Math.max(3, (r.score / max) * L.barW);
    parts.push(rect(L.barX, y + 14, L.barW, 12, PALETTE.empty, { rx: 6 }));
    parts.push(rect(L.barX, y + 14, w, 12, r.highlight ? PALETTE.good : PALETTE.accent, { rx: 6, data: { score: r.score } }));
    parts.push(text(W - PAD, y + 25, `${r.score} pts`, { size: 15, weight: 600, fill: PALETTE.text, anchor: 'end' }));
  });
  if (d.you) parts.push(text(PAD, TOP + rows * ROW + 30, clipText(d.you, 70), { size: 16, weight: 600, fill: PALETTE.accent }));
  parts.push(text(PAD, height - 22, clipText(d.footer, 90), { size: 13, fill: PALETTE.muted }));
  return svgDocument(W, height, parts.join(''), `${d.title}, ${d.period}`);
}
