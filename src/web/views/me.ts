import { html } from 'ghtml';
import { truncate } from '../../core/reply.js';
import { scopeLabel, duration } from '../../views/mock.js';
import { progressCharts } from '../charts.js';
import type { MeView } from '../model/me.js';
import { page, type Frame } from './layout.js';
import { md, percent, plural, questionMeta, table, when } from './parts.js';

const RANK_LABEL = { week: 'This week', month: 'This month', all: 'All time' } as const;

function tile(label: string, value: string, sub = ''): string {
  return html`<div class="tile"><div class="label">${label}</div><div class="value">${value}</div>!${sub ? html`<div class="small muted">${sub}</div>` : ''}</div>`;
}

export function mePage(f: Frame, v: MeView): string {
  const s = v.stats;
  const p = v.progress;
  const graded = s ? s.answered - s.open : 0;
  const tiles = [
    ...v.ranks.map((r) => tile(RANK_LABEL[r.period], v.hidden ? 'hidden' : r.rank ? `#${r.rank}` : '–', v.hidden ? 'not on the boards' : r.rank ? `${plural(r.score ?? 0, 'point')} · of ${r.of}` : 'no points yet')),
    tile('Streak', plural(p.streak.current, 'day'), `best ${p.streak.best} · freezes ${p.streak.freezes}/${p.streak.cap}`),
    tile('Answered', String(s?.answered ?? 0), graded > 0 ? `${percent(s!.correct, graded)} of ${graded} auto-graded right` : 'no auto-graded answers yet'),
  ];
  const reviews = v.reviews.items.map((r) => html`<tr><td>!${questionMeta(r.question)}<div class="prompt">!${md(truncate(r.question.prompt, 160))}</div></td><td class="num">${r.r === undefined ? '–' : `${Math.round(r.r * 100)}%`}</td></tr>`);
  const mocks = v.mocks.map((m) => html`<tr><td>${when(m.at, p.zone)}</td><td>${scopeLabel(m.scope)}</td><td class="num">${percent(m.score, m.n)}</td><td class="num">${plural(m.n, 'question')}</td><td class="num">${duration(m.took)}</td></tr>`);
  const body = html`<h1>Your progress</h1>
<p class="lead">Signed in as <strong>${v.name}</strong>. Days are counted in ${p.zone}.</p>
<div class="tiles" id="ranks">!${tiles}</div>
<div class="grid two">
<section class="card span" id="charts" aria-labelledby="progress-title"><h2 id="progress-title">Progress</h2>
!${progressCharts({ tracks: p.tracks, heatmap: p.heatmap, readiness: p.readiness, goalDay: p.goal?.day })}
<p class="small">${p.streak.current === 0 ? 'Answer a question today to start a streak.' : p.heatmap.find((c) => c.day === p.today)?.count ? 'Today is done. Come back tomorrow to keep the streak going.' : 'Answer a question today to keep your streak alive.'}!${p.goal ? '' : ' <span class="muted"><code>/goal 2027-01-15</code> sets an interview date to count down to.</span>'}</p>
</section>
<section class="card" aria-labelledby="reviews-title"><h2 id="reviews-title">Due reviews</h2>
<p>${v.reviews.due > 0 ? `${plural(v.reviews.due, 'question')} due now` : 'Nothing due right now.'} <span class="muted small">· ${plural(v.reviews.queued, 'question')} in your review queue${v.reviews.nextDueMs ? ` · next one due ${when(v.reviews.nextDueMs, p.zone)}` : ''}</span></p>
!${v.reviews.items.length ? table('<tr><th>Question</th><th class="num">Recall</th></tr>', reviews, '') : ''}
!${v.reviews.due > 0 ? '<p class="small muted"><code>/review</code> in the chat serves the one you are most likely to have forgotten.</p>' : ''}
</section>
<section class="card" aria-labelledby="mocks-title"><h2 id="mocks-title">Mock interviews</h2>
!${table('<tr><th>When</th><th>Scope</th><th class="num">Score</th><th class="num">Size</th><th class="num">Took</th></tr>', mocks, 'No mock interviews yet. /mock starts one.')}
</section>
<section class="card" aria-labelledby="data-title"><h2 id="data-title">Your data</h2>
<p>Download everything the bot keeps about you in this group: stats, streak and its log, review cards, mock interviews.</p>
<p class="buttons"><a class="button" href="${f.base}/me/export.json" download>Download JSON</a><a class="button secondary" href="${f.base}/me/export.csv" download>Download CSV</a></p>
<p class="small">${v.hidden ? 'You are hidden from the boards and from what others see here (/privacy show to appear).' : 'You are shown on the boards. /privacy hide keeps your name off them and off this dashboard for others.'}</p>
</section>
</div>`;
  return page(f, 'me', 'Your progress', body);
}
