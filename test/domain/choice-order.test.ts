import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { choiceOrder, optionKey } from '../../src/domain/choice-order.js';
import { newPostId } from '../../src/store/posts.js';

describe('per-post option order', () => {
  it('is a permutation, the same every time for one post', () => {
    fc.assert(fc.property(fc.stringMatching(/^[a-z0-9]{10}$/), fc.integer({ min: 2, max: 5 }), (id, n) => {
      const order = choiceOrder(id, n);
      expect([...order].sort()).toEqual(Array.from({ length: n }, (_, i) => i));
      expect(choiceOrder(id, n)).toEqual(order);
    }));
  });

  it('puts the first option at every position about equally often across posts', () => {
    const counts = [0, 0, 0, 0];
    const posts = 8000;
    for (let i = 0; i < posts; i++) counts[choiceOrder(newPostId(), 4).indexOf(0)]!++;
    for (const c of counts) expect(c / posts).toBeGreaterThan(0.22);
    for (const c of counts) expect(c / posts).toBeLessThan(0.28);
  });

  it('names options by their text, ignoring case and spacing', () => {
    expect(optionKey('Gradient  descent')).toBe(optionKey('gradient descent'));
    expect(optionKey('1/3')).not.toBe(optionKey('1/4'));
  });
});
