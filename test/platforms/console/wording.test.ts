import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConsole } from '../../support/console.js';
import type { App } from '../../../src/app.js';
import { freshCommunity, testApp } from '../../support/app.js';

let app: App;
const community = freshCommunity();
beforeAll(async () => { app = await testApp(); });
afterAll(async () => { await app.close(); });

const run = (script: string): Promise<string> => runConsole(app.router, script, { communityId: community, at: '2026-03-07T17:00:00Z' });

const section = (output: string, echo: string) => output.split(/\n(?=\S+> )/).find((p) => p.startsWith(`${echo}\n`)) ?? `(no output for ${echo})`;

describe('wording', () => {
  it('says 1 question, not 1 questions', async () => {
    const out = await run('/schedule set daily 09:00 topics:probability difficulty:hard');
    expect(out).toMatch(/Topics: probability · hard \(1 question\)/);
    expect(out).not.toMatch(/\b1 questions\b/);
  });

  it('speaks of the board\'s own period, lists teams with their members, and lays out stats by track as a list', async () => {
    const out = await run(`
/as alice
/team join owls
/quiz probability easy
/answer 1/6
/as bob
/team join owls
/leaderboard all
/leaderboard week
/team list
/as alice
/stats
`);
    expect(section(out, 'bob> /leaderboard all')).toMatch(/You have no points yet\./);
    expect(section(out, 'bob> /leaderboard all')).not.toMatch(/in this period/);
    expect(section(out, 'bob> /leaderboard week')).toMatch(/You have no points this week yet\./);
    expect(section(out, 'bob> /team list')).toMatch(/owls \(2 members, 10 pts all time\): alice, bob/);
    expect(section(out, 'alice> /stats')).toMatch(/By track: • math: 1 answered, 1 correct/);
    expect(section(out, 'alice> /stats')).toMatch(/Best streak: 1 day\b/);
  });
});
