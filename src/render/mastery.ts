/**
 * Mastery by track and topic as a standalone SVG: per track a bar of the share of its questions retained, with
 * retained share and accuracy as numbers, and beneath it one segment per topic coloured by that topic's share.
 */
import type { TrackMastery } from '../domain/progress.js';
import { PALETTE, topicColour } from './palette.js';
import { percent, rect, svgDocument, text } from './svg.js';

export const MASTERY_ROW = 52;
const BAR_Y = 24;
const BAR_H = 10;
const STRIP_Y = 39;
const STRIP_H = 7;

export function masteryHeight(tracks: readonly TrackMastery[]): number {
  return tracks.length * MASTERY_ROW;
}

/** Width in pixels of a bar for `share` of `width` (a sliver stays visible for any share above zero). */
export function barWidth(share: number, width: number): number {
  if (share <= 0) return 0;
  return Math.max(3, Math.round(share * width * 100) / 100);
}

export function masterySvg(tracks: readonly TrackMastery[], width: number): string {
  const parts: string[] = [];
  tracks.forEach((t, i) => {
    const y = i * MASTERY_ROW;
    parts.push(text(0, y + 16, t.track, { size: 15, weight: 600, fill: PALETTE.text }));
    const ready = t.ready ? '  ✓ ready' : '';
    parts.push(text(width, y + 16, `${percent(t.share)} retained (${t.retained}/${t.total}) · accuracy ${percent(t.accuracy)}${ready}`, {
      size: 13, fill: t.ready ? PALETTE.good : PALETTE.muted, anchor: 'end',
    }));
    parts.push(rect(0, y + BAR_Y, width, BAR_H, PALETTE.empty, { rx: 5 }));
    const w = barWidth(t.share, width);
    if (w > 0) parts.push(rect(0, y + BAR_Y, w, BAR_H, t.ready ? PALETTE.good : PALETTE.accent, { rx: 5, data: { bar: t.track, share: t.share.toFixed(4) } }));
    const gap = 2;
    const seg = (width - gap * (t.topics.length - 1)) / t.topics.length;
    t.topics.forEach((topic, j) => {
      parts.push(rect(j * (seg + gap), y + STRIP_Y, seg, STRIP_H, topicColour(topic.share, topic.covered), {
        rx: 2, data: { topic: topic.topic, share: topic.share.toFixed(4) },
      }));
    });
  });
  return svgDocument(width, masteryHeight(tracks), parts.join(''), 'Mastery by track and topic');
}
