import type { CommandSpec } from '../src/core/command.js';
import quiz from './quiz.js';
import answer from './answer.js';
import review from './review.js';
import mock from './mock.js';
import leaderboard from './leaderboard.js';
import streak from './streak.js';
import remind from './remind.js';
import stats from './stats.js';
import progress from './progress.js';
import goal from './goal.js';
import team from './team.js';
import topics from './topics.js';
import help from './help.js';
import settings from './settings.js';
import schedule from './schedule.js';
import hint from './hint.js';
import questions from './questions.js';
import dashboard from './dashboard.js';
import privacy from './privacy.js';

/** Every command, in the order /help lists them. */
export const commands: readonly CommandSpec[] = [quiz, answer, hint, review, mock, leaderboard, streak, remind, stats, progress, goal, team, topics, dashboard, privacy, schedule, settings, questions, help];
