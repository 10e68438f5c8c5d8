import { defineCommand, isGroup, usage, type LeafCommand } from '../src/core/command.js';

export default defineCommand({
  name: 'help',
  description: 'How Daily Gradient works and what each command does',
  run: async (ctx) => {
    const { points } = await ctx.services.settings.get(ctx.communityId);
    const lines: string[] = [];
    for (const spec of ctx.commands) {
      const leaves: [string[], LeafCommand][] = isGroup(spec) ? spec.subcommands.map((s) => [[spec.name, s.name], s]) : [[[spec.name], spec]];
      for (const [path, leaf] of leaves) {
        if (leaf.admin && !ctx.isAdmin) continue;
        lines.push(`\`${usage(path, leaf)}\`: ${leaf.description}${leaf.admin ? ' (admin)' : ''}`);
      }
    }
    return {
      visibility: 'private',
      tone: 'info',
      title: '📖 Daily Gradient',
      body: [
        `Practice machine-learning interview questions together. Correct answers score ${points.easy}/${points.medium}/${points.hard} points (easy/medium/hard), once per question, and half after a hint; answering on consecutive days builds your streak.`,
        '',
        ...lines,
      ].join('\n'),
    };
  },
});
