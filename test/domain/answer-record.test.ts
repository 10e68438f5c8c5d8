import { describe, expect, it } from 'vitest';
import { clipBytes, decodeAnswer, encodeAnswer } from '../../src/domain/answer-record.js';
import { decodeTally, encodeTally } from '../../src/domain/tally.js';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('stored answer records', () => {
  it('round-trip every kind in a few bytes, and read a hint mark in front', () => {
    const choice = { g: { kind: 'choice' as const, correct: true, picked: 2, opt: '1x9k3z' }, c: true, p: 20 };
    const numeric = { g: { kind: 'numeric' as const, correct: false, given: -0.125 }, c: false, p: 0 };
    const open = { g: { kind: 'open' as const, text: 'pooling | shrinks, maps' }, p: 0 };
    for (const r of [choice, numeric, open]) {
      const raw = encodeAnswer(r);
      expect(decodeAnswer(raw)).toEqual(r);
      expect(decodeAnswer(`h${raw}`)).toEqual({ ...r, h: 1 });
    }
    expect(encodeAnswer(choice)).toBe('c1|20|2,1x9k3z');
    expect(bytes(encodeAnswer(choice))).toBeLessThan(64);
  });

  it('cut an open answer to a byte budget, whole characters only, leaving a byte for the hint mark', () => {
    const text = 'Ünïcödé 🧠 '.repeat(20);
    const raw = encodeAnswer({ g: { kind: 'open', text }, p: 2 }, 64);
    expect(bytes(`h${raw}`)).toBeLessThanOrEqual(64);
    const back = decodeAnswer(raw)!;
    expect(back.g.kind === 'open' && back.g.text.endsWith('…')).toBe(true);
    expect(back.g.kind === 'open' && text.startsWith(back.g.text.slice(0, -1))).toBe(true);
    expect(clipBytes('short', 64)).toBe('short');
  });

  it('still read the JSON records of the layout before, and nothing else', () => {
    expect(decodeAnswer('{"g":{"kind":"choice","correct":true,"picked":0},"c":true,"p":20,"h":1}'))
      .toEqual({ g: { kind: 'choice', correct: true, picked: 0 }, c: true, p: 20, h: 1 });
    for (const bad of ['', '{not json', 'x1|2|3', 'c1|two|0,']) expect(decodeAnswer(bad)).toBeUndefined();
  });
});

describe('the counts a reveal keeps', () => {
  it('round-trip for every kind of question', () => {
    for (const t of [
      { kind: 'choice' as const, answered: 9, byOption: [3, 0, 6] },
      { kind: 'numeric' as const, answered: 7, correct: 4, close: 1, wrong: 2 },
      { kind: 'open' as const, answered: 5 },
    ]) expect(decodeTally(encodeTally(t))).toEqual(t);
    expect(decodeTally('n:1,2')).toBeUndefined();
  });
});
