import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../../src/app.js';
import { ConsolePlatform } from '../../../src/platforms/console/console.js';
import { freshCommunity, testApp } from '../../support/app.js';
import { Screen } from '../../support/terminal.js';

let app: App;
beforeAll(async () => { app = await testApp(); });
afterAll(async () => { await app.close(); });

const tick = () => new Promise((r) => setTimeout(r, 20));

/** An interactive console on a pretend terminal: keystrokes in, a screen out. */
function terminal(columns = 80) {
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => undefined });
  const output = Object.assign(new PassThrough(), { isTTY: true, columns, rows: 24 });
  const screen = new Screen(columns);
  output.on('data', (d: Buffer) => screen.write(d.toString()));
  const cli = new ConsolePlatform({ router: app.router, output, communityId: freshCommunity(), clock: () => new Date('2026-03-07T17:00:00Z') });
  const session = cli.runInteractive(input);
  return { cli, input, screen, session };
}

describe('the interactive console', () => {
  it('prints a scheduled post above the prompt without destroying the half-typed line', async () => {
    const t = terminal();
    await tick();
    t.input.write('/quiz prob');
    await tick();
    await t.cli.post('console:main', { visibility: 'channel', title: 'Question of the day', body: 'What is 2 + 2?' });
    await tick();
    const lines = t.screen.text().filter(Boolean);
    expect(lines.slice(-4)).toEqual(['── #main ──', '📣 Question of the day', 'What is 2 + 2?', 'you#main> /quiz prob']);
    expect(lines.join('\n')).not.toMatch(/prob──|prob📣/);
    // Typing goes on where it stopped, and the whole line is run.
    t.input.write('ability easy\r');
    await new Promise((r) => setTimeout(r, 300));
    expect(t.screen.text().join('\n')).toMatch(/you#main> \/quiz probability easy\n🔒 math · probability · 🟢 easy/);
    t.input.write('/quit\r');
    await t.session;
  });

  it('redraws a half-typed line that wraps over several rows, message after message', async () => {
    const t = terminal(30);
    await tick();
    t.input.write('/answer it reduces variance but not bias');
    await tick();
    await t.cli.post('console:main', { visibility: 'channel', body: 'Reveal soon' });
    await t.cli.post('console:main', { visibility: 'channel', body: 'Another one' });
    await tick();
    expect(t.screen.text().filter(Boolean).slice(-6)).toEqual([
      '── #main ──', '📣 Reveal soon', '── #main ──', '📣 Another one', 'you#main> /answer it reduces v', 'ariance but not bias',
    ]);
    expect([t.screen.row - t.screen.rows.length, t.screen.col]).toEqual([-1, 20]);
    t.input.end();
    await t.session;
  });

  it('keeps the cursor where it was inside the line', async () => {
    const t = terminal();
    await tick();
    t.input.write('/quiz probability');
    t.input.write('\x1b[D'.repeat(12)); // left arrow, to just after "/quiz"
    await tick();
    await t.cli.post('console:main', { visibility: 'channel', body: 'Posted' });
    await tick();
    expect(t.screen.text().filter(Boolean).slice(-2)).toEqual(['📣 Posted', 'you#main> /quiz probability']);
    expect(t.screen.col).toBe('you#main> /quiz'.length);
    t.input.end();
    await t.session;
  });
});
