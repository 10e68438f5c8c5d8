import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs, runProcess, tempDir } from '../support/process.js';

afterAll(removeTempDirs);

describe('start-up refusals', () => {
  it('refuses to start when no platform would run (CONSOLE=off and no token), before starting Redis', { timeout: 30_000 }, async () => {
    const dir = tempDir();
    const r = await runProcess([], { env: { CONSOLE: 'off', DATA_DIR: dir } });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('Nothing to run: CONSOLE=off and neither DISCORD_TOKEN nor SLACK_BOT_TOKEN is set. Set a token (see .env.example), or unset CONSOLE to use the terminal.');
    expect(existsSync(join(dir, 'redis'))).toBe(false);
  });
});
