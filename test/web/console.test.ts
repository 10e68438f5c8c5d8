import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs, runProcess, startProcess, tempDir, waitForOutput } from '../support/process.js';
import { SECRET } from '../support/dashboard.js';

afterAll(removeTempDirs);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('the dashboard from the terminal (npm start with WEB_PORT)', () => {
  it('/dashboard prints a local link that opens this console\'s group in the same process', { timeout: 60_000 }, async () => {
    const port = await freePort();
    const bot = startProcess([], { stdin: true, env: { DATA_DIR: join(tempDir(), 'data'), WEB_PORT: String(port), DASHBOARD_SECRET: SECRET } });
    try {
      bot.child.stdin!.write('/quiz probability easy\n/dashboard\n');
      await waitForOutput(bot, (o) => /\/open\/\S+/.test(o.stdout));
      const link = /(http:\/\/localhost:\d+\/c\/\S+\/open\/\S+)/.exec(bot.output().stdout)![1]!;
      expect(link.startsWith(`http://localhost:${port}/c/`)).toBe(true);
      expect(bot.output().stdout).toContain('Valid until');
      const opened = await fetch(link.replace('localhost', '127.0.0.1'), { redirect: 'manual' });
      expect(opened.status).toBe(303);
      const cookie = opened.headers.get('set-cookie')!.split(';')[0]!;
      const page = await fetch(`http://127.0.0.1:${port}${opened.headers.get('location')}me`, { headers: { cookie } });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('Signed in as <strong>you</strong>');
      // Everyone in the console is an admin.
      expect(html).toContain('>Organiser</a>');
    } finally {
      bot.child.stdin!.end('/quit\n');
      await bot.done;
    }
    expect(bot.output().code).toBe(0);
  });

  it('without the dashboard configured, /dashboard says how to switch it on; WEB_PORT without a secret is refused', { timeout: 60_000 }, async () => {
    const off = startProcess([], { stdin: true, env: { DATA_DIR: join(tempDir(), 'data') } });
    off.child.stdin!.end('/dashboard\n');
    const r = await off.done;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('The web dashboard is not switched on');
    expect(r.stdout).toContain('DASHBOARD_SECRET');
    const refused = await runProcess([], { env: { DATA_DIR: join(tempDir(), 'data'), WEB_PORT: '8080' } });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('WEB_PORT needs DASHBOARD_SECRET');
  });
});
