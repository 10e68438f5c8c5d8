import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import { MOCK_MINUTES, MOCK_QUESTIONS } from '../src/domain/mock.js';
import { TRACKS } from '../src/domain/question.js';

const Q = MOCK_QUESTIONS;
const M = MOCK_MINUTES;

export default defineCommand({
  name: 'mock',
  description: 'A timed mock interview: warm-up, your weaker topics, an open prompt, a report card',
  options: z.object({
    track: z.enum(['mixed', ...TRACKS, 'history', 'stop']).optional()
      .describe('mixed (default) or a track; history lists your past mocks, stop ends the running one'),
    questions: z.number().int(`must be a whole number from ${Q.min} to ${Q.max}`).min(Q.min, `must be ${Q.min}-${Q.max}`).max(Q.max, `must be ${Q.min}-${Q.max}`).optional()
      .describe(`How many questions, ${Q.min}-${Q.max} (default ${Q.default})`),
    minutes: z.number().int(`must be a whole number from ${M.min} to ${M.max}`).min(M.min, `must be ${M.min}-${M.max}`).max(M.max, `must be ${M.min}-${M.max}`).optional()
      .describe(`Time limit in minutes, ${M.min}-${M.max} (default ${M.default})`),
  }),
  examples: ['/mock', '/mock deep 10 45', '/mock questions:5 minutes:15', '/mock history', '/mock stop'],
  run: (ctx, args) => {
    if (args.track === 'history') return ctx.services.mock.history(ctx);
    if (args.track === 'stop') return ctx.services.mock.stop(ctx);
    return ctx.services.mock.start(ctx, { scope: args.track, questions: args.questions, minutes: args.minutes });
  },
});
