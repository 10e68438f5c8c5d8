import { parseDocument } from 'yaml';
import { questionSchema, topicFileSchema, type Question, type Track, type Difficulty, type Kind, TRACKS } from './question.js';

export class BankError extends Error {}

export interface SourceFile {
  /** Path shown in error messages, e.g. questions/math/probability.yaml */
  path: string;
  content: string;
}

export interface Filter {
  track?: Track;
  topic?: string;
  difficulty?: Difficulty;
  kinds?: readonly Kind[];
}

/** The validated, immutable question bank. Pure: callers supply the file contents. */
export class Bank {
  readonly questions: readonly Question[];
  private readonly byId: ReadonlyMap<string, Question>;

  constructor(questions: Question[]) {
    this.questions = Object.freeze([...questions]);
    this.byId = new Map(questions.map((q) => [q.id, q]));
  }

  get(id: string): Question | undefined {
    return this.byId.get(id);
  }

  get tracks(): Track[] {
    return TRACKS.filter((t) => this.questions.some((q) => q.track === t));
  }

  get topics(): string[] {
    return [...new Set(this.questions.map((q) => q.topic))].sort();
  }

  /** Resolves a user's "topic" word: a track name, a topic name, or a unique topic prefix. */
  resolveSubject(word: string): { track?: Track; topic?: string } | undefined {
    const w = word.trim().toLowerCase();
    if ((TRACKS as readonly string[]).includes(w)) return { track: w as Track };
    if (this.topics.includes(w)) return { topic: w };
    const matches = this.topics.filter((t) => t.startsWith(w));
    return matches.length === 1 ? { topic: matches[0] } : undefined;
  }

  filter(f: Filter): Question[] {
    return this.questions.filter((q) =>
      (!f.track || q.track === f.track) &&
      (!f.topic || q.topic === f.topic) &&
      (!f.difficulty || q.difficulty === f.difficulty) &&
      (!f.kinds || f.kinds.length === 0 || f.kinds.includes(q.kind)));
  }
}

/** Parses and validates every file; throws one BankError listing each problem with file, question id and field. */
export function buildBank(files: SourceFile[]): Bank {
  const problems: string[] = [];
  const questions: Question[] = [];
  const seen = new Map<string, string>();

  for (const file of files) {
    const doc = parseDocument(file.content, { prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length > 0) {
      problems.push(`${file.path}: YAML error: ${doc.errors[0]!.message.split('\n')[0]}`);
      continue;
    }
    const header = topicFileSchema.safeParse(doc.toJS());
    if (!header.success) {
      for (const issue of header.error.issues) problems.push(`${file.path}: field "${issue.path.join('.') || '(root)'}": ${issue.message}`);
      continue;
    }
    const expectedTopic = file.path.replace(/\\/g, '/').split('/').pop()!.replace(/\.ya?ml$/, '');
    if (header.data.topic !== expectedTopic) problems.push(`${file.path}: field "topic": "${header.data.topic}" must match the file name "${expectedTopic}"`);
    const dir = file.path.replace(/\\/g, '/').split('/').slice(-2)[0];
    if (dir !== header.data.track) problems.push(`${file.path}: field "track": "${header.data.track}" must match the folder "${dir}"`);

    header.data.questions.forEach((raw, i) => {
      const rawId = typeof raw === 'object' && raw && 'id' in raw ? String((raw as { id: unknown }).id) : `#${i + 1}`;
      const parsed = questionSchema.safeParse(raw);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          problems.push(`${file.path}: question "${rawId}": field "${issue.path.join('.') || 'kind'}": ${issue.message}`);
        }
        return;
      }
      const q = parsed.data;
      const earlier = seen.get(q.id);
      if (earlier) {
        problems.push(`${file.path}: question "${q.id}": field "id": duplicate of a question in ${earlier}`);
        return;
      }
      seen.set(q.id, file.path);
      questions.push({ ...q, track: header.data.track, topic: header.data.topic, file: file.path });
    });
  }

  if (problems.length > 0) {
    const shown = problems.slice(0, 50);
    const more = problems.length > shown.length ? `\n  ... and ${problems.length - shown.length} more` : '';
    throw new BankError(`The question bank has ${problems.length} problem(s):\n  ${shown.join('\n  ')}${more}`);
  }
  return new Bank(questions);
}
