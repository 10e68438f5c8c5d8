import { z } from 'zod';
import { defineCommand, describeOptions, isGroup, summary, usage, type CommandSpec, type LeafCommand } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import type { Reply } from '../src/core/reply.js';

type Entry = [path: string[], leaf: LeafCommand];

const leavesOf = (spec: CommandSpec): Entry[] => (isGroup(spec) ? spec.subcommands.map((s): Entry => [[spec.name, s.name], s]) : [[[spec.name], spec]]);

/** Usage, description, options and examples of one command, for `/help <command>`. */
function detail([path, leaf]: Entry, withOptions: boolean): string {
  const lines = [`\`${usage(path, leaf)}\``, summary(leaf)];
  if (withOptions) {
    for (const o of describeOptions(leaf)) {
      const values = o.choices ? ` (${o.choices.join(', ')})` : '';
      lines.push(`• \`${o.name}\`${o.required ? '' : ' (optional)'}: ${o.description}${values}`);
    }
  }
  if (leaf.examples?.length) lines.push(`Examples: ${leaf.examples.map((e) => `\`${e}\``).join(', ')}`);
  return lines.join('\n');
}

function commandHelp(commands: readonly CommandSpec[], words: string[]): Reply {
  const [name = '', sub] = words.map((w) => w.replace(/^\//, '').toLowerCase());
  const spec = commands.find((c) => c.name === name);
  if (!spec) throw new UserError(`There is no command \`/${name.slice(0, 32)}\`. \`/help\` lists them all.`);
  let entries = leavesOf(spec);
  if (sub) {
    entries = entries.filter(([path]) => path[1] === sub);
    if (entries.length === 0) throw new UserError(`\`/${spec.name}\` has no subcommand "${sub.slice(0, 32)}". \`/help ${spec.name}\` lists them.`);
  }
  const single = entries.length === 1;
  const sections = entries.map((e) => detail(e, single));
  if (!single) sections.push(`\`/help ${spec.name} <subcommand>\` shows a subcommand's options.`);
  return { visibility: 'private', tone: 'info', title: `📖 /${[spec.name, sub].filter(Boolean).join(' ')}`, body: [isGroup(spec) && !sub ? spec.description : '', ...sections].filter(Boolean).join('\n\n') };
}

export default defineCommand({
  name: 'help',
  description: 'How Daily Gradient works and what each command does',
  options: z.object({
    command: z.string().max(64).optional().meta({ description: 'A command to explain, e.g. schedule or schedule set', kind: 'rest' }),
  }),
  examples: ['/help', '/help quiz', '/help schedule set'],
  run: async (ctx, args) => {
    const words = (args.command ?? '').trim().split(/\s+/).filter(Boolean);
    if (words.length) return commandHelp(ctx.commands, words);
    const { points } = await ctx.services.settings.get(ctx.communityId);
    const lines: string[] = [];
    for (const spec of ctx.commands) {
      for (const [path, leaf] of leavesOf(spec)) {
        if (leaf.admin && !ctx.isAdmin) continue;
        lines.push(`\`${usage(path, leaf)}\`: ${summary(leaf)}`);
      }
    }
    return {
      visibility: 'private',
      tone: 'info',
      title: '📖 Daily Gradient',
      body: [
        `Practice machine-learning interview questions together. Correct answers score ${points.easy}/${points.medium}/${points.hard} points (easy/medium/hard), once per question, and half after a hint; answering on consecutive days builds your streak, every 7 days in a row earn a freeze that covers a missed day, and \`/remind on\` sends you a direct message before your streak breaks.`,
        '',
        ...lines,
      ].join('\n'),
      footer: '`/help <command>` shows a command\'s options and examples, e.g. `/help schedule set`.',
    };
  },
});
