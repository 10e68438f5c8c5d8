import { defineCommand } from '../src/core/command.js';

export default defineCommand({
  name: 'review',
  description: 'Practise a question that is due again (missed ones come back sooner)',
  run: (ctx) => ctx.services.quiz.review(ctx),
});
