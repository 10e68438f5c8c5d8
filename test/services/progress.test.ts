import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import type { App } from '../../src/app.js';
import type { Invocation } from '../../src/core/command.js';
import { ACTIVITY_DAYS } from '../../src/domain/activity.js';
import { dateOfDayNumber, formatLocalDate } from '../../src/domain/calendar.js';
import { ProgressRepository } from '../../src/store/progress.js';
import { communityKeys } from '../../src/store/keys.js';
import { activityOf } from '../../src/store/question-state.js';
import { cellBox, heatColour } from '../../src/render/heatmap.js';
import { PALETTE } from '../../src/render/palette.js';
import { PROGRESS_LAYOUT } from '../../src/render/progress-card.js';
import { answerPost } from '../../scripts/seed-progress.js';
import { freshCommunity, invocationFor, testApp } from '../support/app.js';

let app: App;
beforeAll(async () => { app = await testApp(); });
afterAll(async () => { await app.close(); });

const as = (c: string, user: string, iso: string): Invocation => invocationFor(c, user, { now: new Date(iso), resolveUser: (raw) => `console:${raw.replace(/^@/, '')}` });

/** A personal post of `questionId` answered right or wrong at `iso`, through the quiz service and the answer script. */
async function answer(c: string, user: string, questionId: string, right: boolean, iso: string): Promise<void> {
  const p = await app.services.posts.create({ createdAt: Date.parse(iso), communityId: c, questionId, channelId: 'console:main', audience: `console:${user}`, closesAt: 0, scheduleId: '', answerMode: 'buttons' });
  await answerPost(app.services, as(c, user, iso), p.id, right);
}

const counts = (cells: { date: { year: number; month: number; day: number }; count: number }[]) =>
  Object.fromEntries(cells.filter((x) => x.count > 0).map((x) => [formatLocalDate(x.date), x.count]));

const rgb = (png: PNG, x: number, y: number) => {
  const i = (png.width * Math.round(y) + Math.round(x)) * 4;
  return `#${[png.data[i]!, png.data[i + 1]!, png.data[i + 2]!].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
};

describe('/progress data, recorded by the answer script', () => {
  it('counts answers per day in the user\'s zone across the spring DST change', async () => {
    const c = freshCommunity();
    await app.services.userZones.set(c, 'console:ada', 'Europe/Berlin');
    // Berlin moves from UTC+1 to UTC+2 at 01:00 UTC on Sunday 29 March 2026.
    await answer(c, 'ada', 't-two-children', true, '2026-03-28T22:30:00Z'); // Sat 28, 23:30 CET
    await answer(c, 'ada', 't-dice-sum', true, '2026-03-28T23:30:00Z'); // Sun 29, 00:30 CET
    await answer(c, 'ada', 't-coin-hard', false, '2026-03-29T21:30:00Z'); // Sun 29, 23:30 CEST
    await answer(c, 'ada', 't-conv-params', true, '2026-03-29T22:30:00Z'); // Mon 30, 00:30 CEST
    const m = await app.services.progress.model(c, 'console:ada', new Date('2026-04-02T10:00:00Z'));
    expect(m.heatmap).toHaveLength(84);
    expect(counts(m.heatmap)).toEqual({ '2026-03-28': 1, '2026-03-29': 2, '2026-03-30': 1 });
    // A user on the community's UTC days sees the same answers on other days.
    const c2 = freshCommunity();
    await answer(c2, 'bo', 't-dice-sum', true, '2026-03-28T23:30:00Z');
    await answer(c2, 'bo', 't-conv-params', true, '2026-03-29T22:30:00Z');
    expect(counts((await app.services.progress.model(c2, 'console:bo', new Date('2026-04-02T10:00:00Z'))).heatmap)).toEqual({ '2026-03-28': 1, '2026-03-29': 1 });
  });

  it('keeps one small ring of days: a slot starts from zero on its new day, old days drop out, a day saturates at 15', async () => {
    const c = freshCommunity();
    const key = communityKeys(c).userState('console:cy');
    const days = async (iso: string) => Object.fromEntries([...(await new ProgressRepository(app.redis, app.services.questionStates, app.bank).read(c, 'console:cy', Date.parse(iso))).activity]
      .map(([d, n]) => [formatLocalDate(dateOfDayNumber(d)), n]));
    await answer(c, 'cy', 't-dice-sum', true, '2026-01-05T12:00:00Z');
    await answer(c, 'cy', 't-dice-sum', true, '2026-01-06T12:00:00Z');
    await answer(c, 'cy', 't-dice-sum', true, '2026-01-06T13:00:00Z');
    // 128 days after 5 January is 5 January's slot of the ring, which still holds its answer: it must start from zero.
    const ringLater = new Date(Date.parse('2026-01-05T12:00:00Z') + ACTIVITY_DAYS * 86_400_000).toISOString();
    await answer(c, 'cy', 't-dice-sum', true, ringLater);
    expect(await days(ringLater)).toEqual({ '2026-01-06': 2, [ringLater.slice(0, 10)]: 1 });
    const next = new Date(Date.parse(ringLater) + 86_400_000).toISOString();
    for (let i = 0; i < 17; i++) await answer(c, 'cy', 't-dice-sum', i % 2 === 0, next);
    expect(await days(next)).toEqual({ [ringLater.slice(0, 10)]: 1, [next.slice(0, 10)]: 15 });
    const m = await app.services.progress.model(c, 'console:cy', new Date(next));
    expect(counts(m.heatmap)).toEqual({ [ringLater.slice(0, 10)]: 1, [next.slice(0, 10)]: 15 });
    expect(activityOf(await app.redis.getBuffer(key)).length).toBe(4 + ACTIVITY_DAYS / 2);
    // Over a year later: the old ring is dropped as a whole.
    await answer(c, 'cy', 't-dice-sum', true, '2027-06-01T12:00:00Z');
    expect(await days('2027-06-01T18:00:00Z')).toEqual({ '2027-06-01': 1 });
    // Topic tallies: 22 auto-graded answers, 14 of them right.
    const stored = await new ProgressRepository(app.redis, app.services.questionStates, app.bank).read(c, 'console:cy', Date.now());
    expect(stored.topics.get('probability')).toEqual({ answered: 22, correct: 14 });
  });

  it('computes mastery from the FSRS cards, accuracy from the tallies, and readiness against a goal', async () => {
    const c = freshCommunity();
    await answer(c, 'di', 't-two-children', true, '2026-05-04T09:00:00Z');
    await answer(c, 'di', 't-dice-sum', false, '2026-05-04T09:05:00Z');
    await answer(c, 'di', 't-conv-params', true, '2026-05-04T09:10:00Z');
    await answer(c, 'di', 't-why-pool', true, '2026-05-04T09:15:00Z'); // open: answered and self-assessed "got it"

    const sameDay = await app.services.progress.model(c, 'console:di', new Date('2026-05-04T20:00:00Z'));
    const [math, deep] = sameDay.tracks;
    // The miss of today does not count as retained; the right answers do.
    expect([math!.track, math!.retained, math!.seen, math!.total]).toEqual(['math', 1, 2, 3]);
    expect(math!.topics[0]!.accuracy).toBe(0.5);
    expect([deep!.track, deep!.retained, deep!.ready, deep!.accuracy]).toEqual(['deep', 2, true, 1]);
    expect(sameDay.readiness).toEqual({ readyTracks: 1, totalTracks: 2, weakTopics: 1, toRetain: 1 });

    // Three days later a first right answer (stability 2.3 days) has dropped below 90% recall.
    const later = await app.services.progress.model(c, 'console:di', new Date('2026-05-07T20:00:00Z'));
    expect(later.tracks.map((t) => t.retained)).toEqual([0, 0]);
    expect(later.readiness.toRetain).toBe(4);

    const inv = as(c, 'di', '2026-05-07T20:00:00Z');
    const set = await app.router.dispatch(inv, { name: 'goal', text: '2026-05-09' });
    expect(set.body).toContain('Interview date set: **Sat 9 May 2026**, 2 days from today');
    const goal = await app.services.progress.model(c, 'console:di', inv.now);
    expect(goal.readiness.goal).toEqual({ date: '2026-05-09', daysLeft: 2, perDay: 2 });
  });

  it('refuses bad interview dates and changes nothing; shows and clears a set one', async () => {
    const c = freshCommunity();
    const inv = as(c, 'ed', '2026-05-07T20:00:00Z');
    const user = communityKeys(c).user('console:ed');
    expect((await app.router.dispatch(inv, { name: 'goal', text: '' })).body).toContain('No interview date set.');
    await app.router.dispatch(inv, { name: 'goal', text: '2026-06-01' });
    for (const [text, why] of [
      ['2026-02-30', /"2026-02-30" is not a date/], ['next friday', /is not a date/], ['2026-05-07', /must be after today \(Thu 7 May 2026 in UTC\)/],
      ['2030-01-01', /more than three years away/],
    ] as const) {
      const r = await app.router.dispatch(inv, { name: 'goal', text });
      expect(r.tone).toBe('error');
      expect(r.body).toMatch(why);
      expect(await app.redis.hget(user, 'goal')).toBe('2026-06-01');
    }
    expect((await app.router.dispatch(inv, { name: 'goal', text: '' })).body).toContain('**Mon 1 Jun 2026** (25 days from today)');
    await app.router.dispatch(inv, { name: 'goal', text: 'clear' });
    expect(await app.redis.hget(user, 'goal')).toBeNull();
  });
});

describe('/progress image', () => {
  it('is a PNG of the model: lit heatmap cells in the step colour of their count, empty ones empty', async () => {
    const c = freshCommunity();
    const at = '2026-05-06T18:00:00Z';
    await answer(c, 'fay', 't-two-children', true, '2026-05-04T09:00:00Z');
    for (const q of ['t-dice-sum', 't-coin-hard', 't-conv-params', 't-two-children']) await answer(c, 'fay', q, true, '2026-05-05T09:00:00Z');
    const reply = await app.router.dispatch(as(c, 'fay', at), { name: 'progress', text: '' });
    expect(reply.visibility).toBe('private');
    expect(reply.body).toContain('**Ready in 1 of 2 tracks · 1 topic to cover (1 question to retain)**');
    expect(reply.body).toContain('last 12 weeks: 5 answers on 2 days');
    const image = reply.image!;
    expect(image.fileName).toBe('progress.png');
    expect(image.alt).toMatch(/^Your progress chart\. Ready in 1 of 2 tracks .* 5 answers on 2 days in the last 12 weeks\. By track: math 100% retained, 100% accuracy; deep 50% retained, 100% accuracy\. Weakest topics: cnns \(deep\): 50% retained, 100% accuracy\.$/);
    expect(image.png.length).toBeLessThan(1024 * 1024);
    expect([...image.png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const png = PNG.sync.read(Buffer.from(image.png));
    expect([png.width, png.height]).toEqual([image.width, image.height]);
    expect(png.width).toBe(PROGRESS_LAYOUT.width);

    const model = await app.services.progress.model(c, 'console:fay', new Date(at));
    const centre = (date: string) => {
      const cell = model.heatmap.find((x) => formatLocalDate(x.date) === date)!;
      const box = cellBox(cell);
      return [PROGRESS_LAYOUT.heatmap.x + box.x + box.size / 2, PROGRESS_LAYOUT.heatmap.y + box.y + box.size / 2] as const;
    };
    expect(rgb(png, ...centre('2026-05-04'))).toBe(heatColour(1));
    expect(rgb(png, ...centre('2026-05-05'))).toBe(heatColour(4));
    expect(heatColour(4)).not.toBe(heatColour(1));
    expect(rgb(png, ...centre('2026-05-06'))).toBe(PALETTE.heat[0]);
    expect(rgb(png, ...centre('2026-04-01'))).toBe(PALETTE.heat[0]);
    // The card is opaque: its corners are the background colour.
    expect(png.data[3]).toBe(255);
    expect(rgb(png, 0, 0)).toBe(PALETTE.background);
  });

  it('explains instead of drawing an empty chart for someone who never answered', async () => {
    const c = freshCommunity();
    const r = await app.router.dispatch(as(c, 'gil', '2026-05-06T18:00:00Z'), { name: 'progress', text: '@nobody' });
    expect(r.image).toBeUndefined();
    expect(r.body).toBe('nobody has not answered any question here yet.');
  });
});
