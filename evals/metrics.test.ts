import { describe, expect, it } from 'vitest';
import { meanMetrics, metricsOf, ndcgAt, recallAt, reciprocalRankAt } from './metrics.js';

describe('metrics, against hand-computed cases', () => {
  const gold = new Set(['a', 'b']);
  const ranked = ['x', 'a', 'y', 'z', 'b', 'w'];

  it('recall@k counts the share of gold found in the first k', () => {
    expect(recallAt(ranked, gold, 1)).toBe(0);
    expect(recallAt(ranked, gold, 2)).toBe(0.5);
    expect(recallAt(ranked, gold, 5)).toBe(1);
  });

  it('MRR@10 is one over the rank of the first hit, 0 past the cut-off', () => {
    expect(reciprocalRankAt(ranked, gold, 10)).toBe(0.5);
    expect(reciprocalRankAt(['x', 'y', 'a'], gold, 2)).toBe(0);
  });

  it('nDCG@10: hits at ranks 2 and 5 against an ideal of ranks 1 and 2', () => {
    const dcg = 1 / Math.log2(3) + 1 / Math.log2(6);
    const ideal = 1 + 1 / Math.log2(3);
    expect(ndcgAt(ranked, gold, 10)).toBeCloseTo(dcg / ideal, 10);
    expect(ndcgAt(['a', 'b'], gold, 10)).toBe(1);
  });

  it('means are per question', () => {
    const perfect = metricsOf(['a'], new Set(['a']));
    const miss = metricsOf(['x'], new Set(['a']));
    expect(meanMetrics([perfect, miss])).toEqual({ 'recall@1': 0.5, 'recall@5': 0.5, 'recall@10': 0.5, 'mrr@10': 0.5, 'ndcg@10': 0.5 });
  });
});
