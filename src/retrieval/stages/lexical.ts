/**
 * The lexical candidates: BM25 on the unit blended with BM25 on its whole article (a Khoản inherits
 * its article's relevance), plus a prior for the document the question names.
 */
import { topK } from '../../knowledge/bm25.js';
import type { KnowledgeBase } from '../../knowledge/knowledgeBase.js';
import type { QuestionAnalysis } from '../analyze.js';
import type { Candidate } from './types.js';

export interface LexicalSettings {
  articleWeight: number;
}

/**
 * Score of every unit: (1 − w) · unit BM25 / max + w · article BM25 / max. Units not `allowed` score 0.
 * Returns the scores and, per unit, the two parts (for the hits' reasons).
 */
export function blendedScores(analysis: QuestionAnalysis, knowledge: KnowledgeBase, settings: LexicalSettings, allowed?: (doc: number) => boolean): { scores: Float32Array; unitPart: (doc: number) => number; articlePart: (doc: number) => number } {
  const units = knowledge.bm25.scoreAll(analysis.lexicalQuery, allowed);
  const weight = settings.articleWeight;
  if (weight <= 0) {
    const own = Float32Array.from(units);
    return { scores: units, unitPart: (doc) => own[doc] as number, articlePart: () => 0 };
  }
  const articles = knowledge.articleBm25.scoreAll(analysis.lexicalQuery);
  let unitMax = 0;
  let articleMax = 0;
  for (const score of units) unitMax = Math.max(unitMax, score);
  for (const score of articles) articleMax = Math.max(articleMax, score);
  const map = knowledge.unitToArticle;
  const unitShare = new Float32Array(units.length);
  for (let doc = 0; doc < units.length; doc++) {
    const unitScore = unitMax > 0 ? (units[doc] as number) / unitMax : 0;
    const articleScore = articleMax > 0 ? (articles[map[doc] as number] as number) / articleMax : 0;
    const isAllowed = !allowed || allowed(doc);
    unitShare[doc] = isAllowed ? (1 - weight) * unitScore : 0;
    units[doc] = isAllowed ? (1 - weight) * unitScore + weight * articleScore : 0;
  }
  return { scores: units, unitPart: (doc) => unitShare[doc] as number, articlePart: (doc) => (units[doc] as number) - (unitShare[doc] as number) };
}

/** Adds a per-document bonus to every unit that already matched (score > 0); returns the bonus per unit. */
export function addDocumentPrior(scores: Float32Array, prior: Float64Array | undefined, unitDocument: Int32Array): (doc: number) => number {
  if (!prior) return () => 0;
  for (let doc = 0; doc < scores.length; doc++) {
    if ((scores[doc] as number) > 0) scores[doc] = (scores[doc] as number) + (prior[unitDocument[doc] as number] as number);
  }
  return (doc) => ((scores[doc] as number) > 0 ? (prior[unitDocument[doc] as number] as number) : 0);
}

/** The best `depth` units of a score array, with the reasons each score is made of. */
export function candidatesOf(
  scores: Float32Array,
  depth: number,
  parts: { unitPart: (doc: number) => number; articlePart: (doc: number) => number; prior: (doc: number) => number },
): Candidate[] {
  return topK(scores, depth).map(({ doc, score }) => {
    const prior = parts.prior(doc);
    return { doc, score, reasons: { bm25Unit: parts.unitPart(doc), bm25Article: parts.articlePart(doc), ...(prior ? { documentPrior: prior } : {}) } };
  });
}
