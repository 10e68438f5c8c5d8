/** Small helpers for building SVG as strings. Every text that comes from users goes through `esc`. */
import { FONT_FAMILY } from './font.js';

/** XML-escapes text and drops control characters (which XML forbids). */
export function esc(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** Cuts text to `max` characters (by code point) with an ellipsis. */
export function clipText(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, Math.max(1, max - 1)).join('').trimEnd()}…`;
}

const n = (v: number) => String(Math.round(v * 100) / 100);

export interface TextOpts { size?: number; weight?: 400 | 600 | 700; fill: string; anchor?: 'start' | 'middle' | 'end' }

export function text(x: number, y: number, content: string, o: TextOpts): string {
  const anchor = o.anchor && o.anchor !== 'start' ? ` text-anchor="${o.anchor}"` : '';
  return `<text x="${n(x)}" y="${n(y)}" font-size="${o.size ?? 14}" font-weight="${o.weight ?? 400}" fill="${o.fill}"${anchor}>${esc(content)}</text>`;
}

export function rect(x: number, y: number, w: number, h: number, fill: string, extra: { rx?: number; stroke?: string; data?: Record<string, string | number> } = {}): string {
  const rx = extra.rx ? ` rx="${extra.rx}"` : '';
  const stroke = extra.stroke ? ` stroke="${extra.stroke}" stroke-width="1"` : '';
  const data = Object.entries(extra.data ?? {}).map(([k, v]) => ` data-${k}="${esc(String(v))}"`).join('');
  return `<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" fill="${fill}"${rx}${stroke}${data}/>`;
}

/** A standalone SVG document (what a web page can embed as is). */
export function svgDocument(width: number, height: number, body: string, label?: string): string {
  const aria = label ? ` role="img" aria-label="${esc(label)}"` : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}"${aria}>${body}</svg>`;
}

/** Places a standalone chart SVG inside another at (x, y). */
export function place(chart: string, x: number, y: number): string {
  return chart.replace(/^<svg /, `<svg x="${n(x)}" y="${n(y)}" `);
}

export const percent = (share: number | undefined): string => (share === undefined ? '–' : `${Math.round(share * 100)}%`);
