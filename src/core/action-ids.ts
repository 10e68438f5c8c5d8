import { REPORT_REASONS, type ReportReason } from '../domain/question-stats.js';

/**
 * Button, form and reaction action ids. They come back from the outside world, so they are
 * parsed strictly: anything that does not match exactly is rejected.
 */

export const SELF_LEVELS = ['got', 'partly', 'missed'] as const;
export type SelfLevel = (typeof SELF_LEVELS)[number];

export type Action =
  /** A button or form of a mock interview card. */
  | { type: 'mock'; mock: MockAction }
  | { type: 'answer'; postId: string; choice: number }
  | { type: 'ask'; postId: string }
  | { type: 'form'; postId: string }
  | { type: 'assess'; postId: string; level: SelfLevel }
  | { type: 'next'; subject: string | undefined; difficulty: 'easy' | 'medium' | 'hard' | undefined }
  /** The next due review question. */
  | { type: 'review' }
  /** Sends a parked answer to the post the user picked. */
  | { type: 'pick'; postId: string; token: string }
  /** Shows the post's hint privately (and records it: a correct answer then scores half). */
  | { type: 'hint'; postId: string }
  /** Report a question: first the reasons, then the optional note (a form), then the report itself. */
  | { type: 'report'; postId: string }
  | { type: 'reportReason'; postId: string; reason: ReportReason }
  | { type: 'reportNote'; postId: string; reason: ReportReason };

const POST_ID = '[a-z0-9]{10}(?:[a-z0-9]{2})?';
const REASON = `(${REPORT_REASONS.join('|')})`;
const PATTERNS: [RegExp, (m: RegExpExecArray) => Action][] = [
  [new RegExp(`^ans:(${POST_ID}):([0-4])$`), (m) => ({ type: 'answer', postId: m[1]!, choice: Number(m[2]) })],
  [new RegExp(`^ask:(${POST_ID})$`), (m) => ({ type: 'ask', postId: m[1]! })],
  [new RegExp(`^frm:(${POST_ID})$`), (m) => ({ type: 'form', postId: m[1]! })],
  [/^rev$/, () => ({ type: 'review' })],
  [new RegExp(`^pick:(${POST_ID}):([a-f0-9]{8})$`), (m) => ({ type: 'pick', postId: m[1]!, token: m[2]! })],
  [new RegExp(`^hint:(${POST_ID})$`), (m) => ({ type: 'hint', postId: m[1]! })],
  [new RegExp(`^rep:(${POST_ID})$`), (m) => ({ type: 'report', postId: m[1]! })],
  [new RegExp(`^rep:(${POST_ID}):${REASON}$`), (m) => ({ type: 'reportReason', postId: m[1]!, reason: m[2] as ReportReason })],
  [new RegExp(`^repn:(${POST_ID}):${REASON}$`), (m) => ({ type: 'reportNote', postId: m[1]!, reason: m[2] as ReportReason })],
  [new RegExp(`^sa:(${POST_ID}):(got|partly|missed)$`), (m) => ({ type: 'assess', postId: m[1]!, level: m[2] as SelfLevel })],
  [/^next:([a-z0-9-]{1,40}|\*):(easy|medium|hard|\*)$/, (m) => ({
    type: 'next',
    subject: m[1] === '*' ? undefined : m[1],
    difficulty: m[2] === '*' ? undefined : (m[2] as 'easy' | 'medium' | 'hard'),
  })],
  [new RegExp(`^mans:(${POST_ID}):([0-4])$`), (m) => ({ type: 'mock', mock: { op: 'answer', postId: m[1]!, choice: Number(m[2]) } })],
  [new RegExp(`^mask:(${POST_ID})$`), (m) => ({ type: 'mock', mock: { op: 'ask', postId: m[1]! } })],
  [new RegExp(`^mfrm:(${POST_ID})$`), (m) => ({ type: 'mock', mock: { op: 'form', postId: m[1]! } })],
  [new RegExp(`^mskip:(${POST_ID})$`), (m) => ({ type: 'mock', mock: { op: 'skip', postId: m[1]! } })],
  [new RegExp(`^msa:(${POST_ID}):(got|partly|missed)$`), (m) => ({ type: 'mock', mock: { op: 'assess', postId: m[1]!, level: m[2] as SelfLevel } })],
];

export function parseActionId(id: unknown): Action | undefined {
  if (typeof id !== 'string' || id.length > 100) return undefined;
  for (const [re, build] of PATTERNS) {
    const m = re.exec(id);
    if (m) return build(m);
  }
  return undefined;
}

export const isPostId = (s: string) => new RegExp(`^${POST_ID}$`).test(s);

export const actionIds = {
  answer: (postId: string, choice: number) => `ans:${postId}:${choice}`,
  ask: (postId: string) => `ask:${postId}`,
  form: (postId: string) => `frm:${postId}`,
  assess: (postId: string, level: SelfLevel) => `sa:${postId}:${level}`,
  next: (subject?: string, difficulty?: string) => `next:${subject ?? '*'}:${difficulty ?? '*'}`,
  review: () => 'rev',
  pick: (postId: string, token: string) => `pick:${postId}:${token}`,
  hint: (postId: string) => `hint:${postId}`,
  report: (postId: string) => `rep:${postId}`,
  reportReason: (postId: string, reason: ReportReason) => `rep:${postId}:${reason}`,
  reportNote: (postId: string, reason: ReportReason) => `repn:${postId}:${reason}`,
};

/**
 * Buttons and forms shown outside a community (in a direct message, where a platform such as Discord says nothing
 * about the server) carry their community: "@<communityId>|<action id>". The inner id is parsed as strictly as
 * ever, and the platform still checks that the user belongs there before acting on it.
 */
const SCOPED = /^@([a-z]{2,10}:[A-Za-z0-9_.-]{1,64})\|(.+)$/;

export function scopedActionId(communityId: string, actionId: string): string {
  return `@${communityId}|${actionId}`;
}

export function parseScopedActionId(id: unknown): { communityId: string; actionId: string } | undefined {
  if (typeof id !== 'string' || id.length > 200) return undefined;
  const m = SCOPED.exec(id);
  if (!m || !parseActionId(m[2])) return undefined;
  return { communityId: m[1]!, actionId: m[2]! };
}

/** The reply with every button and its form naming `communityId`, for showing it outside the community. */
export function scopeReply<R extends { buttons?: { actionId: string }[]; form?: { actionId: string } }>(reply: R, communityId: string): R {
  return {
    ...reply,
    ...(reply.buttons ? { buttons: reply.buttons.map((b) => ({ ...b, actionId: scopedActionId(communityId, b.actionId) })) } : {}),
    ...(reply.form ? { form: { ...reply.form, actionId: scopedActionId(communityId, reply.form.actionId) } } : {}),
  };
}

/** Emoji used for reaction answers and self-assessment, shared by every platform. */
export const CHOICE_EMOJI = ['🇦', '🇧', '🇨', '🇩', '🇪'] as const;
export const SELF_EMOJI: Record<SelfLevel, string> = { got: '✅', partly: '🤔', missed: '❌' };

/** What a mock interview card's buttons and form do: answer, open the answer form, submit it, skip, self-assess. */
export type MockAction =
  | { op: 'answer'; postId: string; choice: number }
  | { op: 'ask'; postId: string }
  | { op: 'form'; postId: string }
  | { op: 'skip'; postId: string }
  | { op: 'assess'; postId: string; level: SelfLevel };

export const mockActionIds = {
  answer: (postId: string, choice: number) => `mans:${postId}:${choice}`,
  ask: (postId: string) => `mask:${postId}`,
  form: (postId: string) => `mfrm:${postId}`,
  skip: (postId: string) => `mskip:${postId}`,
  assess: (postId: string, level: SelfLevel) => `msa:${postId}:${level}`,
};
