import { describe, expect, it } from 'vitest';
import { normaliseByMax, reciprocalRankFusion, weightedFusion } from './fusion.js';
import type { Candidate } from './types.js';

describe('normaliseByMax', () => {
  it('divides every score by the best (the first) one', () => {
    const scaled = normaliseByMax([
      { doc: 3, score: 4 },
      { doc: 1, score: 2 },
      { doc: 7, score: 1 },
    ]);
    expect([...scaled]).toEqual([
      [3, 1],
      [1, 0.5],
      [7, 0.25],
    ]);
  });

  it('gives 0 to everything when the best score is 0, and nothing for no hits', () => {
    expect([...normaliseByMax([{ doc: 0, score: 0 }])]).toEqual([[0, 0]]);
    expect(normaliseByMax([]).size).toBe(0);
  });
});

describe('weightedFusion', () => {
  const lexical: Candidate[] = [
    { doc: 0, score: 10, reasons: { bm25Unit: 6, bm25Article: 4 } },
    { doc: 1, score: 5, reasons: { bm25Unit: 5 } },
  ];
  const vector = [
    { doc: 1, score: 0.9 },
    { doc: 2, score: 0.7 },
    { doc: 3, score: 0.5 },
  ];

  it('adds the lexical share (over the best lexical score) and the vector share (between the weakest and the best similarity)', () => {
    const fused = weightedFusion(lexical, vector, 0.4);
    expect(fused.map((c) => c.doc)).toEqual([1, 0, 2, 3]);
    const byDoc = new Map(fused.map((c) => [c.doc, c]));
    expect(byDoc.get(1)?.score).toBeCloseTo(0.6 * 0.5 + 0.4 * 1, 10);
    expect(byDoc.get(0)?.score).toBeCloseTo(0.6, 10);
    expect(byDoc.get(2)?.score).toBeCloseTo(0.4 * 0.5, 10);
    // The weakest vector candidate is the floor: it adds nothing.
    expect(byDoc.get(3)?.score).toBe(0);
  });

  it('keeps the lexical reasons and states both shares', () => {
    const fused = weightedFusion(lexical, vector, 0.4);
    const one = fused.find((c) => c.doc === 1);
    expect(one?.reasons.bm25Unit).toBe(5);
    expect(one?.reasons.lexical).toBeCloseTo(0.3, 10);
    expect(one?.reasons.vector).toBeCloseTo(0.4, 10);
    const vectorOnly = fused.find((c) => c.doc === 2);
    expect(vectorOnly?.reasons).toEqual({ lexical: 0, vector: expect.closeTo(0.2, 10) });
  });

  it('with weight 0 ranks by the lexical side alone; a single vector hit carries no share', () => {
    expect(weightedFusion(lexical, vector, 0).map((c) => [c.doc, c.score])).toEqual([
      [0, 1],
      [1, 0.5],
      [2, 0],
      [3, 0],
    ]);
    const single = weightedFusion([], [{ doc: 4, score: 0.8 }], 1);
    expect(single).toEqual([{ doc: 4, score: 0, reasons: { lexical: 0, vector: 0 } }]);
  });
});

describe('reciprocalRankFusion', () => {
  it('sums weight / (k + rank) over the lists, each list’s part kept as a reason', () => {
    const fused = reciprocalRankFusion(
      [
        [
          { doc: 10, score: 9 },
          { doc: 11, score: 8 },
        ],
        [
          { doc: 11, score: 0.9 },
          { doc: 12, score: 0.8 },
        ],
      ],
      [1, 2],
      60,
    );
    expect(fused.map((c) => c.doc)).toEqual([11, 12, 10]);
    const eleven = fused[0];
    expect(eleven?.score).toBeCloseTo(1 / 62 + 2 / 61, 12);
    expect(eleven?.reasons).toEqual({ lexical: 1 / 62, vector: 2 / 61 });
    expect(fused[1]?.score).toBeCloseTo(2 / 62, 12);
    expect(fused[2]?.score).toBeCloseTo(1 / 61, 12);
  });

  it('breaks ties by unit order', () => {
    const fused = reciprocalRankFusion([[{ doc: 5, score: 1 }], [{ doc: 2, score: 1 }]], [1, 1], 60);
    expect(fused.map((c) => c.doc)).toEqual([2, 5]);
  });
});
