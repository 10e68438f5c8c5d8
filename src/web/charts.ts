import { html } from 'ghtml';
import { COVERED_SHARE, type HeatCell, type Readiness, type TrackMastery } from '../domain/progress.js';
import { heatmapSvg } from '../render/heatmap.js';
import { masterySvg } from '../render/mastery.js';
import { CHART } from './palette.js';
import { activityTotals, readinessLine } from '../views/progress.js';
import { percent, plural } from './views/parts.js';

/**
 * The Me page's charts: the same SVG the `/progress` image is rendered from (render/), inline, on the image's dark
 * card. Each SVG is an image with a label; the numbers are also given as a table.
 */

/** Width the mastery chart is drawn at; the page scales it to the column (narrower on a phone). */
const MASTERY_WIDTH = 400;

const TOPIC_KEY: [string, string][] = [[CHART.topic[0], 'none'], [CHART.topic[1], 'under 20%'], [CHART.topic[2], 'under 40%'], [CHART.topic[3], 'under 60%'], [CHART.topic[4], 'covered']];

/** A legend swatch: a tiny SVG, because the page allows no inline styles. */
const swatch = (colour: string) => html`<svg class="swatch" viewBox="0 0 12 12" aria-hidden="true"><rect width="12" height="12" rx="3" fill="${colour}"/></svg>`;

export function progressCharts(m: { tracks: readonly TrackMastery[]; heatmap: readonly HeatCell[]; readiness: Readiness; goalDay?: number }): string {
  const act = activityTotals(m.heatmap);
  return html`<div class="charts">
<p class="readiness">${readinessLine(m.readiness, m.goalDay)}</p>
<div class="chart-grid">
<figure id="mastery-chart"><figcaption>Mastery by track and topic</figcaption>!${masterySvg(m.tracks, MASTERY_WIDTH)}
<div class="chart-legend">Segments, one per topic: !${TOPIC_KEY.map(([c, label]) => html`<span>!${swatch(c)}${label}</span>`)}</div></figure>
<figure id="activity-chart"><figcaption>Last 12 weeks <span>${plural(act.answers, 'answer')} on ${plural(act.days, 'day')}</span></figcaption>!${heatmapSvg([...m.heatmap])}</figure>
</div>
</div>
!${masteryTable(m.tracks)}`;
}

/** The chart's numbers as a table: retained share and accuracy per track, each track's topics folded under it. */
function masteryTable(tracks: readonly TrackMastery[]): string {
  const acc = (a: number | undefined) => (a === undefined ? '–' : `${Math.round(a * 100)}%`);
  const rows = tracks.map((t) => {
    const topics = t.topics.map((x) => html`<tr><td>${x.topic}</td><td class="num">${x.retained}/${x.total}</td><td class="num">${percent(x.retained, x.total)}</td><td class="num">${acc(x.accuracy)}</td><td>${x.covered ? 'covered' : ''}</td></tr>`);
    return html`<tr><th scope="row">${t.track}</th><td class="num">${t.retained}/${t.total}</td><td class="num">${percent(t.retained, t.total)}</td><td class="num">${acc(t.accuracy)}</td><td>${t.ready ? 'ready' : ''}</td></tr>!${topics}`;
  });
  return html`<details class="as-table"><summary>The same as a table</summary><div class="scroll"><table class="small"><thead><tr><th>Track / topic</th><th class="num">Retained</th><th class="num">Share</th><th class="num">Accuracy</th><th></th></tr></thead><tbody>!${rows}</tbody></table></div>
<p class="small muted">Retained: questions you would recall with at least 90% probability (your review schedule's estimate). A topic is covered at ${Math.round(COVERED_SHARE * 100)}% retained; a track is ready when all its topics are.</p></details>`;
}
