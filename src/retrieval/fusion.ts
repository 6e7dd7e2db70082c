/** Score normalisation and the two fusions compared on the dev sets: weighted scores and reciprocal ranks. */

export interface Ranked {
  doc: number;
  score: number;
}

/** Scores divided by the best one, so both sides speak on 0..1. */
export function normaliseByMax(hits: readonly Ranked[]): Map<number, number> {
  const best = hits[0]?.score ?? 0;
  return new Map(hits.map((hit) => [hit.doc, best > 0 ? hit.score / best : 0]));
}

export function weightedFusion(lexical: readonly Ranked[], vector: readonly Ranked[], vectorWeight: number): Ranked[] {
  const lex = normaliseByMax(lexical);
  // Cosine similarities are already on a common scale; shift them so the weakest candidate is 0.
  const floor = vector.at(-1)?.score ?? 0;
  const top = vector[0]?.score ?? 0;
  const vec = new Map(vector.map((hit) => [hit.doc, top > floor ? (hit.score - floor) / (top - floor) : 0]));
  const docs = new Set([...lex.keys(), ...vec.keys()]);
  return [...docs]
    .map((doc) => ({ doc, score: (1 - vectorWeight) * (lex.get(doc) ?? 0) + vectorWeight * (vec.get(doc) ?? 0) }))
    .sort((p, q) => q.score - p.score || p.doc - q.doc);
}

export function reciprocalRankFusion(lists: ReadonlyArray<readonly Ranked[]>, weights: readonly number[], k = 60): Ranked[] {
  const scores = new Map<number, number>();
  lists.forEach((list, index) => {
    const weight = weights[index] ?? 1;
    list.forEach((hit, rank) => scores.set(hit.doc, (scores.get(hit.doc) ?? 0) + weight / (k + rank + 1)));
  });
  return [...scores.entries()].map(([doc, score]) => ({ doc, score })).sort((p, q) => q.score - p.score || p.doc - q.doc);
}
