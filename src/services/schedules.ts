import { createHash } from 'node:crypto';
import type { Invocation } from '../core/command.js';
import { UserError } from '../core/errors.js';
import { instant, type Reply } from '../core/reply.js';
import type { Bank } from '../domain/bank.js';
import { DIFFICULTIES, KINDS, type Difficulty, type Kind, type Question, type Track } from '../domain/question.js';
import { checkTimeZone } from '../domain/timezone.js';
import {
  MAX_SCHEDULES_PER_CHANNEL, MAX_SCHEDULES_PER_COMMUNITY, type Schedule, type ScheduleFilter, type ScheduleRepository,
} from '../store/schedules.js';
import type { SettingsRepository } from '../store/settings.js';
import { canonicalCron, nextFireTimes, parseWhen, parseWindow } from '../schedule/when.js';
import { SCHEDULES_PER_PAGE, scheduleDetails, scheduleList, summary, type ScheduleRow } from '../views/schedules.js';

export interface ScheduleInput {
  when: string;
  tz?: string;
  topics?: string;
  difficulty?: string;
  kinds?: string;
  window?: string;
  mode?: Schedule['answerMode'];
  recap?: boolean;
}

export interface ScheduleDeps {
  bank: Bank;
  repo: ScheduleRepository;
  settings: SettingsRepository;
}

/** Creates and manages channel schedules under the community's rules (posting them is the delivery layer's job). */
export class ScheduleService {
  /** Called after a schedule changes so the local scheduler reloads at once (others reload via pub/sub). */
  onChange?: (communityId: string) => void;

  constructor(private readonly d: ScheduleDeps) {}

  parseFilter(input: ScheduleInput): ScheduleFilter {
    const list = (s?: string) => (s ?? '').split(/[\s,]+/).map((x) => x.trim().toLowerCase()).filter(Boolean);
    const filter: ScheduleFilter = { tracks: [], topics: [], difficulties: [], kinds: [] };
    for (const word of list(input.topics)) {
      const r = this.d.bank.resolveSubject(word);
      if (!r) throw new UserError(`Unknown topic "${word.slice(0, 40)}". \`/topics\` lists the tracks and topics.`);
      if (r.track) filter.tracks.push(r.track);
      if (r.topic) filter.topics.push(r.topic);
    }
    for (const d of list(input.difficulty)) {
      if (!(DIFFICULTIES as readonly string[]).includes(d)) throw new UserError(`Unknown difficulty "${d.slice(0, 20)}". Use easy, medium or hard (comma-separated for several).`);
      filter.difficulties.push(d as Difficulty);
    }
    for (const k of list(input.kinds)) {
      if (!(KINDS as readonly string[]).includes(k)) throw new UserError(`Unknown kind "${k.slice(0, 20)}". Use choice, numeric or open (comma-separated for several).`);
      filter.kinds.push(k as Kind);
    }
    return filter;
  }

  pool(filter: ScheduleFilter): Question[] {
    return this.d.bank.questions.filter((q) =>
      ((filter.tracks.length === 0 && filter.topics.length === 0) || filter.tracks.includes(q.track as Track) || filter.topics.includes(q.topic)) &&
      (filter.difficulties.length === 0 || filter.difficulties.includes(q.difficulty)) &&
      (filter.kinds.length === 0 || filter.kinds.includes(q.kind)));
  }

  async set(inv: Invocation, input: ScheduleInput): Promise<Reply> {
    const { cron, label } = parseWhen(input.when);
    const zone = input.tz === undefined ? undefined : checkTimeZone(input.tz);
    if (zone && !zone.ok) throw new UserError(zone.message);
    const timezone = zone?.zone ?? (await this.d.settings.get(inv.communityId)).timezone;
    const filter = this.parseFilter(input);
    const size = this.pool(filter).length;
    if (size === 0) throw new UserError('No questions match these filters. Widen the topics, difficulties or kinds.');
    const windowMinutes = parseWindow(input.window ?? '8h');
    const schedule: Schedule = {
      id: this.d.repo.newId(), communityId: inv.communityId, channelId: inv.channelId, ...(inv.channelName ? { channelName: inv.channelName } : {}),
      cron, label, timezone, filter, windowMinutes,
      answerMode: input.mode ?? 'both', recap: input.recap ?? false, paused: false, createdBy: inv.userId, createdAt: inv.now.getTime(),
      fingerprint: `${canonicalCron(cron)}|${timezone}|${poolHash(filter)}`,
    };
    const added = await this.d.repo.add(schedule);
    if (added.status === 'duplicate') {
      throw new UserError(`This channel already has the same schedule (**${added.id}**): same times, time zone and topics. Nothing was added.`);
    }
    if (added.status === 'channel') {
      throw new UserError(`This channel already has ${MAX_SCHEDULES_PER_CHANNEL} schedules, the limit. Remove one with \`/schedule remove <id>\` first.`);
    }
    if (added.status === 'community') {
      throw new UserError(`This community already has ${MAX_SCHEDULES_PER_COMMUNITY} schedules, the limit. Remove one with \`/schedule remove <id>\` first.`);
    }
    this.onChange?.(inv.communityId);
    return { ...(await this.describe(schedule, size)), visibility: 'channel', tone: 'success', title: `📅 Schedule ${schedule.id} created` };
  }

  /**
   * The community's schedules, a page at a time (failing ones first, then by next post), or one schedule in full by
   * its id. A bare number (`/schedule show 2`) is a page: ids are eight characters.
   */
  async show(inv: Invocation, which: { id?: string; page?: number } = {}): Promise<Reply> {
    const id = which.id?.trim();
    if (id && !/^\d{1,3}$/.test(id)) return this.details(inv, id);
    const page = which.page ?? (id ? Number(id) : 1);
    const all = await this.d.repo.list(inv.communityId);
    if (all.length === 0) return { visibility: 'private', tone: 'info', body: 'No schedules yet. An admin can add one, e.g. `/schedule set daily 09:00 tz:Europe/Berlin`.' };
    const pages = Math.ceil(all.length / SCHEDULES_PER_PAGE);
    if (!Number.isInteger(page) || page < 1 || page > pages) {
      throw new UserError(`There ${pages === 1 ? 'is 1 page' : `are ${pages} pages`} of schedules (${all.length}); ask for one of them, e.g. \`/schedule show page:${pages}\`.`);
    }
    // Times are instants: Discord and Slack show them in each reader's zone, the console in the community's.
    const { timezone } = await this.d.settings.get(inv.communityId);
    const states = await this.d.repo.states(inv.communityId, all.map((s) => s.id));
    const rows: ScheduleRow[] = all.map((schedule, i) => ({
      schedule, state: states[i]!, next: schedule.paused ? undefined : nextFireTimes(schedule.cron, schedule.timezone, 1)[0], questions: this.pool(schedule.filter).length,
    }));
    return scheduleList(rows, { page, channelId: inv.channelId, timezone });
  }

  private async details(inv: Invocation, id: string): Promise<Reply> {
    const schedule = await this.mustGet(inv, id);
    const { timezone } = await this.d.settings.get(inv.communityId);
    const state = await this.d.repo.state(inv.communityId, schedule.id);
    const next = schedule.paused ? [] : nextFireTimes(schedule.cron, schedule.timezone, 5);
    return scheduleDetails({ schedule, state, next: next[0], questions: this.pool(schedule.filter).length }, { channelId: inv.channelId, timezone, next });
  }

  async setPaused(inv: Invocation, id: string, paused: boolean): Promise<Reply> {
    const s = await this.mustGet(inv, id);
    if (s.paused === paused) return { visibility: 'private', tone: 'info', body: `Schedule ${s.id} is already ${paused ? 'paused' : 'running'}.` };
    // A resumed schedule's slots while it was paused were never due: catch-up must not make them up or call them missed.
    await this.d.repo.save(paused ? { ...s, paused } : { ...s, paused, resumedAt: inv.now.getTime() });
    this.onChange?.(inv.communityId);
    return { visibility: 'channel', tone: 'success', body: `Schedule **${s.id}** (${s.label}) ${paused ? 'paused' : 'resumed'}.` };
  }

  async remove(inv: Invocation, id: string): Promise<Reply> {
    const s = await this.mustGet(inv, id);
    await this.d.repo.remove(inv.communityId, s.id);
    this.onChange?.(inv.communityId);
    return { visibility: 'channel', tone: 'success', body: `Schedule **${s.id}** (${s.label}) removed. Questions already posted still reveal on time.` };
  }

  private async mustGet(inv: Invocation, id: string): Promise<Schedule> {
    const clean = id.trim().toLowerCase();
    const s = /^[a-f0-9]{8}$/.test(clean) ? await this.d.repo.get(inv.communityId, clean) : undefined;
    if (!s) throw new UserError(`No schedule "${id.slice(0, 20)}" here. \`/schedule show\` lists them with their ids.`);
    return s;
  }

  private async describe(s: Schedule, size: number): Promise<Reply> {
    const { timezone } = await this.d.settings.get(s.communityId);
    const next = nextFireTimes(s.cron, s.timezone, 5).map((d) => instant(d, timezone));
    return { visibility: 'channel', body: summary(s, size), fields: [{ name: 'Next posts', value: next.join('\n') }] };
  }
}

export function poolHash(f: ScheduleFilter): string {
  const canon = JSON.stringify([f.tracks, f.topics, f.difficulties, f.kinds].map((a) => [...a].sort()));
  return createHash('sha1').update(canon).digest('hex').slice(0, 10);
}
