import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { RequestBudget, type Rate } from '../../src/store/budget.js';
import { testRedis } from '../support/redis.js';

const connections = [testRedis(), testRedis(), testRedis()];
afterAll(async () => { for (const c of connections) await c.quit(); });

/** Books turns in one budget through three connections (three "replicas") for `ms`; returns the turns (Redis clock). */
async function grantsFor(rates: Rate[], ms: number): Promise<number[]> {
  const granted: number[] = [];
  const end = Date.now() + ms;
  await Promise.all(connections.flatMap((redis) => Array.from({ length: 4 }, async () => {
    const budget = new RequestBudget(redis, rates);
    while (Date.now() < end) {
      const grant = await budget.reserve(500);
      await new Promise((r) => setTimeout(r, grant.ok ? grant.inMs : grant.waitMs));
      if (grant.ok) granted.push(grant.at);
    }
  })));
  return granted.sort((a, b) => a - b);
}

const key = () => `test:budget:${randomBytes(4).toString('hex')}`;

/** The most grants inside any window of `windowMs`. */
function busiest(times: number[], windowMs: number): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe('a request budget shared by replicas', () => {
  it('keeps twelve callers on three connections under one rate together, and uses all of it', async () => {
    const times = await grantsFor([{ key: key(), perSecond: 40 }], 2_000);
    // 40/s: turns 25 ms apart on the Redis clock, where twelve callers each on its own budget would take far
    // more; and turns are booked back to back, so the budget is used in full, not only when a caller happens to
    // ask at the right moment.
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(25);
    expect(busiest(times, 1000)).toBeLessThanOrEqual(40);
    expect(times.length).toBeGreaterThanOrEqual(76);
  });

  it('books nothing beyond the hold and says how long until a turn would fit', async () => {
    const rates = [{ key: key(), perSecond: 10 }];
    const budget = new RequestBudget(connections[0]!, rates);
    const grants = [];
    for (let i = 0; i < 6; i++) grants.push(await budget.reserve(350));
    // Turns at 0, 100, 200, 300 ms fit in a 350 ms hold; the fifth would be at 400 ms: about 50 ms too far.
    expect(grants.slice(0, 4).every((g) => g.ok)).toBe(true);
    const turns = grants.slice(0, 4).map((g) => (g.ok ? g.at : -1));
    expect(turns.map((t) => t - turns[0]!)).toEqual([0, 100, 200, 300]);
    const refused = grants[4]!;
    expect(refused.ok).toBe(false);
    expect(refused.ok ? -1 : refused.waitMs).toBeGreaterThan(0);
    expect(refused.ok ? -1 : refused.waitMs).toBeLessThanOrEqual(60);
    // A refusal books nothing: the next turn is still the fifth.
    expect(grants[5]!.ok).toBe(false);
  });

  it('a strict per-channel budget spaces posts a whole interval apart', async () => {
    const times = await grantsFor([{ key: key(), perSecond: 4 }], 1_600);
    // 250 ms apart on the Redis clock.
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(250);
    expect(times.length).toBeGreaterThanOrEqual(5);
  });

  it('grants a channel post only when the channel and the bot both allow it, so neither holds up the other', async () => {
    const bot = { key: key(), perSecond: 20 };
    const channel = key();
    // Another channel keeps the bot budget busy meanwhile.
    const [times] = await Promise.all([grantsFor([bot, { key: channel, perSecond: 4 }], 1_600), grantsFor([bot], 1_600)]);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(250);
    expect(times.length).toBeGreaterThanOrEqual(5);
    expect(Number(await connections[0]!.exists(channel))).toBe(1);
  });
});
