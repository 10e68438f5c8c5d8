import { defineCommand, isGroup, usage, type LeafCommand } from '../src/core/command.js';

export default defineCommand({
  name: 'help',
  description: 'How Daily Gradient works and what each command does',
  run: async (ctx) => {
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
        'Practice machine-learning interview questions together. Correct answers score 10/20/30 points (easy/medium/hard), once per question; answering on consecutive days builds your streak, and every 7 days in a row earn a freeze that covers a missed day.',
        '',
        ...lines,
      ].join('\n'),
    };
  },
});
