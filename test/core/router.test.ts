import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { App } from '../../src/app.js';
import { describeOptions, isGroup, type LeafCommand } from '../../src/core/command.js';
import { parseTextArgs } from '../../src/core/parse.js';
import { communityKeys } from '../../src/store/keys.js';
import { freshCommunity, invocationFor, testApp } from '../support/app.js';

let app: App;
beforeAll(async () => { app = await testApp(); });
afterAll(async () => { await app.close(); });

/** Phrases zod uses in its own messages; none of them may reach a user. */
const RAW = /Invalid input|Invalid option|expected \w+, received|received undefined|Too (big|small)|expected string to have/i;

const leaves: [string[], LeafCommand][] = commands.flatMap((spec) =>
  isGroup(spec) ? spec.subcommands.map((s): [string[], LeafCommand] => [[spec.name, s.name], s]) : [[[spec.name], spec] as [string[], LeafCommand]]);

describe('option problems are explained, never shown raw', () => {
  const community = freshCommunity();
  const admin = invocationFor(community, 'root', { isAdmin: true });

  it.each([
    ['team', 'join', /`\/team join` needs `name`[\s\S]*example: `\/team join gradient-descenders`/],
    ['schedule', 'set', /`\/schedule set` needs `when`[\s\S]*example: `\/schedule set daily 09:00 tz:Europe\/Berlin`/],
    ['schedule', 'remove', /`\/schedule remove` needs `id`[\s\S]*example: `\/schedule remove 1a2b3c4d`/],
    ['settings', 'timezone', /`\/settings timezone` needs `zone`[\s\S]*example: `\/settings timezone Europe\/Berlin`/],
    ['settings', 'mytimezone', /`\/settings mytimezone` needs `zone`[\s\S]*example: `\/settings mytimezone Asia\/Tokyo`/],
  ])('/%s %s with nothing after it names the option and shows an example (text and typed options)', async (name, sub, expected) => {
    const typed = await app.router.dispatch(admin, { name, sub, args: {} });
    const text = await app.router.dispatch(admin, { name, text: sub });
    for (const reply of [typed, text]) {
      expect(reply.tone).toBe('error');
      expect(reply.body).toMatch(expected);
      expect(reply.body).not.toMatch(RAW);
    }
  });

  it('states the team-name rule the service applies (2-24 characters), not another limit', async () => {
    const long = await app.router.dispatch(admin, { name: 'team', text: `join ${'a'.repeat(30)}` });
    expect(long.body).toMatch(/`name`.*must be 2-24 characters/);
    expect(long.body).not.toMatch(/40/);
    const short = await app.router.dispatch(admin, { name: 'team', sub: 'join', args: { name: 'a' } });
    expect(short.body).toMatch(/must be 2-24 characters/);
    expect(await app.redis.hlen(communityKeys(community).teams)).toBe(0);
  });

  it('explains a word that fits no option with the usage and an example', async () => {
    const reply = await app.router.dispatch(admin, { name: 'leaderboard', text: 'yearly' });
    expect(reply.body).toMatch(/did not understand "yearly"[\s\S]*Usage: `\/leaderboard \[period\] \[teams\] \[image\]` · example: `\/leaderboard month`/);
  });

  it('never lets zod wording through, whatever wrong values a platform sends for any option of any command', async () => {
    const weird: unknown[] = [undefined, 12345, true, '', 'x'.repeat(5000), { a: 1 }, -1.5];
    for (const [path, leaf] of leaves) {
      for (const o of describeOptions(leaf)) {
        for (const value of weird) {
          const args: Record<string, unknown> = Object.fromEntries(describeOptions(leaf).filter((x) => x.required && x.name !== o.name).map((x) => [x.name, 'ok']));
          args[o.name] = value;
          const reply = await app.router.dispatch(admin, { name: path[0]!, sub: path[1], args });
          expect(reply.body, `/${path.join(' ')} ${o.name}=${JSON.stringify(value)?.slice(0, 20)}`).not.toMatch(RAW);
          if (reply.tone === 'error' && /Option|needs/.test(reply.body)) expect(reply.body).toMatch(new RegExp(`\`${o.name}\``));
        }
      }
    }
  });
});

describe('command examples', () => {
  it('every command that takes a required option has examples, and every example is valid for its command', () => {
    for (const [path, leaf] of leaves) {
      if (describeOptions(leaf).some((o) => o.required)) expect(leaf.examples?.length, `/${path.join(' ')}`).toBeGreaterThan(0);
      for (const example of leaf.examples ?? []) {
        const prefix = `/${path.join(' ')}`;
        expect(example.startsWith(prefix), example).toBe(true);
        const raw = parseTextArgs(leaf, example.slice(prefix.length), (u) => `console:${u.replace(/^@/, '')}`);
        expect(leaf.options ? leaf.options.safeParse(raw).success : true, example).toBe(true);
      }
    }
  });
});
