import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConsole } from '../../support/console.js';
import type { App } from '../../../src/app.js';
import { communityKeys } from '../../../src/store/keys.js';
import { testApp, freshCommunity } from '../../support/app.js';

let app: App;
const community = freshCommunity();
beforeAll(async () => { app = await testApp(); });
afterAll(async () => { await app.close(); });

const run = (script: string): Promise<string> => runConsole(app.router, script, { communityId: community, at: '2031-03-07T17:00:00Z' });

/** Output of the nth line echoed as `echo` (or of the line `later` lines after it), up to the next echo. */
function section(output: string, echo: string, nth = 0, later = 0): string {
  const parts = output.split(/\n(?=\S+> )/);
  const found = parts.flatMap((p, i) => (p.startsWith(echo) ? [i] : []));
  expect(found.length, `no output for ${echo}`).toBeGreaterThan(nth);
  return parts[found[nth]! + later]!;
}

describe('console: hints and reports', () => {
  it('/hint shows the hint privately; the answer then scores half; the Report button takes a reason and a note', async () => {
    const out = await run(`
/as hana
/quiz probability hard
/hint
{{button:HH}}
2
3
The second sentence repeats a word.
/stats
/as ivo
/quiz probability hard
3
{{button:HT}}
2
1
-
/as hana
/quiz probability hard
{{button:HH}}
2
/questions reports
`);
    const card = section(out, 'hana> /quiz probability hard');
    expect(card).toMatch(/\[1\] [AB] {2}\[2\] [AB] {2}\[3\] 💡 Hint \(½ points\)/);
    expect(card).not.toContain('start over');
    expect(section(out, 'hana> /hint')).toBe('hana> /hint\n🔒 💡 Hint · math · probability · 🔴 hard\nAfter a miss, which pattern has to start over?\nA correct answer now scores 15 points instead of 30.');
    expect(section(out, 'hana> /hint', 0, 1)).toMatch(/✅ Correct! \+15 points \(half, after the hint\)\.[\s\S]*\[1\] Another question {2}\[2\] 🚩 Report/);
    expect(section(out, 'hana> /hint', 0, 2)).toMatch(/What is wrong with this question\?[\s\S]*\[1\] Wrong key {2}\[2\] Unclear {2}\[3\] Typo {2}\[4\] Other/);
    expect(section(out, 'hana> /hint', 0, 3)).toMatch(/Reporting: Typo[\s\S]*✏️ {2}Note \(optional\): type it on the next line, or - for none\./);
    expect(section(out, 'hana> The second sentence')).toMatch(/Thanks: reported as Typo/);
    expect(section(out, 'hana> /stats')).toMatch(/Hints: 1 taken · 1 answer after a hint, 1 correct/);

    // Ivo presses the Hint button (3), answers wrong, reports a wrong key without a note ("-").
    expect(section(out, 'ivo> /quiz', 0, 1)).toMatch(/After a miss/);
    expect(section(out, 'ivo> /quiz', 0, 2)).toMatch(/Not quite/);
    expect(section(out, 'ivo> -')).toMatch(/Thanks: reported as Wrong key/);

    // The same question again: one report per question.
    expect(section(out, 'hana> /quiz', 1, 2)).toMatch(/You already reported this question \(Typo, /);
    const reports = section(out, 'hana> /questions reports');
    expect(reports).toMatch(/2 reports · t-coin-hard: math · probability · 🔴 hard/);
    expect(reports).toMatch(/Wrong key 1 · Typo 1 · 3 answers, 67% correct/);
    expect(reports).toMatch(/“The second sentence repeats a word\.” \(hana, /);

    const k = communityKeys(community);
    expect(await app.redis.hlen(k.questionReports('t-coin-hard'))).toBe(2);
    expect(JSON.parse((await app.redis.hget(k.questionReports('t-coin-hard'), 'console:ivo'))!)).not.toHaveProperty('n');
  });
});
