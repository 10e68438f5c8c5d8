import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import { DIFFICULTIES } from '../src/domain/question.js';

export default defineCommand({
  name: 'quiz',
  description: 'Get a practice question (only you see it)',
  options: z.object({
    topic: z.string().max(40).optional().meta({ description: 'A track (math, deep, ...) or a topic (probability, cnns, ...)', suggest: 'subject' }),
    difficulty: z.enum(DIFFICULTIES).optional().describe('easy, medium or hard'),
  }),
  examples: ['/quiz', '/quiz probability', '/quiz deep hard'],
  run: (ctx, args) => ctx.services.quiz.ask(ctx, args.topic, args.difficulty),
});
