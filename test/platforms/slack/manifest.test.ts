import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { commands } from '../../../commands/index.js';
import { defineCommand, type CommandSpec } from '../../../src/core/command.js';
import { BOT_SCOPES, buildManifest, usageHint } from '../../../src/platforms/slack/manifest.js';

interface Manifest {
  features: {
    app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean; messages_tab_read_only_enabled: boolean }; slash_commands: { command: string; description: string; usage_hint?: string; should_escape: boolean; url?: string }[] };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { bot_events: string[]; request_url?: string }; interactivity: { is_enabled: boolean; request_url?: string }; socket_mode_enabled: boolean };
}

describe('Slack app manifest', () => {
  it('lists every command with usage hints, interactivity, reaction_added, Socket Mode and the exact scopes', () => {
    const m = buildManifest(commands) as unknown as Manifest;
    expect(m.features.slash_commands.map((c) => c.command)).toEqual(commands.map((c) => `/${c.name}`));
    const quiz = m.features.slash_commands.find((c) => c.command === '/quiz')!;
    expect(quiz.usage_hint).toBe('[topic] [easy|medium|hard]');
    expect(m.features.slash_commands.find((c) => c.command === '/team')!.usage_hint).toBe('join <name> | leave | list');
    expect(m.features.slash_commands.find((c) => c.command === '/stats')!.usage_hint).toBe('[@user]');
    // Too long with every track spelled out: the option names stand in for the choices.
    expect(m.features.slash_commands.find((c) => c.command === '/mock')!.usage_hint).toBe('[track] [questions] [minutes]');
    expect(m.features.slash_commands.every((c) => c.should_escape && c.description.length <= 100 && (c.usage_hint ?? '').length <= 100)).toBe(true);
    expect(m.oauth_config.scopes.bot).toEqual(['chat:write', 'commands', 'files:write', 'im:write', 'reactions:read', 'reactions:write', 'users:read']);
    expect(m.settings.event_subscriptions.bot_events).toEqual(['reaction_added']);
    expect(m.settings.interactivity.is_enabled).toBe(true);
    expect(m.settings.socket_mode_enabled).toBe(true);
    // Reminders arrive as direct messages in the app home's Messages tab, where users only press buttons.
    expect(m.features.app_home).toEqual({ home_tab_enabled: false, messages_tab_enabled: true, messages_tab_read_only_enabled: true });
  });

  it('points everything at /slack/events in HTTP mode', () => {
    const m = buildManifest(commands, { requestUrl: 'https://bot.example.com/' }) as unknown as Manifest;
    expect(m.settings.socket_mode_enabled).toBe(false);
    expect(m.settings.event_subscriptions.request_url).toBe('https://bot.example.com/slack/events');
    expect(m.settings.interactivity.request_url).toBe('https://bot.example.com/slack/events');
    expect(m.features.slash_commands.every((c) => c.url === 'https://bot.example.com/slack/events')).toBe(true);
  });

  it('follows new commands generically', () => {
    const extra: CommandSpec = defineCommand({
      name: 'schedule', description: 'Schedule questions', options: z.object({ channel: z.string().meta({ kind: 'user' }), every: z.enum(['day', 'week']).optional() }), admin: true,
      run: async () => ({ visibility: 'private', body: '' }),
    });
    expect(usageHint(extra)).toBe('<@channel> [day|week]');
    const m = buildManifest([...commands, extra]) as unknown as Manifest;
    expect(m.features.slash_commands.at(-1)!.command).toBe('/schedule');
  });

  it('npm run manifest writes slack-manifest.yml', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dg-manifest-'));
    try {
      const out = join(dir, 'slack-manifest.yml');
      execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/manifest.ts', '--out', out], { stdio: 'pipe' });
      const m = parse(readFileSync(out, 'utf8')) as Manifest;
      expect(m.oauth_config.scopes.bot).toEqual([...BOT_SCOPES]);
      expect(m.features.slash_commands).toHaveLength(commands.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
