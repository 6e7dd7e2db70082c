/**
 * Query processing for lexical search: conversational wrapping is dropped, and the term kinds are
 * weighted by what the question looks like. A question typed without diacritics is matched on the
 * folded forms only; one with diacritics mostly on exact forms, a little on folded ones (OCR damage).
 */
import { wrappingMask } from '../text/conversational.js';
import { termsOfTokens } from '../text/terms.js';
import { hasDiacritics, syllables } from '../text/vietnamese.js';

export interface QueryWeights {
  exact: number;
  exactBigram: number;
  folded: number;
  foldedBigram: number;
}

export const DEFAULT_QUERY_WEIGHTS: QueryWeights = { exact: 1, exactBigram: 1, folded: 0.15, foldedBigram: 0.15 };

export function legalContent(question: string): string[] {
  const tokens = syllables(question);
  const mask = wrappingMask(tokens);
  const kept = tokens.filter((_, index) => !mask[index]);
  return kept.length > 0 ? kept : tokens;
}

export function lexicalQuery(question: string, weights: QueryWeights = DEFAULT_QUERY_WEIGHTS): Map<string, number> {
  const tokens = legalContent(question);
  const accented = hasDiacritics(question);
  const raw = termsOfTokens(tokens);
  const query = new Map<string, number>();
  for (const [term, count] of raw) {
    const kind = term.slice(0, 1);
    const weight = accented
      ? kind === 's' ? weights.exact : kind === 'b' ? weights.exactBigram : kind === 'f' ? weights.folded : weights.foldedBigram
      : kind === 'f' ? 1 : kind === 'g' ? 1 : 0;
    if (weight > 0) query.set(term, weight * count);
  }
  return query;
}
