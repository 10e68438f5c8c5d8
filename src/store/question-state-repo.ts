import type { Store } from './redis.js';
import { communityKeys, type CommunityKeys } from './keys.js';
import type { QuestionNumbers } from './question-numbers.js';
import { activityOf, decodeStates, emptyRecord, encodeStates, FLAG, LEVELS, type QuestionRecord } from './question-state.js';
import { decodeCard, DAY_MS, seedFromBox } from '../domain/fsrs.js';

/**
 * The keys of the layout before the packed question state, in the order the scripts take them (after the state
 * key): scored, seen, Leitner boxes, review due, review cards, mastery.
 */
export function legacyStateKeys(k: CommunityKeys, userId: string): string[] {
  return [k.userScored(userId), k.userSeen(userId), k.userReviewBoxes(userId), k.userReviewDue(userId), k.userReviewCards(userId), k.userMastery(userId)];
}
export const LEGACY_STATE_KEYS = 6;

/** Reads a user's packed question state, converting the state of the layout before it once, on first use. */
export class QuestionStateRepository {
  constructor(private readonly redis: Store, private readonly numbers: QuestionNumbers) {}

  async records(communityId: string, userId: string): Promise<QuestionRecord[]> {
    return (await this.state(communityId, userId)).records;
  }

  /** The question records and the activity record of the user's packed state. */
  async state(communityId: string, userId: string): Promise<{ records: QuestionRecord[]; activity: Buffer }> {
    await this.numbers.ready();
    const key = communityKeys(communityId).userState(userId);
    let raw = await this.redis.getBuffer(key);
    if (raw === null && (await this.migrate(communityId, userId))) raw = await this.redis.getBuffer(key);
    return { records: decodeStates(raw), activity: activityOf(raw) };
  }

  /** The number of a question of this bank. */
  async numberOf(questionId: string): Promise<number | undefined> {
    await this.numbers.ready();
    return this.numbers.has(questionId) ? this.numbers.of(questionId) : undefined;
  }

  /** The id of a question number, if the question is in this bank. */
  questionId(qnum: number): string | undefined {
    return this.numbers.idOf(qnum);
  }

  /** The ids of the questions the user has seen (of this bank). */
  async seen(communityId: string, userId: string): Promise<Set<string>> {
    const out = new Set<string>();
    for (const r of await this.records(communityId, userId)) {
      const id = r.flags & FLAG.seen ? this.numbers.idOf(r.qnum) : undefined;
      if (id) out.add(id);
    }
    return out;
  }

  /** Forgets that the user has seen these questions (a /quiz pool starts over). */
  async unsee(communityId: string, userId: string, questionIds: string[]): Promise<void> {
    await this.numbers.ready();
    const qnums = this.numbers.numbersOf(questionIds);
    if (qnums.length) await this.redis.clearStates(communityKeys(communityId).userState(userId), String(FLAG.seen), '0', ...qnums.map(String));
  }

  /** Takes questions out of the review queue (questions no longer in the bank), by number. */
  async dropFromReview(communityId: string, userId: string, qnums: number[]): Promise<void> {
    if (qnums.length) await this.redis.clearStates(communityKeys(communityId).userState(userId), '0', '1', ...qnums.map(String));
  }

  /**
   * Converts the user's sets and hashes of question ids (seen, scored, mastery, FSRS cards, review due times and
   * Leitner boxes) into the packed state, once, and removes them. Questions this bank does not know are left out.
   * Returns false when there was nothing to convert.
   */
  async migrate(communityId: string, userId: string, nowMs = Date.now()): Promise<boolean> {
    const k = communityKeys(communityId);
    const legacy = legacyStateKeys(k, userId);
    const [scored, seen, boxes, due, cards, mastery] = legacy;
    const res = await this.redis.multi()
      .smembers(scored!).smembers(seen!).hgetall(boxes!).zrange(due!, '0', '-1', 'WITHSCORES').hgetall(cards!).hgetall(mastery!)
      .exec();
    if (!res) throw new Error('reading the old question state was aborted');
    for (const [err] of res) if (err) throw err;
    const [scoredIds, seenIds, boxMap, dueFlat, cardMap, masteryMap] = res.map(([, v]) => v) as
      [string[], string[], Record<string, string>, string[], Record<string, string>, Record<string, string>];
    const empty = !scoredIds.length && !seenIds.length && !dueFlat.length && !Object.keys(boxMap).length && !Object.keys(cardMap).length && !Object.keys(masteryMap).length;
    if (empty) return false;

    const records = new Map<number, QuestionRecord>();
    const rec = (id: string) => {
      if (!this.numbers.has(id)) return undefined;
      const n = this.numbers.of(id);
      let r = records.get(n);
      if (!r) records.set(n, (r = emptyRecord(n)));
      return r;
    };
    for (const id of seenIds) { const r = rec(id); if (r) r.flags |= FLAG.seen; }
    for (const entry of scoredIds) {
      const open = entry.startsWith('open:');
      const r = rec(open ? entry.slice(5) : entry);
      if (r) r.flags |= open ? FLAG.credited : FLAG.scored;
    }
    for (const [id, level] of Object.entries(masteryMap)) {
      const i = LEVELS.indexOf(level as (typeof LEVELS)[number]);
      const r = rec(id);
      if (r && i >= 0) r.flags = (r.flags & ~FLAG.levelMask) | ((i + 1) << FLAG.levelShift);
    }
    const dueOf = new Map<string, number>();
    for (let i = 0; i + 1 < dueFlat.length; i += 2) dueOf.set(dueFlat[i]!, Number(dueFlat[i + 1]));
    const queued = new Set([...dueOf.keys(), ...Object.keys(cardMap), ...Object.keys(boxMap)]);
    for (const id of queued) {
      const r = rec(id);
      if (!r) continue;
      r.flags |= FLAG.queued;
      const dueMs = dueOf.get(id);
      const card = decodeCard(cardMap[id]);
      if (card) {
        // The due time is the last review plus whole days: those days, and so the day of the last review, follow from it.
        r.dueMs = dueMs ?? (card.day + 1) * DAY_MS;
        r.ivl = Math.max(0, Math.floor((r.dueMs - card.day * DAY_MS) / DAY_MS));
        Object.assign(r, { s: card.s, d: card.d, reps: card.reps, lapses: card.lapses });
        continue;
      }
      const box = boxMap[id] ? seedFromBox(Number(boxMap[id]), dueMs, nowMs) : undefined;
      if (box) {
        r.ivl = Math.round(box.s);
        r.dueMs = dueMs ?? nowMs + r.ivl * DAY_MS;
        Object.assign(r, { s: box.s, d: box.d, reps: box.reps, lapses: box.lapses });
      } else {
        r.dueMs = dueMs ?? nowMs;
      }
    }
    await this.redis.migrateState(k.userState(userId), ...legacy, encodeStates([...records.values()]));
    return true;
  }
}
