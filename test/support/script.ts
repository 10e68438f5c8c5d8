/**
 * Console scripts whose lines may name an option by its text: options are shuffled per post, so
 * "{{letter:1/3}}" becomes the letter the latest card shows for "1/3", and "{{button:1/3}}" its button number.
 * Lines are resolved one at a time, after the output of the lines before them.
 */
export async function* resolving(script: string, output: () => string): AsyncGenerator<string> {
  for (const line of script.trim().split('\n')) {
    yield line.replace(/\{\{(letter|button):([^}]+)\}\}/g, (_, kind: string, option: string) => {
      const letter = lastLetter(output(), option);
      return kind === 'letter' ? letter : String('ABCDE'.indexOf(letter) + 1);
    });
  }
}

export function lastLetter(output: string, option: string): string {
  const escaped = option.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // Plain (console), **bold** (Discord) or *bold* (Slack) letters.
  const matches = [...output.matchAll(new RegExp(`(?:^|\\n)\\**([A-E])\\.\\** ${escaped}(?=\\n|$)`, 'g'))];
  const last = matches.at(-1);
  if (!last) throw new Error(`no option "${option}" shown yet`);
  return last[1]!;
}

/** A letter the latest card shows for an option other than `option`. */
export function otherLetter(output: string, option: string, count: number): string {
  const taken = lastLetter(output, option);
  return 'ABCDE'.slice(0, count).split('').find((l) => l !== taken)!;
}
