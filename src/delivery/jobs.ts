import { z } from 'zod';

/**
 * Job payloads, validated when a worker takes a job (a payload from an older or newer version fails loudly
 * instead of half-working). The job id, not the payload, makes a job happen once: see `jobIds`.
 */
const id = z.string().min(1).max(200);

export const postJob = z.object({ communityId: id, scheduleId: id, slot: z.number().int() });
export const revealJob = z.object({ communityId: id, postId: id, closesAt: z.number().int() });
export const recapJob = z.object({ communityId: id, scheduleId: id, week: z.string().regex(/^\d{4}-W\d{2}$/) });
/** `kind` says what failed (a post when absent, as in notices queued before reveals and recaps were told). */
export const noticeJob = z.object({
  communityId: id, scheduleId: id, userId: id, reason: z.string().max(500), slot: z.number().int(), kind: z.enum(['post', 'reveal', 'recap']).optional(),
});

/** A user's reminder for local day `day` (a day number in their zone), due at `at` (ms) as last planned. */
export const remindJob = z.object({ communityId: id, userId: id, day: z.number().int(), at: z.number().int() });

/** The time-out of a user's mock interview session, due at `at` (ms): its deadline, later the end of the self-assessment grace. */
export const mockJob = z.object({ communityId: id, userId: id, sessionId: z.string().regex(/^[a-f0-9]{8}$/), at: z.number().int() });

export type PostJob = z.infer<typeof postJob>;
export type RevealJob = z.infer<typeof revealJob>;
export type RecapJob = z.infer<typeof recapJob>;
export type NoticeJob = z.infer<typeof noticeJob>;
export type RemindJob = z.infer<typeof remindJob>;
export type MockJob = z.infer<typeof mockJob>;

export const JOB_KINDS = ['post', 'reveal', 'recap', 'notice', 'remind', 'mock'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export const schemas = { post: postJob, reveal: revealJob, recap: recapJob, notice: noticeJob, remind: remindJob, mock: mockJob } as const;

/** Every job also carries who added it, so the adder can tell a new job from a duplicate it collided with. */
export type Stamped<T> = T & { by?: string };

/** BullMQ job ids may not contain ':', and community ids do ("discord:123"); '~' never appears in our ids. */
const safe = (s: string) => s.replaceAll(':', '~');

export const jobIds = {
  /** One job per schedule and slot, whichever replica (or catch-up) adds it. */
  post: (communityId: string, scheduleId: string, slot: number) => `post|${safe(communityId)}|${scheduleId}|${slot}`,
  reveal: (communityId: string, postId: string) => `reveal|${safe(communityId)}|${postId}`,
  recap: (communityId: string, scheduleId: string, week: string) => `recap|${safe(communityId)}|${scheduleId}|${week}`,
  /** One notice per failure streak: a post's is keyed by its slot, a reveal's or recap's by when it failed. */
  notice: (communityId: string, scheduleId: string, at: number, kind: 'post' | 'reveal' | 'recap' = 'post') =>
    `notice|${safe(communityId)}|${scheduleId}|${kind === 'post' ? '' : `${kind}-`}${at}`,
  /** One reminder per user and local day, however often (and by however many replicas) it is planned. */
  remind: (communityId: string, userId: string, day: number) => `remind|${safe(communityId)}|${safe(userId)}|${day}`,
  /** One time-out per user and mock session, however often (and by however many replicas) it is queued. */
  mock: (communityId: string, userId: string, sessionId: string) => `mock|${safe(communityId)}|${safe(userId)}|${sessionId}`,
};
