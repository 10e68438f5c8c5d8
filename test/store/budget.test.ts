import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { RequestBudget } from '../../src/store/budget.js';
import { testRedis } from '../support/redis.js';

const connections = [testRedis(), testRedis(), testRedis()];
afterAll(async () => { for (const c of connections) await c.quit(); });

/** Takes grants from one budget through three connections (three "replicas") for `ms`; returns the grant times. */
async function grantsFor(key: string, perSecond: number, early: number, ms: number): Promise<number[]> {
  const granted: number[] = [];
  const end = Date.now() + ms;
  await Promise.all(connections.flatMap((redis) => Array.from({ length: 4 }, async () => {
    const budget = new RequestBudget(redis, key, perSecond, early);
    while (Date.now() < end) {
      const wait = await budget.take();
      if (wait === 0) granted.push(Date.now());
      else await new Promise((r) => setTimeout(r, wait + Math.random() * budget.intervalMs));
    }
  })));
  return granted.sort((a, b) => a - b);
}

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
  it('keeps twelve callers on three connections under one rate together, and still uses it', async () => {
    const times = await grantsFor(`test:budget:${randomBytes(4).toString('hex')}`, 40, 1, 2_000);
    // 40/s over 2 s, one may come early: at most 41 in a second on the Redis clock (one more for how late replies
    // reach this process), where twelve callers each on its own budget would take 120; and the budget is used.
    expect(busiest(times, 1000)).toBeLessThanOrEqual(42);
    expect(times.length).toBeGreaterThanOrEqual(60);
  });

  it('a strict per-channel budget spaces posts a whole interval apart', async () => {
    const times = await grantsFor(`test:budget:${randomBytes(4).toString('hex')}`, 4, 0, 1_600);
    // 250 ms apart on the Redis clock; replies may reach this process a little unevenly.
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(200);
    expect(times.length).toBeGreaterThanOrEqual(5);
  });
});
