import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../commands/index.js';
import { configSchema, loadConfig } from '../src/config.js';
import { BOT_SCOPES, buildManifest } from '../src/platforms/slack/manifest.js';

/** The README's lists that repeat what the code defines: each must say what the code does. */
const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');

/** The text of a `## Title` or `### Title` section, up to the next heading of any level. */
function section(title: string): string {
  const start = readme.indexOf(`\n${title}\n`);
  expect(start, `no section ${title}`).toBeGreaterThan(0);
  const rest = readme.slice(start + title.length + 2);
  return rest.slice(0, rest.search(/\n#{2,3} /) === -1 ? undefined : rest.search(/\n#{2,3} /));
}

/** First cells of the Markdown table rows in `text`. */
const firstCells = (text: string) => text.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('| ') && !/^\|\s*-/.test(l)).map((l) => l.split('|')[1]!.trim());

describe('README', () => {
  it('lists the Slack slash commands exactly as the generated manifest declares them, in order', () => {
    const bullet = /\n- one slash command per command[\s\S]*?(?=\n- )/.exec(section('### 1. Create the app from the generated manifest'))![0];
    const listed = [...bullet.matchAll(/`(\/[a-z]+)`/g)].map((m) => m[1]);
    const manifest = buildManifest(commands) as { features: { slash_commands: { command: string }[] } };
    expect(listed).toEqual(manifest.features.slash_commands.map((c) => c.command));
  });

  it('has a row in the commands table for every command, and none for a command that does not exist', () => {
    const named = new Set(firstCells(section('## Commands')).flatMap((cell) => [...cell.matchAll(/`\/([a-z]+)/g)].map((m) => m[1])));
    expect([...named].sort()).toEqual(commands.map((c) => c.name).sort());
  });

  it('documents every environment variable of the configuration, and no other', () => {
    const documented = firstCells(section('## Configuration')).filter((c) => /^`[A-Z_]+`$/.test(c)).map((c) => c.slice(1, -1));
    expect(documented.sort()).toEqual(Object.keys(configSchema.shape).sort());
  });

  it('gives each setting the default the configuration has', () => {
    const defaults = loadConfig({}) as Record<string, unknown>;
    const rows = section('## Configuration').split('\n').filter((l) => /^\| `[A-Z_]+` \|/.test(l)).map((l) => l.split('|').map((c) => c.trim()));
    const compared = rows.filter(([, name, cell]) => defaults[name!.slice(1, -1)] !== undefined && /^`[^`]+`/.test(cell!))
      .map(([, name, cell]) => [name!.slice(1, -1), /^`([^`]+)`/.exec(cell!)![1]]);
    expect(compared.length).toBeGreaterThan(15);
    for (const [name, documented] of compared) expect(documented, name).toBe(String(defaults[name!]));
  });

  it('lists exactly the Slack bot scopes the manifest requests', () => {
    const scopes = firstCells(section('### 1. Create the app from the generated manifest')).filter((c) => /^`[a-z:]+`$/.test(c)).map((c) => c.slice(1, -1));
    expect(scopes.sort()).toEqual([...BOT_SCOPES].sort());
  });

  it('says nothing of hints in spoilers: hints are on demand', () => {
    expect(readme).not.toMatch(/spoiler/i);
  });
});
