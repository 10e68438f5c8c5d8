import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { masteryOf } from '../../src/domain/progress.js';
import { DAY_MS } from '../../src/domain/fsrs.js';
import { barWidth, masterySvg } from '../../src/render/mastery.js';
import { leaderboardCardSvg } from '../../src/render/leaderboard-card.js';
import { PALETTE } from '../../src/render/palette.js';
import { svgToPng } from '../../src/render/png.js';
import { loadBank } from '../../src/load-bank.js';

const attrs = (svg: string, marker: string) => [...svg.matchAll(new RegExp(`<rect [^>]*${marker}[^>]*/>`, 'g'))].map((m) => Object.fromEntries([...m[0].matchAll(/([a-z-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]])));

describe('chart SVG builders', () => {
  const bank = loadBank('questions');
  const now = Date.parse('2026-04-22T12:00:00Z');
  const card = { s: 30, d: 3, day: Math.floor(now / DAY_MS) - 1, reps: 3, lapses: 0 };
  // Every math question retained, half of cs, none elsewhere.
  const cs = bank.questions.filter((q) => q.track === 'cs');
  const cards = new Map([...bank.questions.filter((q) => q.track === 'math'), ...cs.slice(0, cs.length / 2)].map((q) => [q.id, card]));
  const tracks = masteryOf(bank.questions, cards, new Map(), now);

  it('draws one bar per track, its width proportional to the retained share, and one segment per topic', () => {
    const svg = masterySvg(tracks, 600);
    const bars = attrs(svg, 'data-bar=');
    expect(bars.map((b) => b['data-bar'])).toEqual(['math', 'cs']);
    expect(Number(bars[0]!.width)).toBe(600);
    expect(Number(bars[1]!.width)).toBeCloseTo(300, 5);
    expect(barWidth(0.001, 600)).toBe(3);
    expect(barWidth(0, 600)).toBe(0);
    const topics = attrs(svg, 'data-topic=');
    expect(topics).toHaveLength(new Set(bank.questions.map((q) => q.topic)).size);
    const covered = tracks.flatMap((t) => t.topics).filter((t) => t.covered);
    expect(covered.length).toBeGreaterThanOrEqual(tracks[0]!.topics.length);
    expect(topics.filter((t) => t.fill === PALETTE.topic[4]).map((t) => t['data-topic'])).toEqual(covered.map((t) => t.topic));
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="600" height="416" viewBox="0 0 600 416"/);
  });

  it('escapes names so user text can never become markup', () => {
    const svg = leaderboardCardSvg({ title: 'Leaderboard', period: 'This week', rows: [{ rank: 1, name: '<image/>&', score: 10, tag: '"x"' }], footer: 'f' });
    expect(svg).not.toContain('<image');
    expect(svg).toContain('&lt;image/&gt;&amp;');
    expect(svg).toContain('&quot;x&quot;');
  });

  it('renders with the bundled font only, identically every time, opaque and within size limits', async () => {
    const svg = leaderboardCardSvg({
      title: 'Team leaderboard', period: 'This month (2026-04)', footer: '3 teams on this board',
      rows: [{ rank: 1, name: 'overfitters', score: 120 }, { rank: 2, name: 'bayesians', score: 60, highlight: true }, { rank: 2, name: 'ties', score: 60 }],
      you: 'Your team (bayesians): #2 with 60 points',
    });
    const [a, b] = await Promise.all([svgToPng(svg), svgToPng(svg)]);
    expect(Buffer.compare(a.png, b.png)).toBe(0);
    expect(a.png.length).toBeLessThan(200 * 1024);
    const png = PNG.sync.read(a.png);
    expect([png.width, png.height]).toEqual([800, a.height]);
    // Text was drawn: the title row holds light pixels on the dark card.
    let light = 0;
    for (let y = 30; y < 70; y++) for (let x = 36; x < 400; x++) if (png.data[(y * png.width + x) * 4]! > 200) light++;
    expect(light).toBeGreaterThan(200);
    for (let i = 3; i < png.data.length; i += 4 * 97) expect(png.data[i]).toBe(255);
    // Bars proportional to the scores: 120 fills the track, 60 half of it.
    const scores = attrs(svg, 'data-score=');
    expect(Number(scores[1]!.width) / Number(scores[0]!.width)).toBeCloseTo(0.5, 5);
  });
});
