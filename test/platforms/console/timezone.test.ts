import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConsole } from '../../support/console.js';
import type { App } from '../../../src/app.js';
import { communityKeys } from '../../../src/store/keys.js';
import { freshCommunity, testApp } from '../../support/app.js';

let app: App;
const community = freshCommunity();
beforeAll(async () => { app = await testApp(); });
afterAll(async () => { await app.close(); });

const run = (script: string): Promise<string> => runConsole(app.router, script, { communityId: community, at: '2026-03-07T17:00:00Z' });

const section = (output: string, echo: string) => output.split(/\n(?=\S+> )/).find((p) => p.startsWith(`${echo}\n`)) ?? '';

describe('time zones typed in commands', () => {
  it('stores and shows the canonical name, and refuses abbreviations with a city zone to use', async () => {
    const k = communityKeys(community);
    const out = await run(`
/settings timezone EST
/settings timezone europe/berlin
/settings mytimezone pst
/settings mytimezone asia/tokyo
/settings show
/schedule set daily 09:00 tz:CET
/schedule set daily 09:00 tz:america/new_york
`);
    expect(section(out, 'you> /settings timezone EST')).toMatch(/"EST" is an abbreviation for a fixed offset, which ignores daylight saving\. Use a city zone instead, e\.g\. America\/New_York/);
    expect(section(out, 'you> /settings timezone europe/berlin')).toMatch(/Time zone set to Europe\/Berlin\./);
    expect(await app.redis.hget(k.settings, 'timezone')).toBe('Europe/Berlin');
    expect(section(out, 'you> /settings mytimezone pst')).toMatch(/America\/Los_Angeles[\s\S]*\/settings mytimezone reset/);
    expect(section(out, 'you> /settings mytimezone asia/tokyo')).toMatch(/now follow Asia\/Tokyo\./);
    expect(await app.redis.hget(k.user('console:you'), 'tz')).toBe('Asia/Tokyo');
    expect(section(out, 'you> /settings show')).toMatch(/Community time zone: Europe\/Berlin[\s\S]*Your time zone: Asia\/Tokyo/);
    expect(section(out, 'you> /schedule set daily 09:00 tz:CET')).toMatch(/"CET" is an abbreviation[\s\S]*Europe\/Berlin/);
    expect(section(out, 'you> /schedule set daily 09:00 tz:america/new_york')).toMatch(/in America\/New_York/);
    const schedules = await app.services.scheduleRepo.list(community);
    expect(schedules.map((s) => s.timezone)).toEqual(['America/New_York']);
  });
});
