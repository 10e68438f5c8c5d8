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
import { ScheduleRepository } from '../store/schedules.js';
import { InteractionRepository } from '../store/interactions.js';
import { MockRepository } from '../store/mocks.js';
import { MockService } from './mock.js';
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
  interactions: InteractionRepository;
  mock: MockService;
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
  const interactions = new InteractionRepository(d.redis);
  const answers = new AnswerRepository(d.redis);
  const mock = new MockService({ redis: d.redis, bank: d.bank, posts, answers, mocks: new MockRepository(d.redis), boards: boardsRepo, settings, userZones, random: d.random });
  return {
    mock,
    interactions,
    bank: d.bank,
    posts,
    settings,
    userZones,
    quiz: new QuizService({ redis: d.redis, bank: d.bank, posts, answers, interactions, settings, userZones, random: d.random, mock }),
    boards,
    teams: new TeamService(new TeamRepository(d.redis), boardsRepo),
    scheduleRepo,
    schedules: new ScheduleService({ redis: d.redis, bank: d.bank, repo: scheduleRepo, posts, answers, boards, boardRepo: boardsRepo, settings, log: d.log, random: d.random }),
  };
}
