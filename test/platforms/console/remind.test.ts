import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../../src/app.js';
import type { ConsolePlatform } from '../../../src/platforms/console/console.js';
import { scheduledConsole } from '../../support/console.js';
import { freshCommunity, testApp } from '../../support/app.js';
import { resolving } from '../../support/script.js';

let app: App;
const community = freshCommunity();
let cli: ConsolePlatform;
let output: () => string;

beforeAll(async () => {
  app = await testApp({ db: 11 });
  ({ cli, output } = await scheduledConsole(app, { communityId: community, at: '2030-01-07T08:00:00Z' }));
});
afterAll(async () => { await app.close(); });

/** The output of one typed line (up to the next prompt echo). */
const section = (echo: string, which: 'first' | 'last' = 'last') => {
  const parts = output().split(/\n(?=\S+> )/).filter((p) => p.startsWith(echo));
  expect(parts.length, `no output for ${echo}`).toBeGreaterThan(0);
  return (which === 'first' ? parts[0] : parts.at(-1))!;
};

describe('console: /remind', () => {
  it('shows reminders inline as DMs driven by /clock, answers them with a number, and respects answers and opt-out', async () => {
    await cli.runScript(resolving(`
/remind
/remind on 25:00
/remind on 20:00
/as bob
/remind on 19:00
/as you
/clock 2030-01-07T20:00:10Z
{{button:1/3}}
/clock 2030-01-08T12:00:00Z
/quiz probability hard
1
/clock 2030-01-08T20:30:00Z
/remind
/remind off
/clock 2030-01-09T21:00:00Z
/remind
`, () => output()));
    expect(section('you> /remind\n', 'first')).toMatch(/Reminders are off\n`\/remind on` \(20:00\)/);
    expect(section('you> /remind on 25:00')).toMatch(/"25:00" is not a time of day\. Use 24-hour HH:MM/);
    expect(section('you> /remind on 20:00')).toMatch(/At 20:00 \(UTC\), on a day you have not answered yet.*Next check: Mon 7 Jan, 20:00 UTC\./);

    // Day 1: bob's at 19:00, then yours at 20:00, each inline in time order; you answer yours with its button.
    const day1 = section('you> /clock 2030-01-07T20:00:10Z');
    expect(day1).toMatch(/📬 \[DM to @bob\]\n🔒 ⏰ Time for today's question[\s\S]*📬 \[DM to you\]\n🔒 ⏰ Time for today's question\nYou have not answered today/);
    expect(day1).toMatch(/\[1\] A {2}\[2\] B {2}\[3\] C/);
    expect(output()).toMatch(/you> \d\n🔒 ✅ Correct! \+20 points\.\n🔥 Streak: 1 day\./);

    // Day 2: you answered at noon, so nothing at 20:00 (bob, who never answers, gets his).
    const day2 = section('you> /clock 2030-01-08T20:30:00Z');
    expect(day2).toContain('📬 [DM to @bob]');
    expect(day2).not.toContain('[DM to you]');
    expect(section('you> /remind\n🔒 ⏰ Reminders are on')).toContain('You have answered today, so nothing is sent today.');

    // Day 3: off, so nothing for you.
    const day3 = section('you> /clock 2030-01-09T21:00:00Z');
    expect(day3).toContain('📬 [DM to @bob]');
    expect(day3).not.toContain('[DM to you]');
    expect(output().match(/\[DM to you\]/g)).toHaveLength(1);
    expect(output().match(/\[DM to @bob\]/g)).toHaveLength(3);
  });
});
