import { html } from 'ghtml';
import { REASON_LABEL, REPORT_REASONS } from '../../domain/question-stats.js';
import { formatWindow } from '../../schedule/when.js';
import type { OrganiserView, ReminderView, ScheduleView } from '../model/organiser.js';
import { page, type Frame } from './layout.js';
import { truncate } from '../../core/reply.js';
import { columns, md, percent, plural, shortDate, table, when } from './parts.js';

function reminderCell(r: ReminderView): string {
  switch (r.state) {
    case 'on': return html`<span class="badge good">on</span> <span class="small muted">${r.time}</span>`;
    case 'off': return '<span class="badge">opted out</span>';
    case 'stopped': return html`<span class="badge warn">stopped</span> <span class="small muted">${r.reason}</span>`;
    default: return '<span class="muted small">not set up</span>';
  }
}

const channelLabel = (channelId: string) => `#${channelId.slice(channelId.indexOf(':') + 1)}`;

function scheduleRow(s: ScheduleView, zone: string): string {
  const f = s.schedule.filter;
  const topics = [...f.tracks, ...f.topics].join(', ') || 'all topics';
  const status = s.schedule.paused ? '<span class="badge">paused</span>'
    : s.state.lastError ? html`<span class="badge bad">failing</span><div class="small">${s.state.lastError}${s.state.lastErrorAt ? ` (${when(s.state.lastErrorAt, zone)})` : ''}</div>`
    : s.state.lastPostAt ? html`<span class="badge good">ok</span><div class="small muted">last posted ${when(s.state.lastPostAt, zone)}</div>` : '<span class="badge">not posted yet</span>';
  const next = s.next.length ? s.next.map((d) => html`<div>${when(d.getTime(), zone)}</div>`) : ['<span class="muted">paused</span>'];
  return html`<tr><td><code>${s.schedule.id}</code></td><td><strong>${s.schedule.label}</strong><div class="small muted">${s.schedule.timezone} · ${channelLabel(s.schedule.channelId)}</div><div class="small muted">${topics} (${plural(s.questions, 'question')}) · window ${formatWindow(s.schedule.windowMinutes)}</div></td><td class="small">!${next}</td><td>!${status}</td></tr>`;
}

export function organiserPage(f: Frame, v: OrganiserView): string {
  const zone = v.timezone;
  const weeks = columns(v.weeks.map((w) => ({ value: w.members, caption: w.week.slice(5), label: `${w.week}: ${plural(w.members, 'member')} scored` })));
  const posts = v.posts.length ? columns(v.posts.map((p) => ({ value: p.answered, caption: shortDate(p.at, zone), label: `${when(p.at, zone)}: ${plural(p.answered, 'answer')}, ${p.correct} correct` }))) : '<p class="muted">No channel questions posted yet.</p>';
  const qrows = v.questions.rows.map((r) => html`<tr><td><code>${r.question}</code><div class="small muted">${r.track || 'not in the bank'}${r.topic ? ` · ${r.topic}` : ''}${r.difficulty ? ` · ${r.difficulty}` : ''}</div></td><td class="num">${r.answered}</td><td class="num">${r.shareCorrect === null ? '–' : `${Math.round(r.shareCorrect * 100)}%`}</td><td class="num">${r.hinted}</td><td class="num">${r.reports}</td><td>!${r.flagged ? html`<span class="badge bad">${r.flags.join('; ')}</span>` : ''}</td></tr>`);
  const reports = v.reports.map((r) => {
    const reasons = REPORT_REASONS.filter((x) => r.reported.counts.byReason[x] > 0).map((x) => `${REASON_LABEL[x]} ${r.reported.counts.byReason[x]}`).join(' · ');
    const notes = r.notes.filter((n) => n.note).slice(0, 3).map((n) => html`<p class="note small">“${n.note}” <span>— ${n.name ?? 'someone who keeps their name private'}, ${when(n.at, zone)}</span></p>`);
    return html`<article><h3><code>${r.reported.questionId}</code> <span class="badge bad">${plural(r.reported.count, 'report')}</span></h3>
!${r.question ? html`<p class="small">!${md(truncate(r.question.prompt, 200))}</p>` : '<p class="small muted">No longer in the bank.</p>'}
<p class="small muted">${reasons} · ${plural(r.reported.counts.graded + r.reported.counts.open, 'answer')}${r.reported.counts.graded ? `, ${percent(r.reported.counts.correct, r.reported.counts.graded)} correct` : ''}</p>!${notes}</article>`;
  });
  const members = v.members.map((m) => html`<tr><td>${m.name}</td><td>${m.team ?? ''}</td><td class="num">${m.answered}</td><td class="num">${m.points}</td><td class="num">${m.streak}</td><td>${m.lastActive ?? '–'}</td><td>!${reminderCell(m.reminders)}</td></tr>`);
  const body = html`<h1>Organiser</h1>
<p class="lead">How the group is doing, and which questions misbehave. Only admins see this page. Times are in ${zone}.</p>
<div class="grid two">
<section class="card span" aria-labelledby="schedules-title"><h2 id="schedules-title">Schedules</h2>
!${table('<tr><th>Id</th><th>Schedule</th><th>Next posts</th><th>Last post</th></tr>', v.schedules.map((s) => scheduleRow(s, zone)), 'No schedules yet. /schedule set daily 09:00 adds one.')}
</section>
<section class="card" aria-labelledby="weeks-title"><h2 id="weeks-title">Members who scored, by week</h2>!${weeks}</section>
<section class="card" aria-labelledby="posts-title"><h2 id="posts-title">Answers per channel question</h2>!${posts}<p class="small muted">The newest ${v.posts.length} channel questions, oldest on the left.</p></section>
<section class="card span" aria-labelledby="questions-title"><h2 id="questions-title">Questions</h2>
<p class="small muted">${plural(v.questions.total, 'question')} answered here, ${v.questions.flagged} flagged (under 20% or over 97% correct after 30 answers, or 3 reports). Flagged first.</p>
!${table('<tr><th>Question</th><th class="num">Answers</th><th class="num">Correct</th><th class="num">Hints</th><th class="num">Reports</th><th>Flag</th></tr>', qrows, 'No answers recorded yet.')}
</section>
<section class="card span" aria-labelledby="reports-title"><h2 id="reports-title">Reports</h2>
!${reports.length ? reports : '<p class="muted">No question has been reported.</p>'}
!${v.reportedTotal > v.reports.length ? html`<p class="small muted">${v.reportedTotal - v.reports.length} more reported questions; /questions reports lists them.</p>` : ''}
</section>
<section class="card span" aria-labelledby="members-title"><h2 id="members-title">Members</h2>
<p class="small muted">${plural(v.membersTotal, 'member')} listed${v.membersTotal > v.members.length ? ` (the ${v.members.length} with most points shown)` : ''}. ${v.hiddenCount > 0 ? `${plural(v.hiddenCount, 'member')} chose to hide from boards and this dashboard and ${v.hiddenCount === 1 ? 'is' : 'are'} not listed.` : 'Nobody hides from the boards.'}</p>
!${table('<tr><th>Name</th><th>Team</th><th class="num">Answered</th><th class="num">Points</th><th class="num">Streak</th><th>Last answer</th><th>Reminders</th></tr>', members, 'Nobody has answered yet.')}
</section>
</div>`;
  return page(f, 'organiser', 'Organiser', body);
}
