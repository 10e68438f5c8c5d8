import type { Bank } from '../domain/bank.js';
import type { Store } from '../store/redis.js';
import { PostRepository } from '../store/posts.js';
import { AnswerRepository } from '../store/answers.js';
import { BoardRepository } from '../store/boards.js';
import { TeamRepository } from '../store/teams.js';
import { SettingsRepository, UserZoneRepository } from '../store/settings.js';
import { QuizService } from './quiz.js';
import { BoardService } from './boards.js';
import { StreakService } from './streaks.js';
import { StreakRepository } from '../store/streaks.js';
import { TeamService } from './teams.js';
import { ScheduleService } from './schedules.js';
import { ScheduledPostService } from './scheduled-posts.js';
import { ScheduleRepository } from '../store/schedules.js';
import { InteractionRepository } from '../store/interactions.js';
import { FeedbackRepository } from '../store/feedback.js';
import { FeedbackService } from './feedback.js';
import { MockRepository } from '../store/mocks.js';
import { MockService } from './mock.js';
import { PrivacyRepository } from '../store/privacy.js';
import { PrivacyService } from './privacy.js';
import type { DashboardLinks } from '../web/links.js';
import { ProgressRepository } from '../store/progress.js';
import { ProgressService } from './progress.js';
import type { Logger } from '../ops/logger.js';
import { QuestionNumbers } from '../store/question-numbers.js';
import { QuestionStateRepository } from '../store/question-state-repo.js';
import { PracticeRepository } from '../store/practice.js';
import { ReviewRepository } from '../store/reviews.js';
import { ReminderRepository } from '../store/reminders.js';
import { ReminderService } from './reminders.js';

/** Everything commands may use. Commands never touch Redis or a platform directly. */
export interface Services {
  /** Loads what the services need before the first command (the stable question numbers; assigns new ones). */
  ready(): Promise<void>;
  questionNumbers: QuestionNumbers;
  /** Each user's packed per-question state (seen, scored, review). */
  questionStates: QuestionStateRepository;
  answers: AnswerRepository;
  bank: Bank;
  quiz: QuizService;
  boards: BoardService;
  streaks: StreakService;
  teams: TeamService;
  settings: SettingsRepository;
  userZones: UserZoneRepository;
  posts: PostRepository;
  schedules: ScheduleService;
  scheduleRepo: ScheduleRepository;
  interactions: InteractionRepository;
  /** Hints on demand and question reports. */
  feedback: FeedbackService;
  mock: MockService;
  /** Streak reminders: `/remind`, and what a reminder job needs. */
  reminders: ReminderService;
  /** `/progress` images and `/goal` interview dates. */
  progress: ProgressService;
  /** What scheduled posts, reveals and recaps contain (the delivery layer sends them). */
  scheduledPosts: ScheduledPostService;
  /** `/privacy hide|show`: members who keep themselves off boards and the dashboard. */
  privacy: PrivacyService;
  /** Signed links to the web dashboard; undefined when the dashboard is not configured. */
  dashboard?: DashboardLinks;
}

export interface ServiceDeps {
  redis: Store;
  bank: Bank;
  defaultTimezone: string;
  log: Logger;
  random?: () => number;
  dashboard?: DashboardLinks;
}

export function createServices(d: ServiceDeps): Services {
  const numbers = new QuestionNumbers(d.redis, d.bank.questions.map((q) => q.id));
  const states = new QuestionStateRepository(d.redis, numbers);
  const posts = new PostRepository(d.redis, { numbers, records: new PracticeRepository(d.redis, (c, u) => states.migrate(c, u)) });
  const settings = new SettingsRepository(d.redis, { timezone: d.defaultTimezone });
  const userZones = new UserZoneRepository(d.redis);
  const boardsRepo = new BoardRepository(d.redis);
  const privacy = new PrivacyRepository(d.redis);
  const boards = new BoardService(boardsRepo, settings, privacy);
  const scheduleRepo = new ScheduleRepository(d.redis);
  const interactions = new InteractionRepository(d.redis);
  const answers = new AnswerRepository(d.redis, numbers, states);
  const reviews = new ReviewRepository(states, numbers);
  const feedback = new FeedbackService({ bank: d.bank, posts, answers, feedback: new FeedbackRepository(d.redis), settings, boards: boardsRepo });
  const mock = new MockService({ states, bank: d.bank, posts, answers, mocks: new MockRepository(d.redis), boards: boardsRepo, settings, userZones, random: d.random });
  const schedules = new ScheduleService({ bank: d.bank, repo: scheduleRepo, settings });
  const reminderRepo = new ReminderRepository(d.redis, states);
  return {
    ready: () => numbers.ready(),
    questionNumbers: numbers,
    questionStates: states,
    answers,
    privacy: new PrivacyService(privacy),
    dashboard: d.dashboard,
    feedback,
    mock,
    interactions,
    bank: d.bank,
    posts,
    settings,
    userZones,
    quiz: new QuizService({ states, reviews, bank: d.bank, posts, answers, interactions, settings, userZones, random: d.random, mock }),
    boards,
    progress: new ProgressService({ bank: d.bank, progress: new ProgressRepository(d.redis, states, d.bank), boards: boardsRepo, settings, userZones }),
    streaks: new StreakService({ streaks: new StreakRepository(d.redis, states), boards: boardsRepo, settings, userZones, reminders: reminderRepo }),
    reminders: new ReminderService({ redis: d.redis, bank: d.bank, reminders: reminderRepo, settings, posts, states, reviews, random: d.random }),
    teams: new TeamService(new TeamRepository(d.redis), boardsRepo),
    scheduleRepo,
    schedules,
    scheduledPosts: new ScheduledPostService({
      redis: d.redis, bank: d.bank, repo: scheduleRepo, schedules, posts, answers, boards, boardRepo: boardsRepo, settings, random: d.random,
    }),
  };
}
