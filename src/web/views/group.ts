import { html } from 'ghtml';
import { CHOICE_LETTERS, correctIndex } from '../../domain/question.js';
import type { Period } from '../../services/boards.js';
import { postOrder, referenceFields } from '../../views/question.js';
import type { BoardView, GroupView, PostView } from '../model/group.js';
import { page, type Frame } from './layout.js';
import { bar, md, percent, plural, questionMeta, table, when } from './parts.js';

const PERIODS: [Period, string][] = [['week', 'This week'], ['month', 'This month'], ['all', 'All time']];

export function boardHref(f: Frame, period: Period, teams: boolean, pageNo = 1): string {
  const q = new URLSearchParams({ board: period });
  if (teams) q.set('teams', '1');
  if (pageNo > 1) q.set('page', String(pageNo));
  return `${f.base}/?${q.toString()}#board`;
}

function boardSection(f: Frame, b: BoardView, meHidden: boolean): string {
  const pill = (href: string, label: string, on: boolean) => html`<a href="${href}" aria-current="${on ? 'true' : 'false'}">${label}</a>`;
  const periods = PERIODS.map(([p, label]) => pill(boardHref(f, p, b.teams), label, p === b.period));
  const who = [pill(boardHref(f, b.period, false), 'People', !b.teams), pill(boardHref(f, b.period, true), 'Teams', b.teams)];
  const rows = b.rows.map((r) => html`<tr!${r.me ? ' class="me"' : ''}><td class="num rank"><span class="place${r.rank <= 3 ? ` p${r.rank}` : ''}">${r.rank}</span></td><td>${r.name}!${r.me ? ' <span class="badge">you</span>' : ''}</td><td class="num">${r.score}</td></tr>`);
  const prev = b.page > 1 ? html`<a href="${boardHref(f, b.period, b.teams, b.page - 1)}" rel="prev">← Previous</a>` : '<span class="off">← Previous</span>';
  const next = b.page < b.pages ? html`<a href="${boardHref(f, b.period, b.teams, b.page + 1)}" rel="next">Next →</a>` : '<span class="off">Next →</span>';
  return html`<section class="card span" id="board" aria-labelledby="board-title">
<h2 id="board-title">Leaderboard <span class="muted small">${b.label}</span></h2>
<nav class="pills" aria-label="Period">!${periods}</nav>
<nav class="pills" aria-label="People or teams">!${who}</nav>
!${table('<tr><th class="num rank">Rank</th><th>' + (b.teams ? 'Team' : 'Name') + '</th><th class="num">Points</th></tr>', rows, b.teams ? 'No team has scored in this period yet.' : 'Nobody has scored in this period yet.')}
!${b.total > 0 ? html`<div class="pager">!${prev}<span class="muted small">Page ${b.page} of ${b.pages} · ${plural(b.total, b.teams ? 'team' : 'player')}</span>!${next}</div>` : ''}
!${meHidden && !b.teams ? '<p class="note small">You are hidden from the boards, so you are not listed. <code>/privacy show</code> brings you back.</p>' : ''}
</section>`;
}

function optionsList(v: PostView): string {
  const q = v.question;
  if (q.kind !== 'choice') return '';
  return html`<ol class="options">!${postOrder(q, v.post.id).map((orig, i) => html`<li><strong>${CHOICE_LETTERS[i]}</strong><span>!${md(q.choices[orig]!.text)}</span></li>`)}</ol>`;
}

function todayCard(v: PostView, zone: string): string {
  const p = v.post;
  const state = p.status === 'open'
    ? html`<span class="badge good">open</span> <span class="small muted">${p.closesAt ? `until ${when(p.closesAt, zone)} · ` : ''}${plural(p.answered, 'answer')} so far</span>`
    : html`<span class="badge">closed</span> <span class="small muted">${plural(p.answered, 'answer')} · the reveal is on its way</span>`;
  return html`<article><p>!${questionMeta(v.question)}</p><p class="prompt">!${md(v.question.prompt)}</p>!${optionsList(v)}<p>!${state}</p></article>`;
}

function distribution(v: PostView): string {
  const q = v.question;
  const t = v.tally;
  if (!t || t.answered === 0) return '';
  if (t.kind === 'choice' && q.kind === 'choice') {
    const key = correctIndex(q);
    return html`<div class="dist">!${postOrder(q, v.post.id).map((orig, i) => {
      const n = t.byOption[orig] ?? 0;
      const ok = orig === key;
      return html`<span class="opt!${ok ? ' ok' : ''}">${CHOICE_LETTERS[i]}. ${q.choices[orig]!.text}!${ok ? ' <span class="badge good">answer</span>' : ''}</span>!${bar(n, t.answered, `${CHOICE_LETTERS[i]}: ${n} of ${t.answered}`, ok ? 'good' : '')}<span class="num small">${n} (${percent(n, t.answered)})</span>`;
    })}</div>`;
  }
  if (t.kind === 'numeric') {
    const rows: [string, number, 'good' | 'warn' | 'bad'][] = [['correct', t.correct, 'good'], ['close', t.close, 'warn'], ['wrong', t.wrong, 'bad']];
    return html`<div class="dist">!${rows.map(([label, n, tone]) => html`<span class="opt">${label}</span>!${bar(n, t.answered, `${label}: ${n} of ${t.answered}`, tone)}<span class="num small">${n} (${percent(n, t.answered)})</span>`)}</div>`;
  }
  return '';
}

function revealCard(v: PostView, zone: string): string {
  const p = v.post;
  const answer = referenceFields(v.question, p.id)[0]!;
  const graded = v.question.kind !== 'open';
  const summary = p.answered === 0 ? 'Nobody answered.'
    : graded ? `${plural(p.answered, 'answer')} · ${percent(p.correct, p.answered)} correct` : plural(p.answered, 'answer');
  const first = v.firstCorrect ? html`First correct: <strong>${v.firstCorrect}</strong>`
    : v.firstCorrectHidden ? 'First correct: someone who keeps their name off the boards.' : graded && p.answered > 0 ? 'Nobody got it right.' : '';
  return html`<article class="reveal">
<h3>!${questionMeta(v.question)} <span class="muted small">· ${when(p.createdAt, zone)}</span></h3>
<p class="prompt">!${md(v.question.prompt)}</p>
<p class="prompt"><strong>${answer.name}:</strong> !${md(answer.value)}</p>
<p class="small muted">${summary}</p>
!${distribution(v)}
!${first ? html`<p class="small">!${first}</p>` : ''}
</article>`;
}

export function groupPage(f: Frame, v: GroupView): string {
  const leaders = v.streakLeaders.map((l, i) => html`<tr><td class="num">${i + 1}</td><td>${l.name}</td><td class="num">${plural(l.streak, 'day')}</td></tr>`);
  const body = html`<h1>Study group</h1>
<p class="lead">Standings, today's question and the latest answers. Times are in ${v.timezone}.</p>
<div class="grid two">
<section class="card" aria-labelledby="today-title"><h2 id="today-title">Today's question</h2>
!${v.today.length ? v.today.map((p) => todayCard(p, v.timezone)) : '<p class="muted">No channel question is open right now.</p>'}
</section>
<section class="card" aria-labelledby="streaks-title"><h2 id="streaks-title">Streak leaders</h2>
!${table('<tr><th class="num">#</th><th>Name</th><th class="num">Streak</th></tr>', leaders, 'No streaks alive today. Answer a question to start one.')}
</section>
!${boardSection(f, v.board, v.meHidden)}
<section class="card span" aria-labelledby="reveals-title"><h2 id="reveals-title">Recent reveals</h2>
!${v.reveals.length ? v.reveals.map((r) => revealCard(r, v.timezone)) : '<p class="muted">No answers revealed yet.</p>'}
</section>
</div>`;
  return page(f, 'group', 'Study group', body);
}
