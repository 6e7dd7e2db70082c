/**
 * How much of a question a piece of text covers: its terms and its phrases (adjacent pairs), weighted
 * by how telling each term is, with the law's wordings read as questions ask them ("không quá" =
 * "tối đa"); and the quotable spans of a text (lines, then sentences).
 */
import { withAskedEquivalents } from './intents.js';
import { foldDiacritics, syllables } from './vietnamese.js';

export interface Span {
  start: number;
  end: number;
  text: string;
}

/** Lines (Điểm, paragraphs) and the sentences inside long lines, as exact spans of `text`. */
export function quotableSpans(text: string): Span[] {
  const spans: Span[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    const trimmed = line.trim();
    if (trimmed.length < 3) continue;
    const lineStart = start + line.indexOf(trimmed);
    if (trimmed.length <= 320) {
      spans.push({ start: lineStart, end: lineStart + trimmed.length, text: trimmed });
      continue;
    }
    const pattern = /[^.;!?]+(?:[.;!?]+|$)/gu;
    for (const match of trimmed.matchAll(pattern)) {
      const piece = match[0];
      const inner = piece.trim();
      if (inner.length < 3) continue;
      const s = lineStart + (match.index ?? 0) + piece.indexOf(inner);
      spans.push({ start: s, end: s + inner.length, text: inner });
    }
  }
  return spans;
}

/** Words every legal question and provision carries; they say little about which provision answers. */
export const GENERIC_LEGAL_TERMS: ReadonlySet<string> = new Set(['quy', 'dinh', 'sai', 'dung', 'phap', 'luat', 'hien', 'hanh', 'viec']);

export interface Coverage {
  /** Weighted share of the question's single terms found. */
  terms: number;
  /** Weighted share of its adjacent pairs found as pairs: phrases, not scattered words. */
  pairs: number;
}

/** Texts already folded: provisions are read again and again (every question that finds them), questions once. */
const FOLDED = new Map<string, string>();
/** Enough for every unit and act of a large corpus; past it the oldest are forgotten. */
const FOLDED_LIMIT = 60_000;

/** A text's syllables folded, padded with spaces, with the law's wordings read as questions ask them. */
export function foldedForCoverage(text: string): string {
  const known = FOLDED.get(text);
  if (known !== undefined) return known;
  const folded = withAskedEquivalents(` ${syllables(text).map((t) => foldDiacritics(t)).join(' ')} `);
  if (FOLDED.size >= FOLDED_LIMIT) FOLDED.delete(FOLDED.keys().next().value as string);
  FOLDED.set(text, folded);
  return folded;
}

/** How much of the question's terms, and of its phrases, a span contains (`folded`: the span already folded). */
export function coverage(terms: readonly string[], span: string, weightOf: (term: string) => number, folded = foldedForCoverage(span)): Coverage {
  let total = 0;
  let found = 0;
  for (const term of terms) {
    const weight = weightOf(term);
    total += weight;
    if (folded.includes(` ${term} `)) found += weight;
  }
  let pairTotal = 0;
  let pairFound = 0;
  for (let i = 0; i + 1 < terms.length; i++) {
    const pair = `${terms[i]} ${terms[i + 1]}`;
    const weight = (weightOf(terms[i] as string) + weightOf(terms[i + 1] as string)) / 2;
    pairTotal += weight;
    if (folded.includes(` ${pair} `)) pairFound += weight;
  }
  return { terms: total > 0 ? found / total : 0, pairs: pairTotal > 0 ? pairFound / pairTotal : total > 0 ? found / total : 0 };
}

/** Weighted share of the question's terms and pairs that a span contains (one number, for ranking spans). */
export function overlapScore(terms: readonly string[], span: string, weightOf: (term: string) => number, folded?: string): number {
  const { terms: single, pairs } = coverage(terms, span, weightOf, folded);
  return (single + pairs) / 2;
}
