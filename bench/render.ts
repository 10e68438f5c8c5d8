/**
 * Image rendering benchmark: the /progress card (all 1084 questions, 12 weeks of activity) and the leaderboard
 * card, each built as SVG and rasterised to PNG N times, one after another. Prints the median and p90 per image.
 * Usage: npm run bench:render -- [renders=30]   (npm run bench prints the same at its end)
 */
import { performance } from 'node:perf_hooks';
import { loadBank } from '../src/load-bank.js';
import { DAY_MS, type Card } from '../src/domain/fsrs.js';
import { heatmapCells, masteryOf, readinessOf, weakestTopics } from '../src/domain/progress.js';
import { progressCardSvg } from '../src/render/progress-card.js';
import { leaderboardCardSvg } from '../src/render/leaderboard-card.js';
import { svgToPng } from '../src/render/png.js';
import { progressCard } from '../src/views/progress.js';
import { seededRandom } from '../scripts/seed-progress.js';

const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!; };

async function time(n: number, render: () => Promise<{ png: Buffer; width: number; height: number }>): Promise<{ ms: number[]; bytes: number; size: string }> {
  const first = await render(); // warm-up: loads the font files and the native module
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await render();
    ms.push(performance.now() - t0);
  }
  return { ms, bytes: first.png.length, size: `${first.width}×${first.height}` };
}

export async function benchRender(n = 30): Promise<void> {
  const bank = loadBank('questions');
  const random = seededRandom(1);
  const now = Date.parse('2026-04-22T17:00:00Z');
  const today = Math.floor(now / DAY_MS);
  const cards = new Map<string, Card>();
  for (const q of bank.questions) if (random() < 0.5) cards.set(q.id, { s: 0.2 + random() * 40, d: 1 + random() * 9, day: today - Math.floor(random() * 60), reps: 1 + Math.floor(random() * 5), lapses: 0 });
  const tallies = new Map(bank.topics.map((t) => { const a = Math.floor(random() * 40); return [t, { answered: a, correct: Math.floor(a * random()) }]; }));
  const activity = new Map(Array.from({ length: 84 }, (_, i) => [today - i, Math.floor(random() * 16)] as [number, number]));
  const tracks = masteryOf(bank.questions, cards, tallies, now);
  const readiness = readinessOf(tracks, today, { date: '2026-06-15', day: today + 54 });
  const view = {
    who: 'Your', name: 'Ada', self: true, today, zone: 'Europe/Berlin', tracks, weakest: weakestTopics(tracks, 5),
    heatmap: heatmapCells(activity, today), streak: { current: 51, best: 51, freezes: 2, cap: 2 }, readiness, goalDay: today + 54,
  };
  const board = {
    title: 'Leaderboard', period: 'This week (2026-W17)', footer: '240 players on this board · Daily Gradient', you: 'You: #14 with 120 points',
    rows: Array.from({ length: 10 }, (_, i) => ({ rank: i + 1, name: `Learner number ${i + 1}`, score: 1000 - i * 70, tag: i % 2 ? 'bayesians' : 'overfitters' })),
  };
  for (const [name, render] of [
    ['progress card', () => svgToPng(progressCardSvg(progressCard(view)))],
    ['leaderboard card', () => svgToPng(leaderboardCardSvg(board))],
  ] as const) {
    const r = await time(n, render);
    console.log(`render       : ${name} ${r.size}, ${(r.bytes / 1024).toFixed(0)} KiB PNG: median ${pct(r.ms, 50).toFixed(1)} ms, p90 ${pct(r.ms, 90).toFixed(1)} ms over ${n} renders (target < 200 ms)`);
  }
}

if (process.argv[1]?.endsWith('render.ts')) void benchRender(Number(process.argv[2] ?? 30));
