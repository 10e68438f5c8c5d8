import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { runConsole } from '../../support/console.js';
import type { App } from '../../../src/app.js';
import { testApp, freshCommunity } from '../../support/app.js';

let app: App;
let images: string;
beforeAll(async () => { app = await testApp(); images = mkdtempSync(join(tmpdir(), 'dg-images-')); });
afterAll(async () => { await app.close(); rmSync(images, { recursive: true, force: true }); });

describe('console: /progress, /goal and /leaderboard image:yes', () => {
  it('writes the images under the image folder, prints their paths and the text summary', async () => {
    const communityId = freshCommunity();
    const out = await runConsole(app.router, `
/progress
/quiz probability hard
{{button:HH}}
/clock +1d
/quiz cnns easy
/answer 999
/goal 2026-13-01
/goal 2026-06-01
/progress
/leaderboard all image:yes
/stats
`, { communityId, at: '2026-05-04T09:00:00Z', allowClock: true, imageDir: images });
    expect(out).toContain('You have not answered any question here yet. Try `/quiz`, then come back for your chart.');
    expect(out).toContain('"2026-13-01" is not a date.');
    expect(out).toContain('Interview date set: Mon 1 Jun 2026, 27 days from today.');
    expect(out).toContain('📈 Your progress\nInterview on Mon 1 Jun 2026: 1 question a day covers 2 weak topics (3 to retain in 27 days)');
    expect(out).toContain('• deep: 0% retained (0/2) · 0% accuracy');
    expect(out).toContain('Streak: 2 (best 2)');
    const paths = [...out.matchAll(/🖼 {2}Image \((\d+)×(\d+)\): (\S+\.png)/g)];
    expect(paths.map((p) => p[3]!.replace(/^.*-/, ''))).toEqual(['progress.png', 'leaderboard.png']);
    for (const [, w, h, path] of paths) {
      expect(path!.startsWith(images)).toBe(true);
      expect(existsSync(path!)).toBe(true);
      const png = PNG.sync.read(readFileSync(path!));
      expect([png.width, png.height]).toEqual([Number(w), Number(h)]);
    }
    expect(readdirSync(images)).toHaveLength(2);
    expect(out).toContain('See `/progress` for the chart');
  });
});
