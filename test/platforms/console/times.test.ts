import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../../src/app.js';
import type { ConsolePlatform } from '../../../src/platforms/console/console.js';
import { scheduledConsole } from '../../support/console.js';
import { testApp, freshCommunity } from '../../support/app.js';

let app: App;
const community = freshCommunity();
let cli: ConsolePlatform;
let output: () => string;

beforeAll(async () => {
  app = await testApp({ db: 9 });
  ({ cli, output } = await scheduledConsole(app, { communityId: community, at: '2030-01-07T07:59:00Z' }));
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
    const at = (marker: string) => output().slice(output().indexOf(marker));
    // 09:00 in Berlin is 03:00 in New York; the window closes two hours later.
    expect(at('/schedule set')).toMatch(/Next posts: \w{3} \d{1,2} \w{3}, 03:00 America\/New_York\n\w{3} \d{1,2} \w{3}, 03:00 America\/New_York\n/);
    expect(at('/clock')).toMatch(/Open until Mon 7 Jan, 05:00 America\/New_York \(2h\)/);
    expect(at('you> /answer B')).toMatch(/The answer is revealed Mon 7 Jan, 05:00 America\/New_York\./);
    expect(output()).not.toMatch(/Europe\/Berlin\)|\d\d:\d\d Europe\/Berlin|\uE000/);
  });
});
