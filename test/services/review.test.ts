import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyCard, fsrs, State, type Card as RefCard, type Grade } from 'ts-fsrs';
import type { App } from '../../src/app.js';
import { seedFromBox } from '../../src/domain/fsrs.js';
import { cardOfRecord, emptyRecord, encodeStates, FLAG } from '../../src/store/question-state.js';
import { communityKeys } from '../../src/store/keys.js';
import { testApp, invocationFor, freshCommunity, answerOption } from '../support/app.js';

let app: App;
beforeAll(async () => { app = await testApp(); });
afterAll(async () => { await app.close(); });

const DAY = 86_400_000;
const reference = fsrs({ enable_fuzz: false, enable_short_term: false });
const t0 = new Date('2031-02-03T10:00:00Z');

function user(c: string, name: string) {
  const k = communityKeys(c);
  const id = `console:${name}`;
  return {
    at: (days: number) => invocationFor(c, name, { now: new Date(t0.getTime() + days * DAY) }),
    post: (q: string) => app.services.posts.create({ createdAt: Date.now(), communityId: c, questionId: q, channelId: 'console:main', audience: id, closesAt: 0, scheduleId: '', answerMode: 'buttons' }),
    card: async (q: string) => {
      const r = (await app.services.questionStates.records(c, id)).find((x) => x.qnum === app.services.questionNumbers.of(q));
      return r && cardOfRecord(r);
    },
    due: async (q: string) => (await app.services.questionStates.records(c, id)).find((r) => r.qnum === app.services.questionNumbers.of(q))?.dueMs ?? 0,
    review: (days: number) => app.router.dispatch(invocationFor(c, name, { now: new Date(t0.getTime() + days * DAY) }), { name: 'review', text: '' }),
    k, id, c,
  };
}

/** ts-fsrs's card after these (rating, day) reviews, from new. */
function referenceCard(reviews: [Grade, number][], start: RefCard = createEmptyCard(t0)): RefCard {
  return reviews.reduce((card, [g, days]) => reference.next(card, new Date(t0.getTime() + days * DAY), g).card, start);
}

describe('/review with FSRS', () => {
  it('schedules a miss for tomorrow and a first right answer three days out, then grows the interval', async () => {
    const u = user(freshCommunity(), 'rae');
    expect((await u.review(0)).body).toMatch(/review queue is empty/);

    await answerOption(app, u.at(0), (await u.post('t-two-children')).id, 0); // wrong: Again
    await answerOption(app, u.at(0), (await u.post('t-coin-hard')).id, 0);    // right: Good
    expect(await u.due('t-two-children')).toBe(t0.getTime() + DAY);
    expect(await u.due('t-coin-hard')).toBe(t0.getTime() + 3 * DAY);
    expect(await u.card('t-two-children')).toMatchObject({ s: 0.212, reps: 1, lapses: 0 });
    expect((await u.review(0.5)).body).toMatch(/Nothing is due for review/);

    const r1 = await u.review(1);
    expect(r1.title).toMatch(/^🔁 Review · /);
    expect(r1.body).toMatch(/Two children/i);
    expect(r1.footer).toMatch(/1 due for review \(of 2 in your queue\)\. Estimated recall now: \d+%\./);

    // Right again three days later: stability and interval grow exactly as in ts-fsrs.
    await answerOption(app, u.at(3), (await u.post('t-coin-hard')).id, 0);
    const ref = referenceCard([[3, 0], [3, 3]]);
    expect(await u.card('t-coin-hard')).toEqual({ s: ref.stability, d: ref.difficulty, day: Math.floor(ref.last_review!.getTime() / DAY), reps: 2, lapses: 0 });
    expect(await u.due('t-coin-hard')).toBe(ref.due.getTime());
    expect(ref.scheduled_days).toBeGreaterThan(3);
    // A miss is a lapse and brings it back sooner.
    await answerOption(app, u.at(20), (await u.post('t-coin-hard')).id, 1);
    const lapsed = referenceCard([[3, 0], [3, 3], [1, 20]]);
    expect(await u.card('t-coin-hard')).toMatchObject({ s: lapsed.stability, d: lapsed.difficulty, reps: 3, lapses: 1 });
    expect(await u.due('t-coin-hard')).toBe(lapsed.due.getTime());
    expect(lapsed.stability).toBeLessThan(ref.stability);
  });

  it('serves the due card with the lowest retrievability, not the longest overdue', async () => {
    const u = user(freshCommunity(), 'ola');
    await answerOption(app, u.at(0), (await u.post('t-coin-hard')).id, 0);      // right at day 0: due day 3, S 2.3
    await answerOption(app, u.at(2.5), (await u.post('t-two-children')).id, 0); // wrong at day 2.5: due day 3.5, S 0.2
    expect(await u.due('t-coin-hard')).toBeLessThan(await u.due('t-two-children'));
    const r = await u.review(4);
    expect(r.body).toMatch(/Two children/i);
    expect(r.footer).toMatch(/2 due for review \(of 2 in your queue\)/);
  });

  it('schedules open questions by self-assessment: got = Good, partly = Hard, missed = Again', async () => {
    const c = freshCommunity();
    for (const [name, level, g] of [['sol', 'got', 3], ['pia', 'partly', 2], ['max', 'missed', 1]] as const) {
      const u = user(c, name);
      const p = await u.post('t-why-pool');
      await app.services.quiz.answer(u.at(0), p.id, { text: 'less compute' });
      expect(await app.redis.zscore(u.k.userReviewDue(u.id), 't-why-pool')).toBeNull();
      await app.router.action(u.at(0), `sa:${p.id}:${level}`);
      const ref = referenceCard([[g, 0]]);
      expect(await u.card('t-why-pool')).toMatchObject({ s: ref.stability, d: ref.difficulty, reps: 1 });
      expect(await u.due('t-why-pool')).toBe(ref.due.getTime());
    }
    expect([1, 2, 3].map((g) => referenceCard([[g as Grade, 0]]).scheduled_days)).toEqual([1, 2, 3]);
  });

  it('migrates a Leitner box on the next answer, keeping what it knew', async () => {
    const u = user(freshCommunity(), 'lee');
    // State from before FSRS: box 4 (14 days), due two days ago; box 1 (1 day), due yesterday.
    const due4 = t0.getTime() - 2 * DAY;
    const due1 = t0.getTime() - DAY;
    await app.redis.hset(u.k.userReviewBoxes(u.id), { 't-coin-hard': '4', 't-two-children': '1' });
    await app.redis.zadd(u.k.userReviewDue(u.id), due4, 't-coin-hard', due1, 't-two-children');

    // Unmigrated boxes are ranked by the retrievability their seed cards stand for: box 1 is the weaker memory.
    const r = await u.review(0);
    expect(r.body).toMatch(/Two children/i);
    expect(r.footer).toMatch(/2 due for review \(of 2 in your queue\)/);

    await answerOption(app, u.at(0), (await u.post('t-coin-hard')).id, 0); // right: Good
    const seed = seedFromBox(4, due4, t0.getTime())!;
    const start: RefCard = { ...createEmptyCard(t0), state: State.Review, stability: seed.s, difficulty: seed.d, last_review: new Date(seed.day * DAY), reps: 4 };
    const ref = referenceCard([[3, 0]], start);
    expect(await u.card('t-coin-hard')).toMatchObject({ s: ref.stability, d: ref.difficulty, reps: 5, lapses: 0 });
    expect(ref.stability).toBeGreaterThan(14);
    expect(await u.due('t-coin-hard')).toBe(ref.due.getTime());
    // The other box became the card it stands for; the old keys are gone.
    expect(await u.card('t-two-children')).toEqual(seedFromBox(1, due1, t0.getTime()));
    expect(await u.due('t-two-children')).toBe(due1);
    expect(await app.redis.exists(u.k.userReviewBoxes(u.id), u.k.userReviewDue(u.id))).toBe(0);
  });

  it('drops questions that left the bank and serves the next one', async () => {
    const u = user(freshCommunity(), 'gus');
    await answerOption(app, u.at(0), (await u.post('t-two-children')).id, 0);
    // A question number this bank does not know: the question was removed after the user answered it.
    const retired = { ...emptyRecord(60_000), flags: FLAG.queued | FLAG.seen, s: 0.212, d: 6.4133, dueMs: t0.getTime() - 5 * DAY, ivl: 1, reps: 1 };
    const records = await app.services.questionStates.records(u.c, u.id);
    await app.redis.set(u.k.userState(u.id), encodeStates([...records, retired]));
    const r = await u.review(1);
    expect(r.body).toMatch(/Two children/i);
    expect(r.footer).toMatch(/1 due for review \(of 1 in your queue\)/);
    const after = await app.services.questionStates.records(u.c, u.id);
    expect(after.find((x) => x.qnum === 60_000)).toEqual({ ...emptyRecord(60_000), flags: FLAG.seen });
  });
});
