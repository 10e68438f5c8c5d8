import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineCommand, describeOptions, type LeafCommand } from '../../src/core/command.js';
import { parseTextArgs } from '../../src/core/parse.js';
import { commands } from '../../commands/index.js';

const run = async () => ({ visibility: 'private' as const, body: '' });
const quiz = commands.find((c) => c.name === 'quiz') as LeafCommand;
const answer = commands.find((c) => c.name === 'answer') as LeafCommand;
const sched = defineCommand({
  name: 'sched', description: 'd', run,
  options: z.object({
    when: z.string().meta({ kind: 'rest' }),
    tz: z.string().optional().meta({ kind: 'named' }),
    mode: z.enum(['buttons', 'reactions', 'both']).optional().meta({ kind: 'named' }),
    recap: z.boolean().optional().meta({ kind: 'named' }),
  }),
}) as LeafCommand;

describe('text arguments', () => {
  it('fills enums before free text, whatever the order', () => {
    expect(parseTextArgs(quiz, 'hard probability')).toEqual({ difficulty: 'hard', topic: 'probability' });
    expect(parseTextArgs(quiz, 'probability')).toEqual({ topic: 'probability' });
    expect(parseTextArgs(quiz, 'difficulty:easy topic:cnns')).toEqual({ difficulty: 'easy', topic: 'cnns' });
  });

  it('gives a rest option the remaining text verbatim, including line breaks', () => {
    expect(parseTextArgs(answer, 'It reduces  variance,\nnot bias.')).toEqual({ text: 'It reduces  variance,\nnot bias.' });
  });

  it('takes named-only options from anywhere and leaves the rest to the rest option', () => {
    expect(parseTextArgs(sched, 'weekdays 18:30 tz:Europe/Berlin mode:reactions recap:yes')).toEqual({ when: 'weekdays 18:30', tz: 'Europe/Berlin', mode: 'reactions', recap: true });
    expect(parseTextArgs(sched, 'tz:UTC "0 9 * * 1-5"')).toEqual({ when: '"0 9 * * 1-5"', tz: 'UTC' });
  });

  it('rejects words nothing accepts', () => {
    expect(() => parseTextArgs(quiz, 'probability hard extra')).toThrow(/did not understand "extra"/);
  });

  it('describes options for registration: enums as choices, rest and named flags', () => {
    const info = describeOptions(sched);
    expect(info.map((o) => [o.name, o.type, o.required, o.rest, o.namedOnly])).toEqual([
      ['when', 'string', true, true, false], ['tz', 'string', false, false, true], ['mode', 'string', false, false, true], ['recap', 'boolean', false, false, true],
    ]);
    expect(info[2]!.choices).toEqual(['buttons', 'reactions', 'both']);
  });
});
