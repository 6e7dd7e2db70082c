/**
 * Fusing the lexical and the vector candidates: weighted scores on a common 0..1 scale (kept), or
 * reciprocal ranks (measured worse on the dev sets, kept as an option). The lexical candidates'
 * reasons travel with them; the fused score's two shares are added as `lexical` and `vector`.
 */
import type { Candidate, Ranked } from './types.js';

/** Scores divided by the best one, so both sides speak on 0..1. */
export function normaliseByMax(hits: readonly Ranked[]): Map<number, number> {
  const best = hits[0]?.score ?? 0;
  return new Map(hits.map((hit) => [hit.doc, best > 0 ? hit.score / best : 0]));
}

export function weightedFusion(lexical: readonly Candidate[], vector: readonly Ranked[], vectorWeight: number): Candidate[] {
  const lex = normaliseByMax(lexical);
  // Cosine similarities are already on a common scale; shift them so the weakest candidate is 0.
  const floor = vector.at(-1)?.score ?? 0;
  const top = vector[0]?.score ?? 0;
  const vec = new Map(vector.map((hit) => [hit.doc, top > floor ? (hit.score - floor) / (top - floor) : 0]));
  const reasons = new Map(lexical.map((c) => [c.doc, c.reasons]));
  const docs = new Set([...lex.keys(), ...vec.keys()]);
  return [...docs]
    .map((doc) => {
      const lexicalShare = (1 - vectorWeight) * (lex.get(doc) ?? 0);
      const vectorShare = vectorWeight * (vec.get(doc) ?? 0);
      return { doc, score: lexicalShare + vectorShare, reasons: { ...reasons.get(doc), lexical: lexicalShare, vector: vectorShare } };
    })
    .sort((p, q) => q.score - p.score || p.doc - q.doc);
}

export function reciprocalRankFusion(lists: ReadonlyArray<readonly Ranked[]>, weights: readonly number[], k: number): Candidate[] {
  const shares = new Map<number, number[]>();
  lists.forEach((list, index) => {
    const weight = weights[index] ?? 1;
    list.forEach((hit, rank) => {
      const entry = shares.get(hit.doc) ?? lists.map(() => 0);
      entry[index] = (entry[index] ?? 0) + weight / (k + rank + 1);
      shares.set(hit.doc, entry);
    });
  });
  return [...shares.entries()]
    .map(([doc, parts]) => ({ doc, score: parts.reduce((sum, part) => sum + part, 0), reasons: { lexical: parts[0] ?? 0, vector: parts[1] ?? 0 } }))
    .sort((p, q) => q.score - p.score || p.doc - q.doc);
}
