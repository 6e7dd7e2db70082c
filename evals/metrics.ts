/** Retrieval metrics over ranked keys against a gold set (binary relevance). */

export interface MetricSet {
  'recall@1': number;
  'recall@5': number;
  'recall@10': number;
  'mrr@10': number;
  'ndcg@10': number;
}

export function recallAt(ranked: readonly string[], gold: ReadonlySet<string>, k: number): number {
  if (gold.size === 0) return 0;
  let found = 0;
  for (const key of ranked.slice(0, k)) if (gold.has(key)) found++;
  return found / gold.size;
}

export function reciprocalRankAt(ranked: readonly string[], gold: ReadonlySet<string>, k: number): number {
  const index = ranked.slice(0, k).findIndex((key) => gold.has(key));
  return index < 0 ? 0 : 1 / (index + 1);
}

export function ndcgAt(ranked: readonly string[], gold: ReadonlySet<string>, k: number): number {
  let dcg = 0;
  ranked.slice(0, k).forEach((key, index) => {
    if (gold.has(key)) dcg += 1 / Math.log2(index + 2);
  });
  let ideal = 0;
  for (let index = 0; index < Math.min(gold.size, k); index++) ideal += 1 / Math.log2(index + 2);
  return ideal === 0 ? 0 : dcg / ideal;
}

export function metricsOf(ranked: readonly string[], gold: ReadonlySet<string>): MetricSet {
  return {
    'recall@1': recallAt(ranked, gold, 1),
    'recall@5': recallAt(ranked, gold, 5),
    'recall@10': recallAt(ranked, gold, 10),
    'mrr@10': reciprocalRankAt(ranked, gold, 10),
    'ndcg@10': ndcgAt(ranked, gold, 10),
  };
}

export function meanMetrics(all: readonly MetricSet[]): MetricSet {
  const keys = ['recall@1', 'recall@5', 'recall@10', 'mrr@10', 'ndcg@10'] as const;
  const mean = {} as MetricSet;
  for (const key of keys) mean[key] = all.length === 0 ? 0 : Number((all.reduce((sum, m) => sum + m[key], 0) / all.length).toFixed(4));
  return mean;
}
