import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../../src/app.js';
import { ClockReplay } from '../../../src/delivery/clock.js';
import { ConsolePlatform } from '../../../src/platforms/console/console.js';
import { testApp, freshCommunity } from '../../support/app.js';

let app: App;
let replay: ClockReplay;
const community = freshCommunity();
let text = '';
let cli: ConsolePlatform;

beforeAll(async () => {
  app = await testApp({ db: 2 });
  const out = new PassThrough();
  out.on('data', (d: Buffer) => { text += d.toString(); });
  cli = new ConsolePlatform({
    router: app.router, output: out, allowClock: true, communityId: community, clock: () => new Date('2030-01-07T08:00:00Z'),
    onClock: async (now) => { await replay.advance(now); },
  });
  await app.startScheduler([cli]);
  replay = new ClockReplay(app.delivery, app.services.scheduleRepo, () => cli.now());
});
afterAll(async () => { await app.close(); });

describe('a schedule played from the console', () => {
  it('posts, collects answers from several users, reveals with the right statistics and refuses late answers', async () => {
    await cli.runScript(`
/schedule set daily 09:00 tz:UTC topics:probability difficulty:medium kinds:choice window:2h mode:both
/schedule set daily 99:00
/schedule set daily 09:00 tz:Atlantis/Deep
/schedule set daily 09:00 topics:cnns difficulty:hard
/schedule set daily 09:00 topics:astrology
/clock 2030-01-07T09:00:20Z
/as amy
/answer B
/as ben
1
/as cat
2
/as dan
/answer C
/answer B
/clock +2h
/as eve
/answer B
/schedule show
`.trim().split('\n'));
    const at = (marker: string) => text.slice(text.indexOf(marker));
    expect(text).toMatch(/📅 Schedule [0-9a-f]{8} created/);
    expect(at('/schedule set daily 99:00')).toMatch(/not a time of day/);
    expect(at('/schedule set daily 09:00 tz:Atlantis')).toMatch(/not a time zone I know/);
    expect(at('topics:cnns difficulty:hard')).toMatch(/No questions match these filters/);
    expect(at('topics:astrology')).toMatch(/Unknown topic "astrology"/);
    // Only the valid schedule was saved.
    expect(await app.services.scheduleRepo.list(community)).toHaveLength(1);
    // The scheduled post: the medium probability choice question, with buttons and reaction emoji.
    expect(at('/clock 2030-01-07T09:00:20Z')).toMatch(/── #main ──\n📣 📅 Question of the day · math · probability · 🟡 medium/);
    expect(at('amy> /answer B')).toMatch(/Recorded your answer B/);
    expect(at('ben> 1')).toMatch(/Recorded your answer A/);
    expect(at('cat> 2')).toMatch(/Recorded your answer B/);
    expect(at('dan> /answer B')).toMatch(/already answered/);
    // The reveal: 4 answers, 2 correct (amy first), the original post closed.
    const reveal = at('/clock +2h');
    expect(reveal).toMatch(/🔒 Closed · math · probability/);
    expect(reveal).toMatch(/✅ Answer revealed/);
    expect(reveal).toMatch(/4 answered · 50% correct\./);
    expect(reveal).toMatch(/First correct: amy/);
    expect(reveal).toMatch(/Answer: B\. 1\/3/);
    expect(at('eve> /answer B')).toMatch(/no open question/);
    expect(at('/schedule show')).toMatch(/daily 09:00 \(0 9 \* \* \*\) in UTC/);
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
    const start = text.length;
    await cli.runScript(Array.from({ length: 7 }, () => '/clock +1d'));
    const played = text.slice(start);
    const events = [...played.matchAll(/── #week ──\n(?:📣 )?(📅 Question of the day|✅ Answer revealed)/g)].map((m) => (m[1]!.startsWith('📅') ? 'Q' : 'R'));
    expect(events.join('')).toBe('QR'.repeat(7));
    expect(played.match(/🕒 Clock: /g)).toHaveLength(7);
  });
});
