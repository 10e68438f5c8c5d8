import { html } from 'ghtml';
import { formatInstant } from '../../views/time.js';

/**
 * Small pieces the pages share. Every template is a ghtml `html` literal: each `${…}` is escaped; `!${…}` inserts
 * markup unescaped and is used only for other templates' output, never for stored or user text.
 */

/** Light Markdown of question text (**bold**, `code`) after escaping, so stored text can never add markup. */
export function md(text: string): string {
  return html`${text}`.replace(/\*\*([^*\n]+?)\*\*/g, '<strong>$1</strong>').replace(/`([^`\n]+?)`/g, '<code>$1</code>');
}

/** A horizontal bar, `value` of `max`, as inline SVG (the CSP allows no inline styles); `label` is read aloud. */
export function bar(value: number, max: number, label: string, tone: '' | 'good' | 'warn' | 'bad' = ''): string {
  const w = max > 0 ? Math.max(0, Math.min(100, (100 * value) / max)) : 0;
  return html`<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="${label}"><rect class="track" width="100" height="10" rx="5"/><rect class="fill ${tone}" width="${w.toFixed(2)}" height="10" rx="5"/></svg>`;
}

/** Vertical columns with a caption under each, e.g. participation per week. */
export function columns(items: { value: number; caption: string; label: string }[], showValues = true): string {
  const max = Math.max(1, ...items.map((i) => i.value));
  return html`<div class="cols">!${items.map((i) => {
    const h = (100 * i.value) / max;
    return html`<div class="col"><svg viewBox="0 0 10 100" preserveAspectRatio="none" role="img" aria-label="${i.label}"><rect class="track" width="10" height="100" rx="1.5"/><rect class="fill" y="${(100 - h).toFixed(2)}" width="10" height="${h.toFixed(2)}" rx="1.5"/></svg>!${showValues ? html`<span class="v">${i.value}</span>` : ''}<span>${i.caption}</span></div>`;
  })}</div>`;
}

export const percent = (n: number, of: number) => (of > 0 ? `${Math.round((100 * n) / of)}%` : '–');

export function when(ms: number, zone: string): string {
  try { return formatInstant(new Date(ms), zone); } catch { return formatInstant(new Date(ms), 'UTC'); }
}

/** "28 Nov" in the zone. */
export function shortDate(ms: number, zone: string): string {
  try { return new Intl.DateTimeFormat('en-GB', { timeZone: zone, day: 'numeric', month: 'short' }).format(new Date(ms)); } catch { return new Date(ms).toISOString().slice(5, 10); }
}

export const DIFFICULTY_TONE = { easy: 'good', medium: 'warn', hard: 'bad' } as const;

export function questionMeta(q: { track: string; topic: string; difficulty: 'easy' | 'medium' | 'hard' }): string {
  return html`<span class="muted small">${q.track} · ${q.topic}</span> <span class="badge ${DIFFICULTY_TONE[q.difficulty]}">${q.difficulty}</span>`;
}

/** A table that scrolls sideways on a phone instead of squeezing. */
export function table(head: string, rows: string[], empty: string): string {
  if (rows.length === 0) return html`<p class="muted">${empty}</p>`;
  return html`<div class="scroll"><table><thead>!${head}</thead><tbody>!${rows}</tbody></table></div>`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
