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
  app = await testApp({ db: 9 });
  const out = new PassThrough();
  out.on('data', (d: Buffer) => { text += d.toString(); });
  cli = new ConsolePlatform({
    router: app.router, output: out, allowClock: true, communityId: community, clock: () => new Date('2030-01-07T07:59:00Z'),
    onClock: async (now) => { await replay.advance(now); },
  });
  await app.startScheduler([cli]);
  replay = new ClockReplay(app.delivery, app.services.scheduleRepo, () => cli.now());
});
afterAll(async () => { await app.close(); });

describe('times in the console', () => {
  it('shows the post, the receipt and the schedule in one zone, the community\'s', async () => {
    await cli.runScript(`
/settings timezone America/New_York
/schedule set daily 09:00 tz:Europe/Berlin topics:probability kinds:choice window:2h
/clock 2030-01-07T08:00:30Z
/answer B
`.trim().split('\n'));
    const at = (marker: string) => text.slice(text.indexOf(marker));
    // 09:00 in Berlin is 03:00 in New York; the window closes two hours later.
    expect(at('/schedule set')).toMatch(/Next posts: \w{3} \d{1,2} \w{3}, 03:00 America\/New_York\n\w{3} \d{1,2} \w{3}, 03:00 America\/New_York\n/);
    expect(at('/clock')).toMatch(/Open until Mon 7 Jan, 05:00 America\/New_York \(2h\)/);
    expect(at('you> /answer B')).toMatch(/The answer is revealed Mon 7 Jan, 05:00 America\/New_York\./);
    expect(text).not.toMatch(/Europe\/Berlin\)|\d\d:\d\d Europe\/Berlin|\uE000/);
  });
});
