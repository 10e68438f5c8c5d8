import { PALETTE } from '../render/palette.js';

/**
 * The dashboard's colours. Dark mode is the images' own palette (render/palette.ts); light mode keeps its hues,
 * darkened where text sits on white. Charts keep the images' dark card in both modes, so a chart on the page
 * and the `/progress` image look the same.
 */
export interface Palette {
  background: string;
  surface: string;
  text: string;
  muted: string;
  border: string;
  accent: string;
  good: string;
  warn: string;
  bad: string;
  track: string;
}

export const DARK: Palette = {
  background: PALETTE.background, surface: PALETTE.panel, text: PALETTE.text, muted: PALETTE.muted, border: PALETTE.border,
  accent: PALETTE.accent, good: PALETTE.good, warn: PALETTE.warn, bad: PALETTE.bad, track: PALETTE.empty,
};

export const LIGHT: Palette = {
  background: '#f1f5f9', surface: '#ffffff', text: '#0f172a', muted: '#475569', border: '#e2e8f0',
  accent: '#0369a1', good: '#047857', warn: '#b45309', bad: '#b91c1c', track: '#e2e8f0',
};

/** What charts are drawn on: the images' card colours, the same in both modes. */
export const CHART = { background: PALETTE.background, panel: PALETTE.panel, text: PALETTE.text, muted: PALETTE.muted, topic: PALETTE.topic, heat: PALETTE.heat } as const;

/** Gold, silver and bronze for the top three places, as on the leaderboard image. */
export const MEDALS = PALETTE.medals;
