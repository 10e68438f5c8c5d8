/** The `/progress` card: header, streak and readiness tiles, mastery by track and topic, the heatmap and what to work on. */
import type { HeatCell, TrackMastery } from '../domain/progress.js';
import { HEATMAP_HEIGHT, HEATMAP_WIDTH, heatmapSvg } from './heatmap.js';
import { masteryHeight, masterySvg } from './mastery.js';
import { PALETTE } from './palette.js';
import { clipText, place, rect, svgDocument, text } from './svg.js';

/** What the card shows, with every text already worded (views/progress.ts). */
export interface ProgressCardData {
  title: string;
  subtitle: string;
  tiles: { label: string; value: string; note?: string }[];
  readiness: string;
  tracks: TrackMastery[];
  heatmap: HeatCell[];
  activity: string;
  focusTitle: string;
  focus: { label: string; detail: string }[];
  footer: string;
}

const W = 1200;
const PAD = 40;
const TILE_Y = 118;
const TILE_H = 92;
const PANEL_Y = 268;
const LEFT_W = 640;
const RIGHT_X = PAD + LEFT_W + 30;
const RIGHT_W = W - PAD - RIGHT_X;

/** Where the charts sit on the card (tests look up pixels through these). */
export const PROGRESS_LAYOUT = {
  width: W,
  mastery: { x: PAD + 20, y: PANEL_Y + 56, width: LEFT_W - 40 },
  heatmap: { x: RIGHT_X + Math.round((RIGHT_W - HEATMAP_WIDTH) / 2), y: PANEL_Y + 56 },
} as const;

export function progressCardSvg(d: ProgressCardData): string {
  const L = PROGRESS_LAYOUT;
  const panelH = Math.max(masteryHeight(d.tracks) + 96, HEATMAP_HEIGHT + 96 + 28 * Math.max(1, d.focus.length) + 40);
  const height = PANEL_Y + panelH + 64;
  const parts: string[] = [rect(0, 0, W, height, PALETTE.background)];

  parts.push(text(PAD, 66, clipText(d.title, 48), { size: 32, weight: 700, fill: PALETTE.text }));
  parts.push(text(PAD, 94, clipText(d.subtitle, 110), { size: 15, fill: PALETTE.muted }));

  const gap = 20;
  const tileW = (W - 2 * PAD - gap * (d.tiles.length - 1)) / d.tiles.length;
  d.tiles.forEach((t, i) => {
    const x = PAD + i * (tileW + gap);
    parts.push(rect(x, TILE_Y, tileW, TILE_H, PALETTE.panel, { rx: 12 }));
    parts.push(text(x + 18, TILE_Y + 28, t.label, { size: 13, weight: 600, fill: PALETTE.muted }));
    parts.push(text(x + 18, TILE_Y + 66, clipText(t.value, 16), { size: 30, weight: 700, fill: PALETTE.text }));
    if (t.note) parts.push(text(x + tileW - 18, TILE_Y + 66, clipText(t.note, 14), { size: 14, fill: PALETTE.muted, anchor: 'end' }));
  });
  parts.push(text(PAD, TILE_Y + TILE_H + 38, clipText(d.readiness, 120), { size: 17, weight: 600, fill: PALETTE.accent }));

  parts.push(rect(PAD, PANEL_Y, LEFT_W, panelH, PALETTE.panel, { rx: 12 }));
  parts.push(text(PAD + 20, PANEL_Y + 34, 'Mastery by track and topic', { size: 18, weight: 700, fill: PALETTE.text }));
  parts.push(place(masterySvg(d.tracks, L.mastery.width), L.mastery.x, L.mastery.y));
  // What the topic segments under each bar mean.
  const ky = PANEL_Y + panelH - 26;
  parts.push(text(PAD + 20, ky + 10, 'Segments: one per topic', { size: 12, fill: PALETTE.muted }));
  const keys: [string, string][] = [[PALETTE.topic[0], 'none'], [PALETTE.topic[1], '<20%'], [PALETTE.topic[2], '<40%'], [PALETTE.topic[3], '<60%'], [PALETTE.topic[4], 'covered']];
  keys.forEach(([colour, label], i) => {
    const x = PAD + 190 + i * 86;
    parts.push(rect(x, ky, 18, 10, colour, { rx: 2 }), text(x + 24, ky + 10, label, { size: 12, fill: PALETTE.muted }));
  });

  parts.push(rect(RIGHT_X, PANEL_Y, RIGHT_W, panelH, PALETTE.panel, { rx: 12 }));
  parts.push(text(RIGHT_X + 20, PANEL_Y + 34, 'Last 12 weeks', { size: 18, weight: 700, fill: PALETTE.text }));
  parts.push(text(RIGHT_X + RIGHT_W - 20, PANEL_Y + 34, clipText(d.activity, 36), { size: 13, fill: PALETTE.muted, anchor: 'end' }));
  parts.push(place(heatmapSvg(d.heatmap), L.heatmap.x, L.heatmap.y));

  let y = L.heatmap.y + HEATMAP_HEIGHT + 36;
  parts.push(text(RIGHT_X + 20, y, d.focusTitle, { size: 16, weight: 700, fill: PALETTE.text }));
  for (const f of d.focus) {
    y += 28;
    parts.push(text(RIGHT_X + 20, y, clipText(f.label, 26), { size: 14, weight: 600, fill: PALETTE.text }));
    parts.push(text(RIGHT_X + RIGHT_W - 20, y, clipText(f.detail, 28), { size: 13, fill: PALETTE.muted, anchor: 'end' }));
  }

  parts.push(text(PAD, height - 26, clipText(d.footer, 150), { size: 13, fill: PALETTE.muted }));
  return svgDocument(W, height, parts.join(''), d.title);
}
