/**
 * Every Redis key is built here. All keys of one community share the hash tag {c:<communityId>},
 * so a script touching them runs on one shard and Redis Cluster works unchanged.
 */

const SAFE = /^[A-Za-z0-9:_.@#-]{1,120}$/;

function part(value: string, what: string): string {
  if (!SAFE.test(value)) throw new Error(`unsafe ${what} in a Redis key: ${JSON.stringify(value)}`);
  return value;
}

const cache = new Map<string, ReturnType<typeof buildCommunityKeys>>();

/** The key builders of one community (memoised: the answer path calls this for every answer). */
export function communityKeys(communityId: string): ReturnType<typeof buildCommunityKeys> {
  let keys = cache.get(communityId);
  if (!keys) {
    if (cache.size > 10_000) cache.clear();
    keys = buildCommunityKeys(communityId);
    cache.set(communityId, keys);
  }
  return keys;
}

function buildCommunityKeys(communityId: string) {
  const tag = `{c:${part(communityId, 'community id')}}`;
  const k = (...rest: string[]) => [tag, ...rest].join(':');
  return {
    tag,
    settings: k('settings'),
    names: k('names'),
    streaks: k('streaks'),
    teams: k('teams'),
    team: (name: string) => k('team', part(name, 'team name')),
    post: (postId: string) => k('post', part(postId, 'post id')),
    /** Answers per user (answer-record.ts) until the reveal; channel posts then keep only the counts (post field `tally`). */
    postAnswers: (postId: string) => k('post', part(postId, 'post id'), 'ans'),
    /** Self-assessments per user of posts answered before the packed question state (now a flag per question). */
    postAssessments: (postId: string) => k('post', part(postId, 'post id'), 'sa'),
    /** Users who took the post's hint (uid -> ms), read by the answer script to halve the points. */
    postHints: (postId: string) => k('post', part(postId, 'post id'), 'hint'),
    /**
     * The user's stats, streak, team and zone, and their current practice question: `pq` "<post id> <created, ms in
     * base 36> <channel>", `pqn` its "Another question" action, `pqh` set once they took its hint, `pqr` their answer.
     */
    user: (userId: string) => k('u', part(userId, 'user id')),
    /** Everything per question (seen, scored, self-assessment, FSRS card and due time) and the streak log, packed (question-state.ts). */
    userState: (userId: string) => k('u', part(userId, 'user id'), 'st'),
    /** The layout before userState, converted into it on first use (question-state-repo.ts): */
    userScored: (userId: string) => k('u', part(userId, 'user id'), 'scored'),
    userSeen: (userId: string) => k('u', part(userId, 'user id'), 'seen'),
    userMastery: (userId: string) => k('u', part(userId, 'user id'), 'mastery'),
    userReviewBoxes: (userId: string) => k('u', part(userId, 'user id'), 'boxes'),
    userReviewCards: (userId: string) => k('u', part(userId, 'user id'), 'cards'),
    userReviewDue: (userId: string) => k('u', part(userId, 'user id'), 'due'),
    /** The streak log from before the packed state (streak-log.ts): a list of JSON entries, converted by the next script that writes the log. */
    userStreakLogList: (userId: string) => k('u', part(userId, 'user id'), 'slog'),
    /** An answer waiting for the user to say which open question it is for. */
    userPending: (userId: string, token: string) => k('u', part(userId, 'user id'), 'pend', part(token, 'token')),
    /** The latest personal post per channel, from before the practice record in the user hash (read until it expires). */
    userCurrent: (userId: string, channelId: string) => k('u', part(userId, 'user id'), 'cur', part(channelId, 'channel id')),
    /** The user's running mock interview (one at a time), and the summaries of their finished ones (newest first). */
    userMock: (userId: string) => k('u', part(userId, 'user id'), 'mock'),
    userMocks: (userId: string) => k('u', part(userId, 'user id'), 'mocks'),
    /** Answers per day and topic tallies from before the packed state: moved into it (activity) or dropped by the next answer. */
    userActivity: (userId: string) => k('u', part(userId, 'user id'), 'act'),
    userTopics: (userId: string) => k('u', part(userId, 'user id'), 'topics'),
    channelSeen: (channelId: string, pool: string) => k('ch', part(channelId, 'channel id'), 'seen', part(pool, 'pool')),
    channelOpen: (channelId: string) => k('ch', part(channelId, 'channel id'), 'open'),
    message: (messageId: string) => k('msg', part(messageId, 'message id')),
    /** A platform event or interaction already handled (Slack retries, replayed interactions). */
    event: (eventId: string) => k('evt', part(eventId, 'event id')),
    board: (period: 'all' | 'week' | 'month', id?: string) => (period === 'all' ? k('lb', 'all') : k('lb', period, part(id!, 'period'))),
    teamBoard: (period: 'all' | 'week' | 'month', id?: string) => (period === 'all' ? k('tlb', 'all') : k('tlb', period, part(id!, 'period'))),
    schedules: k('schedules'),
    /** Delivery state of one schedule: last slot posted, last failure and whether its admin was told. */
    scheduleState: (scheduleId: string) => k('schedule', part(scheduleId, 'schedule id'), 'state'),
    weekHardest: (week: string) => k('hardest', part(week, 'week')),
    /** Per-question counters: "<stat>:<questionId>" -> count (see QUESTION_STATS in question-stats.ts). */
    questionStats: k('qstats'),
    /** One report per user of a question: uid -> JSON {r, n, at, p}. */
    questionReports: (questionId: string) => k('qrep', part(questionId, 'question id')),
    /** Reported questions by report count, for /questions reports. */
    reportedQuestions: k('qreported'),
    /** Members who hide themselves from boards and the dashboard (/privacy hide). */
    hidden: k('hidden'),
    /** The newest channel posts (post id by creation ms), capped: today's question and recent reveals on the dashboard. */
    channelPosts: k('chposts'),
  };
}

export type CommunityKeys = ReturnType<typeof communityKeys>;

/** Global (untagged) indexes, never touched by the answer script. */
export const globalKeys = {
  /** Communities that have at least one schedule. */
  scheduledCommunities: 'dg:scheduled-communities',
  /** Pub/sub channel: a community's schedules changed, so every replica reloads them. */
  scheduleChanges: 'dg:schedule-changes',
  /** The reveal queue of earlier versions ("<communityId>|<postId>" by deadline), moved into delivery jobs at start. */
  legacyReveals: 'dg:reveals',
  /** Stable question numbers: question id -> number, and `#next` (question-numbers.ts). Read and written at start only. */
  questionNumbers: 'dg:qnums',
};

/**
 * Delivery queues: one BullMQ queue per platform (later per shard), named with a hash tag so each queue's keys
 * live on one Redis Cluster slot. BullMQ builds the queue's own keys as "<prefix>:<name>:…".
 */
export const deliveryKeys = {
  prefix: 'dg',
  queue: (route: string) => `{dq-${part(route, 'delivery route')}}`,
  /** The request budget a platform's bot shares across all replicas (Discord's global limit). */
  budget: (route: string) => `dg:{dq-${part(route, 'delivery route')}}:budget`,
  /** A per-channel budget (Slack's one message per second per channel). */
  channelBudget: (route: string, channelId: string) => `dg:{dq-${part(route, 'delivery route')}}:ch:${part(channelId, 'channel id')}`,
};
