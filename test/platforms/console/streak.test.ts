import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConsole } from '../../support/console.js';
import type { App } from '../../../src/app.js';
import { testApp, freshCommunity } from '../../support/app.js';

let app: App;
beforeAll(async () => { app = await testApp(); });
afterAll(async () => { await app.close(); });

/** Runs a console script from 23:30 on Monday 31 March 2031 in Auckland (10:30 UTC). */
const run = (script: string): Promise<string> => runConsole(app.router, script, { communityId: freshCommunity(), at: '2031-03-31T10:30:00Z', allowClock: true });

function section(output: string, echo: string): string {
  const found = output.split(/\n(?=\S+> )/).filter((p) => p.startsWith(echo));
  expect(found.length, `no output for ${echo}`).toBeGreaterThan(0);
  return found.at(-1)!;
}

/** A week of evenings in Auckland: a question and the first button each day. */
const week = Array.from({ length: 7 }, (_, i) => `${i ? '/clock +1d\n' : ''}/quiz probability hard\n1`).join('\n');

describe('console: /streak', () => {
  it('earns a freeze, spends it on a missed day, shows the calendar and log, and an admin restores', async () => {
    const out = await run(`
/as kiri
/settings mytimezone Pacific/Auckland
${week}
/streak
/clock +2d
/quiz probability hard
1
/streak
/streak log
/as admin
/streak restore @kiri 30 reason:moved over from the old bot
/streak @kiri
/streak log @kiri
`);
    const [beforeMiss, afterMiss] = out.split(/\n(?=kiri> \/streak\n)/).slice(1).map((s) => s.split(/\n(?=\S+> )/)[0]!);
    expect(beforeMiss).toMatch(/Current streak: 7 days · best: 7 · freezes: 1\/2\nToday is done\./);
    // Monday 7 April was missed in Auckland: the freeze kept the streak.
    expect(out).toMatch(/🔥 Streak: 8 days\. 🧊 A freeze covered the day you missed\./);
    expect(afterMiss).toMatch(/Current streak: 8 days · best: 8 · freezes: 0\/2/);
    expect(afterMiss).toContain('`03-31` ✅✅✅✅✅✅✅\n`04-07` 🧊✅');
    expect(afterMiss).toContain('✅ answered · 🧊 freeze used · ⬛ no answer · 🔲 today, not yet');
    expect(afterMiss).toContain('Last 30 days: 8 answered, 1 kept by a freeze, 21 without an answer.');
    expect(afterMiss).toMatch(/Days are counted in Pacific\/Auckland\./);
    expect(section(out, 'kiri> /streak log')).toMatch(/2031-04-08 🔥 extended to 8 days\n2031-04-07 🧊 missed: a freeze kept the 7-day streak \(0 left\)\n2031-04-06 🎁 earned a freeze \(1 held\)/);
    expect(section(out, 'admin> /streak restore')).toMatch(/Restored kiri's streak to 30 days \(it was 8\)/);
    expect(section(out, 'admin> /streak @kiri')).toMatch(/📣 🔥 kiri's streak\nCurrent streak: 30 days · best: 30 · freezes: 0\/2\n\n/);
    expect(section(out, 'admin> /streak log @kiri')).toMatch(/^admin> \/streak log @kiri\n🔒 📜 kiri's streak log\n2031-04-08 🛟 restored to 30 days \(was 8\) by admin: moved over from the old bot\n/);
  });
});
