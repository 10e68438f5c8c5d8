import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../../src/app.js';
import type { ConsolePlatform } from '../../../src/platforms/console/console.js';
import { scheduledConsole } from '../../support/console.js';
import { testApp, freshCommunity } from '../../support/app.js';
import { lastLetter, resolving } from '../../support/script.js';

let app: App;
const community = freshCommunity();
let cli: ConsolePlatform;
let output: () => string;

beforeAll(async () => {
  app = await testApp({ db: 2 });
  ({ cli, output } = await scheduledConsole(app, { communityId: community, at: '2030-01-07T08:00:00Z' }));
});
afterAll(async () => { await app.close(); });

describe('a schedule played from the console', () => {
  it('posts, collects answers from several users, reveals with the right statistics and refuses late answers', async () => {
    await cli.runScript(resolving(`
/schedule set daily 09:00 tz:UTC topics:probability difficulty:medium kinds:choice window:2h mode:both
/schedule set daily 99:00
/schedule set daily 09:00 tz:Atlantis/Deep
/schedule set daily 09:00 topics:cnns difficulty:hard
/schedule set daily 09:00 topics:astrology
/clock 2030-01-07T09:00:20Z
/as amy
/answer {{letter:1/3}}
/as ben
{{button:1/2}}
/as cat
{{button:1/3}}
/as dan
/answer {{letter:1/4}}
/answer {{letter:1/3}}
/clock +2h
/as eve
/answer B
/schedule show
`, () => output()));
    const at = (marker: string) => output().slice(output().indexOf(marker));
    expect(output()).toMatch(/📅 Schedule [0-9a-f]{8} created/);
    expect(at('/schedule set daily 99:00')).toMatch(/not a time of day/);
    expect(at('/schedule set daily 09:00 tz:Atlantis')).toMatch(/not a time zone I know/);
    expect(at('topics:cnns difficulty:hard')).toMatch(/No questions match these filters/);
    expect(at('topics:astrology')).toMatch(/Unknown topic "astrology"/);
    // Only the valid schedule was saved.
    expect(await app.services.scheduleRepo.list(community)).toHaveLength(1);
    // The scheduled post: the medium probability choice question, with buttons and reaction emoji.
    expect(at('/clock 2030-01-07T09:00:20Z')).toMatch(/── #main ──\n📣 📅 Question of the day · math · probability · 🟡 medium/);
    const letter = (option: string) => lastLetter(at('/clock 2030-01-07T09:00:20Z'), option);
    expect(at('amy> /answer')).toMatch(new RegExp(`Recorded your answer ${letter('1/3')}\\. 1/3`));
    expect(at('ben> ')).toMatch(new RegExp(`Recorded your answer ${letter('1/2')}\\. 1/2`));
    expect(at('cat> ')).toMatch(new RegExp(`Recorded your answer ${letter('1/3')}\\. 1/3`));
    expect(at(`dan> /answer ${letter('1/3')}`)).toMatch(/already answered/);
    // The reveal: 4 answers, 2 correct (amy first), the original post closed.
    const reveal = at('/clock +2h');
    expect(reveal).toMatch(/📣 ⏰ Closed · math · probability/);
    expect(reveal).toMatch(/✅ Answer revealed/);
    expect(reveal).toMatch(/4 answers · 50% correct\./);
    expect(reveal).toMatch(/First correct: amy/);
    expect(reveal).toMatch(new RegExp(`Answer: ${letter('1/3')}\\. 1/3`));
    // How the channel answered, per option in the order the post showed them.
    expect(reveal).toMatch(new RegExp(`${letter('1/3')} ▰+▱* 2 \\(50%\\) ✅`));
    expect(reveal).toMatch(new RegExp(`${letter('1/2')} ▰+▱* 1 \\(25%\\)`));
    expect(reveal).toMatch(new RegExp(`${letter('1/4')} ▰+▱* 1 \\(25%\\)`));
    expect(at('eve> /answer B')).toMatch(/no open question/);
    expect(at('/schedule show')).toMatch(/[0-9a-f]{8} · daily 09:00 · UTC: this channel · probability\nNext: .*\nLast posted Mon 7 Jan, 09:00 UTC\nShowing 1–1 of 1\./);
  });

  it('keeps admin subcommands for admins', async () => {
    const reply = await app.router.dispatch(
      { platform: 'console', communityId: community, channelId: 'console:main', userId: 'console:zoe', displayName: 'zoe', isAdmin: false, now: new Date() },
      { name: 'schedule', text: 'set daily 10:00' },
    );
    expect(reply.body).toMatch(/Only admins can use `\/schedule set`/);
    expect(await app.services.scheduleRepo.list(community)).toHaveLength(1);
  });

  it('plays a week with /clock +1d ×7: seven posts and seven reveals, in order', async () => {
    await cli.runScript(['/channel week', '/schedule set daily 09:00 tz:UTC topics:probability window:2h']);
    const start = output().length;
    await cli.runScript(Array.from({ length: 7 }, () => '/clock +1d'));
    const played = output().slice(start);
    const events = [...played.matchAll(/── #week ──\n(?:📣 )?(📅 Question of the day|✅ Answer revealed)/g)].map((m) => (m[1]!.startsWith('📅') ? 'Q' : 'R'));
    expect(events.join('')).toBe('QR'.repeat(7));
    expect(played.match(/🕒 Clock: /g)).toHaveLength(7);
  });
});
