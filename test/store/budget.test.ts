import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { RequestBudget, type Rate } from '../../src/store/budget.js';
import { testRedis } from '../support/redis.js';

const connections = [testRedis(), testRedis(), testRedis()];
afterAll(async () => { for (const c of connections) await c.quit(); });

/** Takes grants from one budget through three connections (three "replicas") for `ms`; returns the grant times. */
async function grantsFor(rates: Rate[], ms: number): Promise<number[]> {
  const granted: number[] = [];
  const end = Date.now() + ms;
  await Promise.all(connections.flatMap((redis) => Array.from({ length: 4 }, async () => {
    const budget = new RequestBudget(redis, rates);
    while (Date.now() < end) {
      const wait = await budget.take();
      if (wait === 0) granted.push(Date.now());
      else await new Promise((r) => setTimeout(r, wait + Math.random() * budget.intervalMs));
    }
  })));
  return granted.sort((a, b) => a - b);
}

// One hash tag, like a route's budgets (deliveryKeys): a grant checks several budgets in one script, so on a
// Redis Cluster they must share a slot.
const key = () => `{test:budget}:${randomBytes(4).toString('hex')}`;

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
    const times = await grantsFor([{ key: key(), perSecond: 40, early: 1 }], 2_000);
    // 40/s over 2 s, one may come early: at most 41 in a second on the Redis clock (one more for how late replies
    // reach this process), where twelve callers each on its own budget would take 120; and the budget is used.
    expect(busiest(times, 1000)).toBeLessThanOrEqual(42);
    expect(times.length).toBeGreaterThanOrEqual(60);
  });

  it('a strict per-channel budget spaces posts a whole interval apart', async () => {
    const times = await grantsFor([{ key: key(), perSecond: 4 }], 1_600);
    // 250 ms apart on the Redis clock; replies may reach this process a little unevenly.
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(200);
    expect(times.length).toBeGreaterThanOrEqual(5);
  });

  it('grants a channel post only when the channel and the bot both allow it, so neither holds up the other', async () => {
    const bot = { key: key(), perSecond: 20, early: 1 };
    const channel = key();
    // Another channel keeps the bot budget busy meanwhile.
    const [times] = await Promise.all([grantsFor([bot, { key: channel, perSecond: 4 }], 1_600), grantsFor([bot], 1_600)]);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(200);
    expect(times.length).toBeGreaterThanOrEqual(5);
    expect(Number(await connections[0]!.exists(channel))).toBe(1);
  });
});
