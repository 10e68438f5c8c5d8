/**
 * The dashboard's colours, for light and dark modes (the page follows prefers-color-scheme). Chart series use the
 * same names, so a chart drawn for the page and the page itself agree.
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
  /** Activity from none to most, for the calendar and heatmap cells. */
  levels: readonly [string, string, string, string, string];
}

export const LIGHT: Palette = {
  background: '#f6f7fb', surface: '#ffffff', text: '#1b1d2a', muted: '#596079', border: '#e1e4ee',
  accent: '#4f55d8', good: '#1f8f57', warn: '#b86a12', bad: '#c73a3a', track: '#e7e9f3',
  levels: ['#e7e9f3', '#c4c8f4', '#959cef', '#6870e4', '#4148c9'],
};

export const DARK: Palette = {
  background: '#111219', surface: '#1b1d29', text: '#eceef6', muted: '#a3a8c2', border: '#2c2f42',
  accent: '#9097ff', good: '#4cc38a', warn: '#f0a35e', bad: '#f07777', track: '#2a2d40',
  levels: ['#2a2d40', '#353c7a', '#4b53b8', '#6d75e6', '#a3a9ff'],
};
