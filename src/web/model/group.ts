import { dayNumber } from '../../domain/calendar.js';
import type { Grade } from '../../domain/grading.js';
import type { Question } from '../../domain/question.js';
import { tallyAnswers, type Tally } from '../../domain/tally.js';
import { decodeAnswer } from '../../domain/answer-record.js';
import type { Period } from '../../services/boards.js';
import type { PostState } from '../../store/posts.js';
import { UNNAMED, type WebData } from './context.js';

export const PAGE_SIZE = 10;
/** Deeper pages are not offered: reading a page reads the board from the top. */
export const MAX_PAGES = 100;

export interface BoardRow { rank: number; name: string; score: number; me: boolean }

export interface BoardView {
  period: Period;
  teams: boolean;
  label: string;
  rows: BoardRow[];
  page: number;
  pages: number;
  total: number;
}

export interface PostView {
  post: PostState;
  question: Question;
  tally?: Tally;
  firstCorrect?: string;
  /** The first correct answerer hides from boards, so is not named. */
  firstCorrectHidden: boolean;
}

export interface GroupView {
  timezone: string;
  board: BoardView;
  /** The viewer hides from boards: they are not in the list above either. */
  meHidden: boolean;
  streakLeaders: { name: string; streak: number }[];
  /** Channel questions still open, or posted today. */
  today: PostView[];
  reveals: PostView[];
}

/** A board page (people or teams) with hidden members left out; `page` is clamped to the pages there are. */
export async function boardView(d: WebData, communityId: string, viewer: string, period: Period, teams: boolean, page: number, now: Date): Promise<{ board: BoardView; meHidden: boolean }> {
  const { key, label } = await d.services.boards.boardKey(communityId, period, teams, now);
  const hidden = await d.privacy.hidden(communityId);
  const shownHidden = teams ? new Set<string>() : hidden;
  const total = await d.boards.size(key, shownHidden);
  const pages = Math.max(1, Math.min(MAX_PAGES, Math.ceil(total / PAGE_SIZE)));
  const at = Math.min(Math.max(1, page), pages);
  const entries = await d.boards.page(key, (at - 1) * PAGE_SIZE, PAGE_SIZE, shownHidden);
  const names = teams ? new Map<string, string | undefined>() : await d.boards.storedNames(communityId, entries.map((e) => e.member));
  const rows = entries.map((e) => ({ rank: e.rank, score: e.score, name: teams ? e.member : names.get(e.member) ?? UNNAMED, me: !teams && e.member === viewer }));
  return { board: { period, teams, label, rows, page: at, pages, total }, meHidden: hidden.has(viewer) };
}

export async function groupView(d: WebData, communityId: string, viewer: string, q: { period: Period; teams: boolean; page: number }, now: Date): Promise<GroupView> {
  const { timezone } = await d.services.settings.get(communityId);
  const [{ board, meHidden }, streakLeaders, posts] = await Promise.all([
    boardView(d, communityId, viewer, q.period, q.teams, q.page, now),
    d.services.boards.streakLeaders(communityId, now, 5),
    d.services.posts.recentChannelPosts(communityId, 20),
  ]);
  const today = dayNumber(now, timezone);
  const current = posts.filter((p) => p.status === 'open' || (p.status !== 'pending' && dayNumber(new Date(p.createdAt), timezone) === today));
  const revealed = posts.filter((p) => p.status === 'closed' && p.revealRef).slice(0, 5);
  return {
    timezone, board, meHidden, streakLeaders,
    today: await postViews(d, communityId, current.filter((p) => p.status === 'open' || !p.revealRef).slice(0, 3), false),
    reveals: await postViews(d, communityId, revealed, true),
  };
}

async function postViews(d: WebData, communityId: string, posts: PostState[], withTally: boolean): Promise<PostView[]> {
  const out: PostView[] = [];
  for (const post of posts) {
    const question = d.bank.get(post.questionId);
    if (!question) continue;
    const view: PostView = { post, question, firstCorrectHidden: false };
    if (withTally) {
      view.tally = post.tally ?? tallyAnswers(question, await grades(d, communityId, post.id));
      if (post.firstCorrect) {
        view.firstCorrectHidden = await d.privacy.isHidden(communityId, post.firstCorrect);
        if (!view.firstCorrectHidden) view.firstCorrect = (await d.boards.storedNames(communityId, [post.firstCorrect])).get(post.firstCorrect) ?? UNNAMED;
      }
    }
    out.push(view);
  }
  return out;
}

async function grades(d: WebData, communityId: string, postId: string): Promise<Grade[]> {
  const records = Object.values(await d.services.posts.answers(communityId, postId));
  return records.flatMap((r) => decodeAnswer(r)?.g ?? []);
}
