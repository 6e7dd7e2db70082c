/** How telling a (folded) term is in this corpus: its IDF, with the words every legal text carries weighing a quarter. */
import type { KnowledgeBase } from '../knowledge/knowledgeBase.js';
import { GENERIC_LEGAL_TERMS } from '../text/coverage.js';

export function termWeights(knowledge: KnowledgeBase): (term: string) => number {
  const cache = new Map<string, number>();
  return (term) => {
    let weight = cache.get(term);
    if (weight === undefined) {
      weight = Math.max(0.1, knowledge.bm25.idf(`f:${term}`)) * (GENERIC_LEGAL_TERMS.has(term) ? 0.25 : 1);
      cache.set(term, weight);
    }
    return weight;
  };
}
