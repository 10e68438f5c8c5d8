import { describe, expect, it } from 'vitest';
import { countsFromHash, emptyCounts, exportRow, flagsOf, toCsv, type QuestionCounts } from '../../src/domain/question-stats.js';

const counts = (graded: number, correct: number, reports = 0, open = 0): QuestionCounts => ({ ...emptyCounts(), graded, correct, reports, open });

describe('question flags', () => {
  it('flag ≥30 graded answers under 20% or over 97% correct, and ≥3 reports', () => {
    expect(flagsOf(counts(30, 5))).toEqual(['hard: 16.7% correct']);
    expect(flagsOf(counts(30, 6))).toEqual([]); // exactly 20% is not under 20%
    expect(flagsOf(counts(29, 0))).toEqual([]); // too few answers to judge
    expect(flagsOf(counts(100, 98))).toEqual(['easy: 98.0% correct']);
    expect(flagsOf(counts(100, 97))).toEqual([]); // exactly 97% is not over 97%
    expect(flagsOf(counts(0, 0, 3))).toEqual(['3 reports']);
    expect(flagsOf(counts(0, 0, 2))).toEqual([]);
    expect(flagsOf(counts(40, 40, 4))).toEqual(['easy: 100.0% correct', '4 reports']);
    // Open answers are self-assessed: many of them never flag on a share.
    expect(flagsOf(counts(0, 0, 0, 500))).toEqual([]);
  });

  it('read counts from the stats hash, ignoring what they do not know', () => {
    const m = countsFromHash({ 'a:q-1': '4', 'c:q-1': '3', 'h:q-1': '1', 'r:q-1': '2', 'r-key:q-1': '2', 'o:q-2': '7', 'zz:q-1': '9', junk: '1', 'a:q-3': 'NaN' });
    expect(m.get('q-1')).toEqual({ graded: 4, open: 0, correct: 3, hinted: 1, reports: 2, byReason: { key: 2, unclear: 0, typo: 0, other: 0 } });
    expect(m.get('q-2')).toMatchObject({ open: 7, graded: 0 });
    expect(m.has('q-3')).toBe(false);
  });

  it('write CSV that survives commas, quotes and lists', () => {
    const row = exportRow('q-1', { ...counts(40, 2, 3), byReason: { key: 3, unclear: 0, typo: 0, other: 0 } }, { track: 'math', topic: 'a,b', difficulty: 'hard', kind: 'choice' });
    const csv = toCsv([row]).trim().split('\n');
    expect(csv[0]).toBe('question,track,topic,difficulty,kind,answered,correct,shareCorrect,hinted,reports,wrongKey,unclear,typo,other,flagged,flags');
    expect(csv[1]).toBe('q-1,math,"a,b",hard,choice,40,2,0.05,0,3,3,0,0,0,true,hard: 5.0% correct; 3 reports');
  });
});
