import { html } from 'ghtml';
import { dateOfDayNumber, formatLocalDate } from '../domain/calendar.js';
import type { DayMark } from '../domain/streak.js';
import type { TrackMastery } from './data/progress.js';
import { bar, percent } from './views/parts.js';

/**
 * The Me page's charts, in one place. They are drawn as markup (bars and a day grid) from the same data the
 * `/progress` image shows; each has a text alternative.
 */

/** Mastery by track, each track's topics folded under it: retained share with accuracy next to it. */
export function masteryChart(tracks: readonly TrackMastery[]): string {
  if (tracks.every((t) => t.seen === 0)) return '<p class="muted">Nothing to show yet: answer a few questions and your mastery fills in here.</p>';
  const rows = tracks.map((t) => {
    const graded = t.answered > 0 ? `${percent(t.correct, t.answered)} accuracy` : 'not answered yet';
    const topics = t.topics.filter((x) => x.seen > 0).map((x) => html`<tr><td>${x.topic}</td><td>!${bar(x.retained, x.questions, `${x.topic}: ${x.retained} of ${x.questions} retained`, 'good')}</td><td class="num">${x.retained}/${x.questions}</td></tr>`);
    return html`<tr><th scope="row">${t.track}<br><span class="muted small">${graded}</span></th><td>!${bar(t.retained, t.questions, `${t.track}: ${t.retained} of ${t.questions} questions retained`)}</td><td class="num">${percent(t.retained, t.questions)}</td></tr>!${topics.length ? html`<tr><td colspan="3"><details><summary class="small">${t.track} topics</summary><table class="small"><tbody>!${topics}</tbody></table></details></td></tr>` : ''}`;
  });
  return html`<div class="scroll chart" id="mastery-chart"><table><thead><tr><th>Track</th><th>Retained now</th><th class="num">Share</th></tr></thead><tbody>!${rows}</tbody></table></div>
<p class="small muted">Retained: questions you would recall with at least 90% probability today (your review schedule's estimate).</p>`;
}

/** The last days as a calendar, one row per week from Monday. */
export function activityChart(days: readonly { day: number; mark: DayMark }[]): string {
  if (days.length === 0) return '';
  const first = days[0]!.day;
  const monday = (new Date(first * 86_400_000).getUTCDay() + 6) % 7;
  const label = (d: { day: number; mark: DayMark }) => `${formatLocalDate(dateOfDayNumber(d.day))}: ${d.mark === 'answered' ? 'answered' : d.mark === 'frozen' ? 'kept by a freeze' : d.mark === 'today' ? 'today, not yet' : 'no answer'}`;
  const cells = [
    ...['M', 'T', 'W', 'T', 'F', 'S', 'S'].map((d) => `<b aria-hidden="true">${d}</b>`),
    ...Array.from({ length: monday }, () => '<span class="pad"></span>'),
    ...days.map((d) => html`<span class="${d.mark}" title="${label(d)}" role="img" aria-label="${label(d)}"></span>`),
  ];
  const answered = days.filter((d) => d.mark === 'answered').length;
  const frozen = days.filter((d) => d.mark === 'frozen').length;
  return html`<div class="cal" id="activity-chart">!${cells}</div>
<div class="legend"><span><i class="answered"></i>answered</span><span><i class="frozen"></i>kept by a freeze</span><span><i></i>no answer</span></div>
<p class="small muted">Last ${days.length} days: ${answered} answered, ${frozen} kept by a freeze.</p>`;
}
