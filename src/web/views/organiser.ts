import { html } from 'ghtml';
import { REASON_LABEL, REPORT_REASONS } from '../../domain/question-stats.js';
import { formatWindow } from '../../schedule/when.js';
import type { OrganiserView, ReminderView, ScheduleView } from '../model/organiser.js';
import { page, type Frame } from './layout.js';
import { renderChannels, renderInstants, truncate, type ChannelRef } from '../../core/reply.js';
import { plainInstant } from '../../views/time.js';
import { columns, md, percent, plural, shortDate, table, when } from './parts.js';

function reminderCell(r: ReminderView): string {
  switch (r.state) {
    case 'on': return html`<span class="badge good">on</span> <span class="small muted">${r.time}</span>`;
    case 'off': return '<span class="badge">opted out</span>';
    case 'stopped': return html`<span class="badge warn">stopped</span> <span class="small muted">${readable(r.reason, new Map())}</span>`;
    default: return '<span class="muted small">not set up</span>';
  }
}

/** Channel names as the schedules recorded them ("discord:123" -> "study"). */
type ChannelNames = Map<string, string>;

const channelName = (names: ChannelNames, ref: ChannelRef) => `#${names.get(`${ref.platform}:${ref.id}`) ?? ref.id}`;

/** Reply text stored with a schedule (a failure reason) as plain text: channels as #name, instants in the zone. */
const readable = (text: string, names: ChannelNames) => renderChannels(renderInstants(text, plainInstant), (ref) => channelName(names, ref));

/** A schedule's channel as #name (or #id for schedules set before names were kept), linking to it on Discord or Slack. */
function channelLink(s: ScheduleView['schedule'], names: ChannelNames): string {
  const [platform, id = ''] = s.channelId.split(':', 2) as [string, string?];
  const label = channelName(names, { platform: platform as ChannelRef['platform'], id });
  const community = s.communityId.slice(s.communityId.indexOf(':') + 1);
  const url = platform === 'discord' && /^\d+$/.test(id) && /^\d+$/.test(community) ? `https://discord.com/channels/${community}/${id}`
    : platform === 'slack' && /^[A-Z0-9]+$/.test(id) && /^[A-Z0-9]+$/.test(community) ? `https://app.slack.com/client/${community}/${id}` : undefined;
  return url ? html`<a href="${url}" rel="noreferrer">${label}</a>` : html`${label}`;
}

function deliveryCell(s: ScheduleView, zone: string, names: ChannelNames): string {
  const st = s.state;
  const at = (ms?: number) => (ms ? ` (${when(ms, zone)})` : '');
  const problems = [
    st.lastError && `Post failed${at(st.lastErrorAt)}: ${readable(st.lastError, names)}`,
    st.revealError && `Reveal failed${at(st.revealErrorAt)}: ${readable(st.revealError, names)}`,
    st.recapError && `Weekly recap failed${at(st.recapErrorAt)}: ${readable(st.recapError, names)}`,
    st.missedSlot && `Missed: ${st.missedWhy === 'redis' ? 'the bot could not reach its database' : 'the bot was not running'} at ${when(st.missedSlot, zone)}`,
  ].filter((x): x is string => Boolean(x));
  const badge = s.schedule.paused ? '<span class="badge">paused</span>'
    : st.lastError || st.revealError || st.recapError ? '<span class="badge bad">failing</span>'
    : st.lastPostAt ? '<span class="badge good">ok</span>' : '<span class="badge">not posted yet</span>';
  const last = st.lastPostAt ? html`<div class="small muted">last posted ${when(st.lastPostAt, zone)}</div>` : '';
  return html`!${badge}!${problems.map((p) => html`<div class="small">${p}</div>`)}!${last}`;
}

function scheduleRow(s: ScheduleView, zone: string, names: ChannelNames): string {
  const f = s.schedule.filter;
  const topics = [...f.tracks, ...f.topics].join(', ') || 'all topics';
  const next = s.next.length ? s.next.map((d) => html`<div>${when(d.getTime(), zone)}</div>`) : ['<span class="muted">paused</span>'];
  return html`<tr><td><code>${s.schedule.id}</code></td><td><strong>${s.schedule.label}</strong><div class="small muted">${s.schedule.timezone} · !${channelLink(s.schedule, names)}</div><div class="small muted">${topics} (${plural(s.questions, 'question')}) · window ${formatWindow(s.schedule.windowMinutes)}</div></td><td class="small">!${next}</td><td>!${deliveryCell(s, zone, names)}</td></tr>`;
}

export function organiserPage(f: Frame, v: OrganiserView): string {
  const zone = v.timezone;
  const names: ChannelNames = new Map(v.schedules.filter((s) => s.schedule.channelName).map((s) => [s.schedule.channelId, s.schedule.channelName!]));
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
!${table('<tr><th>Id</th><th>Schedule</th><th>Next posts</th><th>Delivery</th></tr>', v.schedules.map((s) => scheduleRow(s, zone, names)), 'No schedules yet. /schedule set daily 09:00 adds one.')}
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
