import { describe, expect, it } from 'vitest';
import { activityOf, answersOf, cardOfRecord, decodeStates, emptyRecord, encodeStates, FLAG, logOffset, RECORD_BYTES, STATE_HEADER } from '../../src/store/question-state.js';
import { decodeStreakLog } from '../../src/store/streak-log.js';
import { isPracticeId, ownerTag, parsePracticeId, practicePostId } from '../../src/store/practice.js';

describe('the packed per-user state', () => {
  it('keeps stability and difficulty exactly, at both ends of their ranges, in 22 bytes a question', () => {
    const records = [
      { ...emptyRecord(65_535), flags: 255, s: 36_500, d: 10, dueMs: 2 ** 47, ivl: 36_500, reps: 255, lapses: 255 },
      { ...emptyRecord(1), flags: FLAG.queued, s: 0.001, d: 1, dueMs: 1_900_000_000_123, ivl: 1, reps: 1, lapses: 0 },
      { ...emptyRecord(700), flags: FLAG.seen, s: 12.34567891, d: 7.12345678, dueMs: 1_800_000_000_000, ivl: 30, reps: 3, lapses: 1 },
    ];
    const buf = encodeStates(records);
    expect(buf.length).toBe(STATE_HEADER + 3 * RECORD_BYTES);
    expect(RECORD_BYTES).toBe(22);
    expect(decodeStates(buf)).toEqual([...records].sort((a, b) => a.qnum - b.qnum));
  });

  it('keeps the activity record and the streak log after the records', () => {
    const activity = Buffer.from([0, 0, 0x57, 0x5f, 0x12, 0x34]);
    const log = Buffer.from([1, 0, 0x57, 0x5f, 0, 1]); // a streak started on day 22367
    const buf = encodeStates([{ ...emptyRecord(5), flags: FLAG.seen }], log, activity);
    expect(activityOf(buf)).toEqual(activity);
    expect(logOffset(buf)).toBe(STATE_HEADER + RECORD_BYTES + activity.length);
    expect(decodeStreakLog(buf)).toEqual([{ k: 'start', d: 22_367, s: 1 }]);
    expect([decodeStates(null), activityOf(null), decodeStreakLog(null)]).toEqual([[], Buffer.alloc(0), []]);
    expect(decodeStates(Buffer.from('not a state'))).toEqual([]);
  });

  it('counts the answers of a question from its reviews: lapses, and whether the first one was wrong', () => {
    const r = { ...emptyRecord(9), reps: 5, lapses: 1 };
    expect(answersOf(r)).toEqual({ answered: 5, correct: 4 });
    expect(answersOf({ ...r, flags: FLAG.firstWrong })).toEqual({ answered: 5, correct: 3 });
    expect(cardOfRecord({ ...r, s: 0 })).toBeUndefined();
    expect(cardOfRecord({ ...r, s: 3, d: 5, dueMs: 10 * 86_400_000 + 5000, ivl: 3 })).toEqual({ s: 3, d: 5, day: 7, reps: 5, lapses: 1 });
  });
});

describe('practice post ids', () => {
  it('carry the owner tag and the question number, and are told from every other post id', () => {
    const id = practicePostId('discord:123456789012345678', 1084);
    expect(id).toMatch(/^[a-z0-9]{12}$/);
    expect(parsePracticeId(id)).toEqual({ tag: ownerTag('discord:123456789012345678'), qnum: 1084 });
    expect(ownerTag('discord:1')).not.toBe(ownerTag('discord:2'));
    // Channel and mock posts (and practice questions from before) have 10 characters.
    for (const other of ['zzzzzzzzzz', 'abcdefghij', `${id}x`, id.toUpperCase()]) expect(isPracticeId(other)).toBe(false);
    // A changed character fails the check (almost always: two characters of check).
    const forged = Array.from({ length: 10 }, (_, i) => `${id.slice(0, i)}${id[i] === 'a' ? 'b' : 'a'}${id.slice(i + 1)}`);
    expect(forged.filter(isPracticeId).length).toBeLessThanOrEqual(1);
  });
});
