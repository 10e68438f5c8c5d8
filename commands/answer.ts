import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import { MAX_ANSWER_LENGTH } from '../src/domain/grading.js';

export default defineCommand({
  name: 'answer',
  description: 'Answer your current question: a letter, a number or your own words',
  options: z.object({
    text: z.string().max(MAX_ANSWER_LENGTH).optional().meta({ description: 'Your answer, e.g. B, 0.25, 1/4 or a short explanation', kind: 'rest' }),
  }),
  examples: ['/answer B', '/answer 1/3', '/answer Because the gradient vanishes ...'],
  run: (ctx, args) => ctx.services.quiz.answerText(ctx, args.text ?? ''),
});
