import type { z } from 'zod';
import { describeOptions, usage, type LeafCommand, type OptionInfo } from './command.js';

/**
 * Turns option problems into sentences a person understands: which option, what is wrong, and an example
 * taken from the command's spec. Raw validation text never reaches a user.
 */

/** The spec's example that best shows `option` (one that names it, else the first with arguments). */
export function exampleFor(leaf: LeafCommand, path: string[], option?: string): string | undefined {
  const examples = leaf.examples ?? [];
  const bare = '/' + path.join(' ');
  return (option ? examples.find((e) => e.includes(`${option}:`)) : undefined)
    ?? examples.find((e) => e.trim() !== bare)
    ?? examples[0];
}

/** " Usage: `/x <a>` · example: `/x 1`" appended to an explanation. */
export function usageTail(leaf: LeafCommand, path: string[], option?: string): string {
  const example = exampleFor(leaf, path, option);
  return ` Usage: \`${usage(path, leaf)}\`${example ? ` · example: \`${example}\`` : ''}`;
}

function lengthRule(o: OptionInfo | undefined): string | undefined {
  if (!o) return undefined;
  if (o.minLength !== undefined && o.minLength > 1 && o.maxLength !== undefined) return `must be ${o.minLength}-${o.maxLength} characters`;
  return undefined;
}

/** One sentence for the first problem zod found with a command's options. */
export function explainIssue(leaf: LeafCommand, path: string[], issue: z.core.$ZodIssue): string {
  const name = issue.path.map(String).join('.');
  const info = describeOptions(leaf).find((o) => o.name === name);
  const command = `\`/${path.join(' ')}\``;
  const label = info ? `\`${info.name}\` (${info.description})` : `\`${name}\``;
  let sentence: string;
  const input = (issue as { input?: unknown }).input;
  if (issue.code === 'invalid_type' && input === undefined) {
    sentence = `${command} needs ${label}.`;
  } else {
    let detail: string;
    switch (issue.code) {
      case 'invalid_value':
        detail = `must be one of ${(issue.values as unknown[]).map(String).join(', ')}`;
        break;
      case 'too_big':
        detail = lengthRule(info) ?? (issue.origin === 'string' ? `is too long: the limit is ${String(issue.maximum)} characters. Nothing was recorded` : `must be at most ${String(issue.maximum)}`);
        break;
      case 'too_small':
        detail = lengthRule(info) ?? (issue.origin === 'string' ? 'must not be empty' : `must be at least ${String(issue.minimum)}`);
        break;
      case 'invalid_type':
        detail = info?.type === 'integer' ? 'must be a whole number' : info?.type === 'number' ? 'must be a number' : info?.type === 'boolean' ? 'must be yes or no' : 'is not valid';
        break;
      default:
        detail = 'is not valid';
    }
    sentence = `Option ${label} of ${command} ${detail}.`;
  }
  return sentence + usageTail(leaf, path, name);
}
