import type { Bank } from '../domain/bank.js';
import type { Store } from '../store/redis.js';
import { PostRepository } from '../store/posts.js';
import { AnswerRepository } from '../store/answers.js';
import { BoardRepository } from '../store/boards.js';
import { TeamRepository } from '../store/teams.js';
import { SettingsRepository, UserZoneRepository } from '../store/settings.js';
import { QuizService } from './quiz.js';
import { BoardService } from './boards.js';
import { TeamService } from './teams.js';
import { ScheduleService } from './schedules.js';
import { ScheduledPostService } from './scheduled-posts.js';
import { ScheduleRepository } from '../store/schedules.js';
import type { Logger } from '../ops/logger.js';

/** Everything commands may use. Commands never touch Redis or a platform directly. */
export interface Services {
  bank: Bank;
  quiz: QuizService;
  boards: BoardService;
  teams: TeamService;
  settings: SettingsRepository;
  userZones: UserZoneRepository;
  posts: PostRepository;
  schedules: ScheduleService;
  scheduleRepo: ScheduleRepository;
  /** What scheduled posts, reveals and recaps contain (the delivery layer sends them). */
  scheduledPosts: ScheduledPostService;
}

export interface ServiceDeps {
  redis: Store;
  bank: Bank;
  defaultTimezone: string;
  log: Logger;
  random?: () => number;
}

export function createServices(d: ServiceDeps): Services {
  const posts = new PostRepository(d.redis);
  const settings = new SettingsRepository(d.redis, { timezone: d.defaultTimezone });
  const userZones = new UserZoneRepository(d.redis);
  const boardsRepo = new BoardRepository(d.redis);
  const boards = new BoardService(boardsRepo, settings, userZones);
  const scheduleRepo = new ScheduleRepository(d.redis);
  const schedules = new ScheduleService({ bank: d.bank, repo: scheduleRepo, settings });
  return {
    bank: d.bank,
    posts,
    settings,
    userZones,
    quiz: new QuizService({ redis: d.redis, bank: d.bank, posts, answers: new AnswerRepository(d.redis), settings, userZones, random: d.random }),
    boards,
    teams: new TeamService(new TeamRepository(d.redis), boardsRepo),
    scheduleRepo,
    schedules,
    scheduledPosts: new ScheduledPostService({
      redis: d.redis, bank: d.bank, repo: scheduleRepo, schedules, posts, boards, boardRepo: boardsRepo, settings, random: d.random,
    }),
  };
}
