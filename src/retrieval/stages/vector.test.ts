import { describe, expect, it } from 'vitest';
import { withFeedback } from './vector.js';

const length = (vector: readonly number[]): number => Math.sqrt(vector.reduce((sum, v) => sum + v * v, 0));
const cosine = (p: readonly number[], q: ArrayLike<number>): number => p.reduce((sum, v, i) => sum + v * (q[i] ?? 0), 0) / (length(p) * length(Array.from(q)));

describe('withFeedback', () => {
  const vectors = [Float32Array.from([0, 1, 0]), Float32Array.from([0, 0.6, 0.8]), Float32Array.from([0, 0, 1])];
  const vectorOf = (doc: number): Float32Array => vectors[doc] ?? new Float32Array(3);
  const lexical = [
    { doc: 0, score: 3 },
    { doc: 1, score: 2 },
    { doc: 2, score: 1 },
  ];

  it('returns a unit vector moved toward the best lexical hits', () => {
    const query = [1, 0, 0];
    const moved = withFeedback(query, lexical, vectorOf, { feedbackWeight: 0.5, feedbackDepth: 2 });
    expect(length(moved)).toBeCloseTo(1, 10);
    for (const doc of [0, 1]) expect(cosine(moved, vectorOf(doc))).toBeGreaterThan(cosine(query, vectorOf(doc)));
    // query + 0.5/2 · (hit 0 + hit 1) = [1, 0.4, 0.2], normalised.
    const expected = [1, 0.4, 0.2].map((v) => v / Math.sqrt(1.2));
    moved.forEach((value, d) => expect(value).toBeCloseTo(expected[d] as number, 6));
  });

  it('reads only the `feedbackDepth` best hits', () => {
    const moved = withFeedback([1, 0, 0], lexical, vectorOf, { feedbackWeight: 0.5, feedbackDepth: 1 });
    expect(moved[2]).toBe(0);
    expect(moved[1]).toBeGreaterThan(0);
  });

  it('with weight 0 only normalises the query', () => {
    const moved = withFeedback([3, 4, 0], lexical, vectorOf, { feedbackWeight: 0, feedbackDepth: 3 });
    expect(moved).toEqual([0.6, 0.8, 0]);
  });
});
