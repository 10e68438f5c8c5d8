import { defineCommand, defineSubcommand } from '../src/core/command.js';

export default defineCommand({
  name: 'questions',
  description: 'Question feedback from this community',
  subcommands: [
    defineSubcommand({
      name: 'reports',
      description: 'The most reported questions, with counts and the latest notes (admin)',
      admin: true,
      run: (ctx) => ctx.services.feedback.reports(ctx),
    }),
  ],
});
