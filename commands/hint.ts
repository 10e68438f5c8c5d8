import { defineCommand } from '../src/core/command.js';

export default defineCommand({
  name: 'hint',
  description: 'Show a hint for your open question, to you alone (a correct answer then scores half)',
  examples: ['/hint'],
  run: (ctx) => ctx.services.feedback.hintCommand(ctx),
});
