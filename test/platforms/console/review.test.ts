import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConsole } from '../../support/console.js';
import type { App } from '../../../src/app.js';
import { testApp, freshCommunity } from '../../support/app.js';

let app: App;
beforeAll(async () => { app = await testApp(); });
afterAll(async () => { await app.close(); });

const run = (script: string): Promise<string> => runConsole(app.router, script, { communityId: freshCommunity(), at: '2026-03-07T17:00:00Z', allowClock: true });

/** Output of the command echoed as "user> cmd", up to the next echo. */
function section(output: string, echo: string, nth = 0): string {
  const found = output.split(/\n(?=\S+> )/).filter((p) => p.startsWith(echo));
  expect(found.length, `no output for ${echo}`).toBeGreaterThan(nth);
  return found[nth]!;
}

describe('console /review', () => {
  it('brings a missed question back the next day, a right one later, and says how many are due and how likely you are to recall it', async () => {
    const out = await run(`
/quiz probability hard
/answer {{letter:HT}}
/quiz probability medium
/answer {{letter:1/3}}
/review
/clock +1d
/review
/answer {{letter:HH}}
/review
/clock +2d
/review
`);
    expect(section(out, 'you> /review', 0)).toMatch(/Nothing is due for review\. The next one comes back/);
    const first = section(out, 'you> /review', 1);
    expect(first).toMatch(/🔁 Review/);
    expect(first).toMatch(/HH or for HT/);
    expect(first).toMatch(/1 due for review \(of 2 in your queue\)\. Estimated recall now: \d+%\./);
    expect(section(out, 'you> /answer', 2)).toMatch(/Correct/);
    expect(section(out, 'you> /review', 2)).toMatch(/Nothing is due for review/);
    const third = section(out, 'you> /review', 3);
    expect(third).toMatch(/two children/);
    expect(third).toMatch(/1 due for review \(of 2 in your queue\)/);
  });
});
