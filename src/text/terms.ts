/**
 * Index terms for lexical search. Each text yields four kinds of terms, kept apart by prefix:
 * exact syllables (s:), exact syllable bigrams (b:), and their diacritic-folded forms (f:, g:),
 * so that "thoi han thanh tra" finds "thời hạn thanh tra" while exact matches still weigh more.
 */
import { bigrams, foldDiacritics, syllables } from './vietnamese.js';

export function termsOf(text: string): Map<string, number> {
  const tokens = syllables(text);
  return termsOfTokens(tokens);
}

export function termsOfTokens(tokens: readonly string[], weight = 1, into = new Map<string, number>()): Map<string, number> {
  const folded = tokens.map((t) => foldDiacritics(t));
  const add = (term: string): void => {
    into.set(term, (into.get(term) ?? 0) + weight);
  };
  for (const t of tokens) add(`s:${t}`);
  for (const b of bigrams(tokens)) add(`b:${b}`);
  for (const t of folded) add(`f:${t}`);
  for (const b of bigrams(folded)) add(`g:${b}`);
  return into;
}
