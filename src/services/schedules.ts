import { createHash } from 'node:crypto';
import type { Invocation } from '../core/command.js';
import { UserError } from '../core/errors.js';
import { instant, type Reply } from '../core/reply.js';
import type { Bank } from '../domain/bank.js';
import { calendarAt, dateOfDayNumber, isoWeek, periodsAt } from '../domain/calendar.js';
import { DIFFICULTIES, KINDS, type Difficulty, type Kind, type Question, type Track } from '../domain/question.js';
import { selectQuestion } from '../domain/selection.js';
import type { Grade } from '../domain/grading.js';
import { tallyAnswers } from '../domain/tally.js';
import type { AnswerRepository } from '../store/answers.js';
import { checkTimeZone } from '../domain/timezone.js';
import type { Logger } from '../ops/logger.js';
import type { Messenger } from '../platforms/messenger.js';
import type { BoardRepository } from '../store/boards.js';
import { communityKeys } from '../store/keys.js';
import type { PostRepository } from '../store/posts.js';
import type { Store } from '../store/redis.js';
import { MAX_SCHEDULES_PER_CHANNEL, type Schedule, type ScheduleFilter, type ScheduleRepository } from '../store/schedules.js';
import type { SettingsRepository } from '../store/settings.js';
import { formatWindow, nextFireTimes, parseWhen, parseWindow } from '../schedule/when.js';
import { questionCard } from '../views/question.js';
import { closedCard, recapCard, revealCard } from '../views/reveal.js';
import type { BoardService } from './boards.js';
import { plural } from '../views/words.js';

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
  redis: Store;
  bank: Bank;
  repo: ScheduleRepository;
  posts: PostRepository;
  answers: AnswerRepository;
  boards: BoardService;
  boardRepo: BoardRepository;
  settings: SettingsRepository;
  log: Logger;
  random?: () => number;
}

/** Creates and manages channel schedules, posts scheduled questions and reveals them. */
export class ScheduleService {
  private readonly messengers = new Map<string, Messenger>();
  /** Called after a schedule changes so the local scheduler reloads at once (others reload via pub/sub). */
  onChange?: (communityId: string) => void;

  constructor(private readonly d: ScheduleDeps) {}

  setMessenger(m: Messenger): void {
    this.messengers.set(m.platform, m);
  }

  /** True when this process serves the community's platform (others leave its slots and reveals to a replica that does). */
  serves(communityId: string): boolean {
    return this.messengers.has(communityId.slice(0, communityId.indexOf(':')));
  }

  private messengerFor(communityId: string): Messenger {
    const platform = communityId.slice(0, communityId.indexOf(':'));
    const m = this.messengers.get(platform);
    if (!m) throw new Error(`no messenger for platform ${platform}`);
    return m;
  }

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
    const existing = (await this.d.repo.list(inv.communityId)).filter((s) => s.channelId === inv.channelId);
    if (existing.length >= MAX_SCHEDULES_PER_CHANNEL) throw new UserError(`This channel already has ${MAX_SCHEDULES_PER_CHANNEL} schedules. Remove one first.`);
    const schedule: Schedule = {
      id: this.d.repo.newId(), communityId: inv.communityId, channelId: inv.channelId, cron, label, timezone, filter, windowMinutes,
      answerMode: input.mode ?? 'both', recap: input.recap ?? false, paused: false, createdBy: inv.userId, createdAt: inv.now.getTime(),
    };
    await this.d.repo.save(schedule);
    this.onChange?.(inv.communityId);
    return { ...(await this.describe(schedule, size)), visibility: 'channel', tone: 'success', title: `📅 Schedule ${schedule.id} created` };
  }

  async show(inv: Invocation): Promise<Reply> {
    const all = await this.d.repo.list(inv.communityId);
    if (all.length === 0) return { visibility: 'private', tone: 'info', body: 'No schedules yet. An admin can add one, e.g. `/schedule set daily 09:00 tz:Europe/Berlin`.' };
    // Times are instants: Discord and Slack show them in each reader's zone, the console in the community's.
    const { timezone } = await this.d.settings.get(inv.communityId);
    const fields = all.slice(0, 20).map((s) => {
      const next = s.paused ? 'paused' : nextFireTimes(s.cron, s.timezone, 5).map((d) => instant(d, timezone)).join('\n');
      const where = s.channelId === inv.channelId ? 'this channel' : `<#${s.channelId.slice(s.channelId.indexOf(':') + 1)}>`;
      return { name: `${s.id} · ${s.label} · ${where}`, value: `${summary(s, this.pool(s.filter).length)}\nNext: ${next}` };
    });
    return { visibility: 'private', tone: 'info', title: '📅 Schedules', body: '', fields };
  }

  async setPaused(inv: Invocation, id: string, paused: boolean): Promise<Reply> {
    const s = await this.mustGet(inv, id);
    if (s.paused === paused) return { visibility: 'private', tone: 'info', body: `Schedule ${s.id} is already ${paused ? 'paused' : 'running'}.` };
    await this.d.repo.save({ ...s, paused });
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

  /** Posts one scheduled question (the caller has claimed the slot). Returns the post id. */
  async fire(s: Schedule, slot: Date, now = new Date()): Promise<string | undefined> {
    const pool = this.pool(s.filter);
    if (pool.length === 0) { this.d.log.warn({ schedule: s.id }, 'schedule has an empty pool; nothing posted'); return undefined; }
    const k = communityKeys(s.communityId);
    const poolKey = k.channelSeen(s.channelId, poolHash(s.filter));
    const seen = new Set(await this.d.redis.smembers(poolKey));
    const pick = selectQuestion(pool, seen, this.d.random)!;
    if (pick.cycled) await this.d.redis.del(poolKey);
    if (s.recap) await this.maybeRecap(s, slot);
    const post = await this.d.posts.create({
      communityId: s.communityId, questionId: pick.question.id, channelId: s.channelId, audience: '', createdAt: now.getTime(),
      closesAt: now.getTime() + s.windowMinutes * 60_000, scheduleId: s.id, answerMode: s.answerMode,
    }, { seenKey: poolKey });
    const { timezone, channelHints } = await this.d.settings.get(s.communityId);
    const card = questionCard(pick.question, post, { channel: true, hint: channelHints, closesAtText: `${instant(post.closesAt, timezone)} (${formatWindow(s.windowMinutes)})` });
    const messageId = await this.messengerFor(s.communityId).post(s.channelId, card);
    await this.d.posts.linkMessage(s.communityId, post.id, messageId);
    return post.id;
  }

  /** Reveals a post whose window ended; exactly once across replicas (the close is atomic). */
  async reveal(communityId: string, postId: string, now = new Date()): Promise<boolean> {
    const messenger = this.messengerFor(communityId);
    if (!(await this.d.posts.close(communityId, postId, now.getTime()))) return false;
    // Read after closing, so the statistics include every answer that made it in.
    const after = await this.d.posts.state(communityId, postId);
    const q = after && this.d.bank.get(after.questionId);
    if (!after || !q) return false;
    const names = after.firstCorrect ? await this.d.boardRepo.names(communityId, [after.firstCorrect]) : new Map<string, string>();
    const stats = {
      answered: after.answered, correct: after.correct, firstCorrectName: after.firstCorrect ? names.get(after.firstCorrect) : undefined,
      streakLeaders: await this.d.boards.streakLeaders(communityId, now, 3),
      tally: tallyAnswers(q, await this.answerGrades(communityId, postId)),
    };
    if (after.messageRef) {
      await messenger.edit(after.channelId, after.messageRef, closedCard(q, postId)).catch((err: unknown) => this.d.log.warn({ err, postId }, 'could not edit the closed question'));
    }
    const messageId = await messenger.post(after.channelId, revealCard(q, after, stats));
    await this.d.posts.linkMessage(communityId, postId, messageId);
    if (q.kind !== 'open' && after.answered > 0) {
      const { timezone } = await this.d.settings.get(communityId);
      const p = periodsAt(now, timezone);
      await this.d.repo.recordDifficulty(communityId, p.week, postId, after.correct / after.answered, Math.max(p.weekExpireAt, Math.floor(Date.now() / 1000) + 14 * 86_400));
    }
    return true;
  }

  private async answerGrades(communityId: string, postId: string): Promise<Grade[]> {
    const records = await this.d.answers.records(communityId, postId);
    return records.flatMap((r) => {
      try { return [(JSON.parse(r) as { g: Grade }).g]; } catch { return []; }
    });
  }

  /** On the first post of a new ISO week, a recap of the week before (claimed once per week and schedule). */
  private async maybeRecap(s: Schedule, slot: Date): Promise<void> {
    const { today } = calendarAt(slot, s.timezone);
    const last = isoWeek(dateOfDayNumber(today - 7));
    const week = `${last.year}-W${String(last.week).padStart(2, '0')}`;
    if (!(await this.d.repo.claim(s.communityId, s.id, `recap-${week}`))) return;
    const k = communityKeys(s.communityId);
    const people = await this.d.boardRepo.top(k.board('week', week), 5);
    const names = await this.d.boardRepo.names(s.communityId, people.map((e) => e.member));
    for (const e of people) e.name = names.get(e.member);
    const teams = (await this.d.boardRepo.top(k.teamBoard('week', week), 5)).map((e) => ({ ...e, name: e.member }));
    const h = await this.d.repo.hardestOfWeek(s.communityId, week);
    const hq = h ? await this.d.posts.state(s.communityId, h.postId) : undefined;
    const q = hq ? this.d.bank.get(hq.questionId) : undefined;
    if (people.length === 0 && teams.length === 0 && !q) return;
    await this.messengerFor(s.communityId).post(s.channelId, recapCard(week, people, teams, q && h ? { q, share: h.share } : undefined));
  }
}

export function poolHash(f: ScheduleFilter): string {
  const canon = JSON.stringify([f.tracks, f.topics, f.difficulties, f.kinds].map((a) => [...a].sort()));
  return createHash('sha1').update(canon).digest('hex').slice(0, 10);
}

function summary(s: Schedule, size: number): string {
  const f = s.filter;
  const what = [...f.tracks, ...f.topics].join(', ') || 'all topics';
  const parts = [
    `**${s.label}** (${s.cron}) in ${s.timezone}`,
    `Topics: ${what}${f.difficulties.length ? ` · ${f.difficulties.join('/')}` : ''}${f.kinds.length ? ` · ${f.kinds.join('/')}` : ''} (${plural(size, 'question')})`,
    `Answer window ${formatWindow(s.windowMinutes)} · answers by ${s.answerMode}${s.recap ? ' · weekly recap' : ''}${s.paused ? ' · ⏸ paused' : ''}`,
  ];
  return parts.join('\n');
}
