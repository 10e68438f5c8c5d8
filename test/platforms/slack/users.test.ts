import { describe, expect, it } from 'vitest';
import type { webApi } from '@slack/bolt';
import { createLogger } from '../../../src/ops/logger.js';
import { SlackUsers } from '../../../src/platforms/slack/users.js';
import { resolveSlackUser } from '../../../src/platforms/slack/listeners.js';

function client(answer: (user: string) => Promise<unknown>, calls: string[]): webApi.WebClient {
  return { users: { info: ({ user }: { user: string }) => { calls.push(user); return answer(user); } } } as unknown as webApi.WebClient;
}

describe('Slack users (names and admin status)', () => {
  it('uses users.info once per user for a while, and admins are listed users or workspace admins/owners', async () => {
    const calls: string[] = [];
    let t = 0;
    const users = new SlackUsers(client(async (u) => ({ ok: true, user: { name: u.toLowerCase(), is_admin: u === 'UADMIN', profile: { display_name: u === 'UX' ? '' : `Name ${u}` } } }), calls), ['slack:ULISTED', 'uother'], createLogger('silent'), () => t);
    expect(await users.get('UADMIN')).toEqual({ name: 'Name UADMIN', isAdmin: true });
    expect(await users.get('ULISTED')).toEqual({ name: 'Name ULISTED', isAdmin: true });
    expect(await users.get('UOTHER')).toMatchObject({ isAdmin: true });
    expect(await users.get('UX', 'fallback')).toEqual({ name: 'ux', isAdmin: false });
    await Promise.all([users.get('UADMIN'), users.get('UADMIN')]);
    expect(calls).toEqual(['UADMIN', 'ULISTED', 'UOTHER', 'UX']);
    t += 11 * 60_000;
    await users.get('UADMIN');
    expect(calls).toHaveLength(5);
  });

  it('falls back to the list and the given name when users.info fails, and retries after a minute', async () => {
    const calls: string[] = [];
    let t = 0;
    const users = new SlackUsers(client(async () => { throw Object.assign(new Error('x'), { data: { error: 'ratelimited' } }); }, calls), ['UADMIN'], createLogger('silent'), () => t);
    expect(await users.get('UADMIN', 'adam')).toEqual({ name: 'adam', isAdmin: true });
    expect(await users.get('UBOB', 'bob')).toEqual({ name: 'bob', isAdmin: false });
    await users.get('UBOB');
    expect(calls).toHaveLength(2);
    t += 61_000;
    await users.get('UBOB');
    expect(calls).toHaveLength(3);
  });

  it('resolves escaped mentions from command text to namespaced ids', () => {
    expect(resolveSlackUser('<@U123ABC|alice>')).toBe('slack:U123ABC');
    expect(resolveSlackUser('<@W42XYZ>')).toBe('slack:W42XYZ');
    expect(resolveSlackUser('@alice')).toBeUndefined();
    expect(resolveSlackUser('<!channel>')).toBeUndefined();
    expect(resolveSlackUser('<@U123|a> extra')).toBeUndefined();
  });
});
