import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConsole } from '../../support/console.js';
import type { App } from '../../../src/app.js';
import { freshCommunity, invocationFor, testApp } from '../../support/app.js';

let app: App;
const community = freshCommunity();
beforeAll(async () => { app = await testApp(); });
afterAll(async () => { await app.close(); });

const run = (script: string, allowClock = true): Promise<string> => runConsole(app.router, script, { communityId: community, at: '2026-03-07T17:00:00Z', allowClock });

/** Output of the command echoed as "you> cmd", up to the next echo. */
function section(output: string, echo: string): string {
  const found = output.split(/\n(?=\S+> )/).find((p) => p.startsWith(`${echo}\n`));
  expect(found, `no output for ${echo}`).toBeDefined();
  return found!;
}

describe('/help', () => {
  it('lists every command once, marks admin commands once, and points at /help <command> and the console commands', async () => {
    const out = section(await run('/help'), 'you> /help');
    expect(out).not.toMatch(/\(admin\)\s*\(admin\)/);
    expect(out).toMatch(/`\/schedule set <when> \[tz:…\][^\n]*`: Add a schedule to this channel \(admin\)\n/);
    expect(out).toMatch(/`\/settings timezone <zone>`: Set the community time zone \(admin\)\n/);
    expect(out).toMatch(/`\/help <command>` shows a command's options and examples/);
    for (const c of ['/as <name>', '/channel <name>', '/clock <time>', '/quit']) expect(out).toContain(`\`${c}\``);
  });

  it('hides admin commands from members', async () => {
    const reply = await app.router.dispatch(invocationFor(community, 'member'), { name: 'help', text: '' });
    expect(reply.body).toMatch(/\/quiz/);
    expect(reply.body).not.toMatch(/\/schedule set|\(admin\)/);
  });

  it('/help <command> shows usage, options and examples; a group lists its subcommands', async () => {
    const out = await run('/help schedule set\n/help team\n/help /quiz\n/help frobnicate\n/help team dance');
    const set = section(out, 'you> /help schedule set');
    expect(set).toMatch(/📖 \/schedule set/);
    expect(set).toMatch(/`\/schedule set <when> \[tz:…\] \[topics:…\] \[difficulty:…\] \[kinds:…\] \[window:…\] \[mode:…\] \[recap:…\]`/);
    expect(set).toMatch(/• `tz` \(optional\): IANA time zone/);
    expect(set).toMatch(/• `mode` \(optional\): How choice questions are answered \(default both\) \(buttons, reactions, both\)/);
    expect(set).toMatch(/Examples: `\/schedule set daily 09:00 tz:Europe\/Berlin`/);
    const team = section(out, 'you> /help team');
    expect(team).toMatch(/`\/team join <name>`\nJoin a team[\s\S]*Examples: `\/team join gradient-descenders`/);
    expect(team).toMatch(/`\/team leave`/);
    expect(team).toMatch(/`\/team list`/);
    expect(section(out, 'you> /help /quiz')).toMatch(/`\/quiz \[topic\] \[difficulty\]`[\s\S]*Examples: `\/quiz`, `\/quiz probability`, `\/quiz deep hard`/);
    expect(section(out, 'you> /help frobnicate')).toMatch(/There is no command `\/frobnicate`/);
    expect(section(out, 'you> /help team dance')).toMatch(/`\/team` has no subcommand "dance"/);
  });
});

describe('console commands', () => {
  it('/help explains a console command', async () => {
    const out = await run('/help clock\n/help as');
    expect(section(out, 'you> /help clock')).toMatch(/`\/clock <time>`: move the clock forward, e.g. `\/clock \+1d`/);
    expect(section(out, 'you> /help as')).toMatch(/`\/as <name>`: act as another user/);
  });

  it('/as, /channel and /clock explain a missing or bad argument instead of "Unknown command"', async () => {
    const out = await run('/as\n/as two words\n/channel\n/channel #bad!name\n/clock\n/clock tomorrow\n/as @alice\n/channel #Study');
    expect(out).not.toMatch(/Unknown command/);
    expect(section(out, 'you> /as')).toMatch(/\/as needs a user name\.\n`\/as <name>`: act as another user, e.g. `\/as alice`/);
    expect(section(out, 'you> /as two words')).toMatch(/"two words" is not a user name: one word of letters, digits, - and _/);
    expect(section(out, 'you> /channel')).toMatch(/\/channel needs a channel name\.\n`\/channel <name>`/);
    expect(section(out, 'you> /channel #bad!name')).toMatch(/"bad!name" is not a channel name/);
    expect(section(out, 'you> /clock')).toMatch(/\/clock needs a time\.\n`\/clock <time>`/);
    expect(section(out, 'you> /clock tomorrow')).toMatch(/Use \/clock \+1d, \+3h, \+30m or an ISO time/);
    expect(section(out, 'you> /as @alice')).toMatch(/You are now alice/);
    expect(section(out, 'alice> /channel #Study')).toMatch(/Now in #study/);
  });

  it('/clock without --allow-clock says so', async () => {
    expect(await run('/clock +1d', false)).toMatch(/only available when the console runs with --allow-clock/);
  });
});
