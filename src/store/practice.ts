/**
 * Practice questions (/quiz, /review) without a post hash and an answer hash each: the user's current practice
 * question is a few small fields of their user hash (keys.ts `user`), replaced by the next one, and its post id
 * carries what a button needs to know without a read:
 *
 *   12 characters of [a-z0-9]: owner tag (4) · question number (3) · random (3) · check (2)
 *
 * The owner tag (a hash of the user id) tells "someone else's question" from "your earlier question", the question
 * number (question-numbers.ts) names the question for reports and self-assessments of earlier questions, and the
 * check rejects ids nobody made. Post ids of channel posts and mock questions (and of practice questions from before
 * this layout) have 10 characters, so the two kinds never mix.
 */
import { randomBytes } from 'node:crypto';
import { fnv1a } from '../domain/choice-order.js';
import type { Store } from './redis.js';
import { communityKeys } from './keys.js';
import { legacyStateKeys } from './question-state-repo.js';
import { FLAG } from './question-state.js';
import { migrateGuard, questionState } from './question-state-script.js';

export const PRACTICE_ID_LENGTH = 12;
const B36 = (n: number, width: number) => n.toString(36).padStart(width, '0').slice(-width);

export const ownerTag = (userId: string): string => B36(fnv1a(`owner:${userId}`) % 36 ** 4, 4);
const check = (head: string): string => B36(fnv1a(`practice:${head}`) % 36 ** 2, 2);

export function practicePostId(userId: string, qnum: number): string {
  if (!Number.isInteger(qnum) || qnum < 1 || qnum >= 36 ** 3) throw new Error(`question number ${qnum} does not fit a practice post id`);
  const nonce = B36(randomBytes(4).readUInt32BE(0) % 36 ** 3, 3);
  const head = ownerTag(userId) + B36(qnum, 3) + nonce;
  return head + check(head);
}

/** The owner tag and question number of a practice post id, or undefined for any other id. */
export function parsePracticeId(id: string): { tag: string; qnum: number } | undefined {
  if (id.length !== PRACTICE_ID_LENGTH || !/^[a-z0-9]+$/.test(id)) return undefined;
  const head = id.slice(0, 10);
  if (check(head) !== id.slice(10)) return undefined;
  const qnum = parseInt(id.slice(4, 7), 36);
  return qnum > 0 ? { tag: id.slice(0, 4), qnum } : undefined;
}

export const isPracticeId = (id: string): boolean => parsePracticeId(id) !== undefined;

/** The channel as the practice record keeps it: a short tag of its id (only compared with the channel /answer is typed in). */
export const channelRef = (channelId: string): string => B36(fnv1a(`channel:${channelId}`), 6);

/** The "Another question" action of a /quiz without filters: not stored, it is what a missing `pqn` means. */
export const DEFAULT_NEXT = 'next:*:*';

export interface PracticeRecord {
  postId: string;
  createdAt: number;
  /** channelRef of the channel it was asked in. */
  channel: string;
  /** The "Another question" action of its result. */
  next: string;
  /** The stored answer (answer-record.ts), once answered. */
  answer?: string;
  hinted: boolean;
}

export function parsePracticeRecord(pq: string | null | undefined, rest: { pqn?: string | null; pqr?: string | null; pqh?: string | null } = {}): PracticeRecord | undefined {
  const m = pq ? /^([a-z0-9]{12}) ([a-z0-9]+) ([a-z0-9]+)$/.exec(pq) : null;
  if (!m) return undefined;
  return { postId: m[1]!, createdAt: parseInt(m[2]!, 36), channel: m[3]!, next: rest.pqn || DEFAULT_NEXT, answer: rest.pqr ?? undefined, hinted: Boolean(rest.pqh) };
}

/**
 * Makes a practice question the user's current one and marks its question seen, in one script.
 * KEYS: 1 user, 2 question state, 3-8 the state's old keys; ARGV: 1 record (pq), 2 next action ('' for DEFAULT_NEXT),
 * 3 question number.
 */
export const PRESENT_PRACTICE = `
${questionState(2)}
${migrateGuard([3, 4, 5, 6, 7, 8])}
redis.call('HSET', KEYS[1], 'pq', ARGV[1])
redis.call('HDEL', KEYS[1], 'pqr', 'pqh')
if ARGV[2] ~= '' then redis.call('HSET', KEYS[1], 'pqn', ARGV[2]) else redis.call('HDEL', KEYS[1], 'pqn') end
local rec = qsLoad(tonumber(ARGV[3]))
if not qsHas(rec, ${FLAG.seen}) then
  qsSet(rec, ${FLAG.seen})
  qsSave(rec)
  stCommit()
end
return {'ok'}
`;

export class PracticeRepository {
  constructor(private readonly redis: Store, private readonly migrate: (communityId: string, userId: string) => Promise<boolean>) {}

  /** Makes `postId` the user's current practice question (the previous one can no longer be answered). */
  async present(p: { communityId: string; userId: string; postId: string; qnum: number; channelId: string; createdAt: number; next?: string }): Promise<void> {
    const k = communityKeys(p.communityId);
    const pq = `${p.postId} ${p.createdAt.toString(36)} ${channelRef(p.channelId)}`;
    const next = p.next === undefined || p.next === DEFAULT_NEXT ? '' : p.next;
    const run = () => this.redis.presentPractice(k.user(p.userId), k.userState(p.userId), ...legacyStateKeys(k, p.userId), pq, next, String(p.qnum));
    let [status] = await run();
    if (status === 'migrate') {
      await this.migrate(p.communityId, p.userId);
      [status] = await run();
    }
    if (status !== 'ok') throw new Error(`could not store the practice question (${status})`);
  }

  async current(communityId: string, userId: string): Promise<PracticeRecord | undefined> {
    const [pq, pqn, pqr, pqh] = await this.redis.hmget(communityKeys(communityId).user(userId), 'pq', 'pqn', 'pqr', 'pqh');
    return parsePracticeRecord(pq, { pqn, pqr, pqh });
  }
}
