import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConsole } from '../../support/console.js';
import type { App } from '../../../src/app.js';
import { communityKeys } from '../../../src/store/keys.js';
import { testApp, freshCommunity } from '../../support/app.js';

let app: App;
const community = freshCommunity();
beforeAll(async () => { app = await testApp(); });
afterAll(async () => { await app.close(); });

const run = (script: string): Promise<string> => runConsole(app.router, script, { communityId: community, at: '2026-03-07T17:00:00Z', allowClock: true });

/** Output of the command echoed as "user> cmd", up to the next echo. */
function section(output: string, echo: string, nth = 0): string {
  const parts = output.split(/\n(?=\S+> )/);
  const found = parts.filter((p) => p.startsWith(echo));
  expect(found.length, `no output for ${echo}`).toBeGreaterThan(nth);
  return found[nth]!;
}

describe('console session', () => {
  it('plays a multi-user session across days (with a DST change) ending in the right boards and streaks', async () => {
    const out = await run(`
/settings timezone America/New_York
/as alice
/team join owls
/quiz probability hard
{{button:HH}}
/answer {{letter:HT}}
/as bob
/team join hawks
/quiz probability medium
/answer {{letter:1/2}}
/quiz cnns easy
/answer 216
/clock +1d
/as alice
/quiz probability medium
/answer {{letter:1/3}}
/clock +2d
/as bob
/quiz probability easy
/answer 1/6
/leaderboard all
/leaderboard all teams
/streak
/as alice
/streak
/stats
`);
    expect(section(out, 'alice> ', 2)).toMatch(/^alice> [12]\n.*Correct! \+30 points/);
    expect(section(out, 'alice> /answer', 0)).toMatch(/already answered this question with [AB]\. HH \(correct\)/);
    expect(section(out, 'bob> /answer', 0)).toMatch(/Not quite/);
    expect(section(out, 'bob> /answer 216')).toMatch(/Correct! \+10 points/);
    const board = section(out, 'bob> /leaderboard all', 0);
    expect(board).toMatch(/🥇 alice: 50 pts\n🥈 bob: 20 pts/);
    const teams = section(out, 'bob> /leaderboard all teams');
    expect(teams).toMatch(/🥇 owls: 50 pts\n🥈 hawks: 20 pts/);
    // Bob answered on Mar 7 and Mar 10: the gap broke his streak.
    expect(section(out, 'bob> /streak')).toMatch(/Current streak: 1 day · best: 1/);
    // Alice answered on Mar 7 and Mar 8 (the spring-forward day in New York); by Mar 10 it has lapsed.
    expect(section(out, 'alice> /streak')).toMatch(/Current streak: 0 days · best: 2/);
    expect(section(out, 'alice> /stats')).toMatch(/Accuracy: 100% \(2\/2 auto-graded\)/);
  });

  it('rejects bad input clearly and changes nothing', async () => {
    const k = communityKeys(community);
    const out = await run(`
/as zed
/quiz quantum-gravity
/quiz probability impossible
/answer
/frobnicate
/team join !!
/settings timezone Mars/Olympus
/quiz probability medium
/answer Z
/answer ${'x'.repeat(10_000)}
/answer
`);
    expect(section(out, 'zed> /quiz quantum-gravity')).toMatch(/Unknown topic "quantum-gravity"/);
    expect(section(out, 'zed> /quiz probability impossible')).toMatch(/did not understand "impossible"|must be one of/);
    expect(section(out, 'zed> /answer', 0)).toMatch(/no open question/);
    expect(section(out, 'zed> /frobnicate')).toMatch(/Unknown command/);
    expect(section(out, 'zed> /team join !!')).toMatch(/2-24 characters/);
    expect(section(out, 'zed> /settings timezone Mars/Olympus')).toMatch(/not a time zone/);
    expect(section(out, 'zed> /answer Z')).toMatch(/not one of the options/);
    expect(section(out, `zed> /answer xxxx`)).toMatch(/limit is 2000 characters/);
    // After all that, zed has answered nothing and the community time zone is unchanged.
    expect(await app.redis.hmget(k.user('console:zed'), 'answered', 'points', 'streak')).toEqual([null, null, null]);
    expect(await app.redis.hget(k.settings, 'timezone')).toBe('America/New_York');
    // The question is still open for a real answer: /answer with no text points at the buttons.
    expect(section(out, 'zed> /answer', 3)).toMatch(/Pick one of the buttons/);
  });
});
