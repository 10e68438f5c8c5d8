import { defineCommand } from '../src/core/command.js';

export default defineCommand({
  name: 'review',
  description: 'Practise the due question you are most likely to have forgotten (and see how many are due)',
  run: (ctx) => ctx.services.quiz.review(ctx),
});
