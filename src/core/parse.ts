import { describeOptions, type LeafCommand, type OptionInfo } from './command.js';
import { UserError } from './errors.js';

interface Token { value: string; start: number; end: number }

/** Splits on whitespace, keeping "quoted phrases" together, remembering where each token sits. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) tokens.push({ value: m[1] ?? m[2] ?? m[3]!, start: m.index, end: re.lastIndex });
  return tokens;
}

function accepts(o: OptionInfo, raw: string): boolean {
  const v = raw.toLowerCase();
  if (o.choices) return o.choices.includes(v);
  if (o.type === 'integer') return /^-?\d+$/.test(v);
  if (o.type === 'number') return /^-?(\d+\.?\d*|\.\d+)$/.test(v);
  if (o.type === 'boolean') return /^(true|false|yes|no|on|off)$/.test(v);
  return true;
}

function isStrict(o: OptionInfo): boolean {
  return Boolean(o.choices) || o.type === 'integer' || o.type === 'number' || o.type === 'boolean';
}

export function convert(o: OptionInfo, raw: string, resolveUser?: (raw: string) => string | undefined): unknown {
  switch (o.type) {
    case 'integer':
    case 'number': {
      const n = Number(raw);
      if (!Number.isFinite(n)) throw new UserError(`Option \`${o.name}\` must be a number, not "${clip(raw)}".`);
      return n;
    }
    case 'boolean':
      return /^(true|yes|on)$/i.test(raw);
    case 'user': {
      const id = resolveUser?.(raw);
      if (!id) throw new UserError(`I could not find the user "${clip(raw)}". Mention them, e.g. @alice.`);
      return id;
    }
    default:
      return o.choices ? raw.toLowerCase() : raw;
  }
}

/**
 * Parses the text after a command by the spec's option order. Accepts `name:value` for any option;
 * positional words go to the first option that takes them (enums before free text); an option marked
 * `rest` takes the remaining text verbatim.
 */
export function parseTextArgs(spec: LeafCommand, text: string, resolveUser?: (raw: string) => string | undefined): Record<string, unknown> {
  const options = describeOptions(spec);
  const out: Record<string, unknown> = {};
  const restOpt = options.find((o) => o.rest);

  // First pass: name:value anywhere in the text (a rest option only this way if it is the first word).
  const positional: Token[] = [];
  const namedSpans: Token[] = [];
  for (const tok of tokenize(text)) {
    const named = /^([a-z][a-z0-9_-]*)[:=](.+)$/s.exec(tok.value);
    const opt = named ? options.find((o) => o.name === named[1]!.toLowerCase() && !o.rest) : undefined;
    if (opt && !(opt.name in out)) {
      out[opt.name] = convert(opt, named![2]!, resolveUser);
      namedSpans.push(tok);
    } else positional.push(tok);
  }
  /** The original text from `start`, minus the name:value tokens already taken. */
  const remainder = (start: number) => {
    let s = '';
    let at = start;
    for (const n of namedSpans.filter((t) => t.start >= start)) { s += text.slice(at, n.start); at = n.end; }
    return (s + text.slice(at)).trim();
  };

  for (let i = 0; i < positional.length; i++) {
    const tok = positional[i]!;
    const flag = options.find((o) => o.type === 'boolean' && o.name === tok.value.toLowerCase() && !(o.name in out));
    if (flag) {
      out[flag.name] = true;
      continue;
    }
    const free = options.filter((o) => !(o.name in out) && !o.rest && !o.namedOnly);
    const target = free.find((o) => isStrict(o) && accepts(o, tok.value)) ?? free.find((o) => !isStrict(o));
    if (target) {
      out[target.name] = convert(target, tok.value, resolveUser);
      continue;
    }
    if (restOpt && !(restOpt.name in out)) {
      // The rest option takes the remaining positional words, verbatim between them.
      out[restOpt.name] = remainder(tok.start);
      break;
    }
    const expected = free.filter((o) => o.choices).map((o) => `${o.name}: ${o.choices!.join(', ')}`);
    throw new UserError(`I did not understand "${clip(tok.value)}".${expected.length ? ` Expected ${expected.join('; ')}.` : ''}`);
  }
  return out;
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
